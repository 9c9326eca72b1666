from datetime import date
from decimal import Decimal

from django import forms

from councils.calendar import programme_today
from councils.forms import GovukDateField


class PrepareClaimForm(forms.Form):
    results_on = GovukDateField(
        label="Results as of", help_text="The date the families' results are judged on, for example 31 3 2013."
    )

    def clean_results_on(self) -> date:
        day = self.cleaned_data["results_on"]
        if day > programme_today():
            raise forms.ValidationError("The date must be today or in the past")
        return day


class RemoveLineForm(forms.Form):
    reason = forms.CharField(
        label="Why is this line removed?", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class SubmitClaimForm(forms.Form):
    internal_audit = forms.CharField(label="Signed off for internal audit by", max_length=200)
    coordinator = forms.CharField(label="Signed off by the troubled families coordinator", max_length=200)
    declared = forms.BooleanField(
        label="I declare that every family in this claim meets the criteria and has achieved the results claimed, "
        "that the evidence is held on file, and that no payment in it has been claimed before",
        error_messages={"required": "Confirm the declaration to submit the claim"},
    )


class DecideLineForm(forms.Form):
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


class SampleForm(forms.Form):
    rate = forms.DecimalField(
        label="Share of lines to check (%)",
        initial=Decimal("5"),
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
        decimal_places=2,
        help_text="Before the council's weighting. At least one line is always drawn.",
    )


class CheckForm(forms.Form):
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


class PayForm(forms.Form):
    reference = forms.CharField(label="Payment reference", max_length=60)


class WindowForm(forms.Form):
    opens_on = GovukDateField(label="Opens on")
    closes_on = GovukDateField(label="Closes on")

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", "The closing date must be on or after the opening date")
        return data


class AsOfForm(forms.Form):
    on = forms.DateField(
        label="Results as of",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date like 2013-03-31"},
    )
