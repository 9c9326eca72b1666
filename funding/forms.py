from datetime import date
from decimal import Decimal

from django import forms

from councils.calendar import programme_today
from councils.forms import GovukDateField, GovukForm


class PrepareClaimForm(GovukForm):
    results_on = GovukDateField(
        label="Results as of", help_text="The date the families' results are judged on, for example 31 3 2013."
    )
    message_names = {"results_on": "the date the results are judged on"}

    def clean_results_on(self) -> date:
        day = self.cleaned_data["results_on"]
        if day > programme_today():
            raise forms.ValidationError("The date the results are judged on must be today or in the past")
        return day


class RemoveLineForm(GovukForm):
    reason = forms.CharField(
        label="Why is this line removed?", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    message_names = {"reason": "the reason the line is removed"}


class SubmitClaimForm(GovukForm):
    internal_audit = forms.CharField(label="Signed off for internal audit by", max_length=200)
    coordinator = forms.CharField(label="Signed off by the troubled families coordinator", max_length=200)
    declared = forms.BooleanField(
        label="I declare that every family in this claim meets the criteria and has achieved the results claimed, "
        "that the evidence is held on file, and that no payment in it has been claimed before",
        error_messages={"required": "Confirm the declaration to submit the claim"},
    )
    message_names = {
        "internal_audit": "the name of who signed off for internal audit",
        "coordinator": "the name of the troubled families coordinator who signed off",
    }


class DecideLineForm(GovukForm):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("accept", "Accept"), ("reject", "Reject")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose accept or reject"},
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when rejecting.",
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why the line is rejected")
        return data


class SampleForm(GovukForm):
    rate = forms.DecimalField(
        label="Share of lines to check (%)",
        initial=Decimal("5"),
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
        decimal_places=2,
        help_text="Before the council's weighting. At least one line is always drawn.",
    )
    message_names = {"rate": "the share of lines to check"}


class CheckForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[("passed", "Passed"), ("failed", "Failed")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose passed or failed"},
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "failed" and not (data.get("notes") or "").strip():
            self.add_error("notes", "Say what the check found")
        return data


class ReturnClaimForm(GovukForm):
    reason = forms.CharField(
        label="Why is the claim returned to the council?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The council's approvers are e-mailed this and see it on the claim.",
    )
    message_names = {"reason": "the reason the claim is returned"}


class PayForm(GovukForm):
    reference = forms.CharField(label="Payment reference", max_length=60)


class WindowForm(GovukForm):
    opens_on = GovukDateField(label="Opens on")
    closes_on = GovukDateField(label="Closes on")
    message_names = {"opens_on": "the date the window opens", "closes_on": "the date the window closes"}

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", "The closing date must be on or after the opening date")
        return data


class AsOfForm(GovukForm):
    on = GovukDateField(label="Results as of", required=False, help_text="For example, 31 3 2013.")
    message_names = {"on": "the date the results are judged on"}
