"""Forms for the plan's parts, asks and returns, with messages in the user's words."""

from django import forms
from django.forms import inlineformset_factory, modelformset_factory

from councils.calendar import is_financial_year_label
from councils.forms import GovukDateField, GovukForm, GovukModelForm
from programme.models import (
    Ask,
    Contribution,
    Department,
    Measure,
    Milestone,
    OutcomeTheme,
    Partner,
    Pilot,
    Plan,
    ProgressReturn,
    Project,
    ReportingQuarter,
)


class PartnershipForm(GovukModelForm):
    message_names = {"partnership": "the partnership", "steering_body": "the steering body"}

    class Meta:
        model = Plan
        fields = ["partnership", "steering_body"]
        widgets = {"partnership": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"partnership": "Who the partners are and how they work together."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pilot.strand != Pilot.Strand.NEIGHBOURHOOD:
            del self.fields["steering_body"]


class ApproachForm(GovukModelForm):
    class Meta:
        model = Plan
        fields = ["approach_to_families"]
        widgets = {"approach_to_families": forms.Textarea(attrs={"rows": 8})}
        help_texts = {"approach_to_families": "How the partners find families, work with them and pay for it."}


class ContributionForm(GovukModelForm):
    class Meta:
        model = Contribution
        fields = ["agency", "kind", "financial_year", "amount"]
        widgets = {"kind": forms.RadioSelect}
        error_messages = {
            "amount": {"required": "Enter the amount in whole pounds", "invalid": "Enter the amount in whole pounds"},
            "agency": {"required": "Enter the partner agency"},
            "kind": {"required": "Select whether the money is pooled or aligned"},
        }

    message_names = {"kind": "whether the money is pooled or aligned"}

    def clean_financial_year(self) -> str:
        value = self.cleaned_data["financial_year"].strip()
        if not is_financial_year_label(value):
            raise forms.ValidationError("Enter the financial year like 2012/13")
        return value


class MeasureForm(GovukModelForm):
    target_on = GovukDateField(label="Target date")

    class Meta:
        model = Measure
        fields = ["name", "theme", "unit", "baseline", "target", "target_on"]
        error_messages = {
            "name": {"required": "Enter the measure"},
            "unit": {"required": "Enter the unit, for example families or %"},
            "baseline": {"required": "Enter the baseline", "invalid": "Enter the baseline as a number"},
            "target": {"required": "Enter the target", "invalid": "Enter the target as a number"},
        }

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = OutcomeTheme.objects.filter(plan=plan)
        self.fields["theme"].empty_label = "No theme"
        if not self.fields["theme"].queryset.exists():
            del self.fields["theme"]


class MilestoneForm(GovukModelForm):
    due_on = GovukDateField(label="Due date")

    class Meta:
        model = Milestone
        fields = ["title", "owner", "due_on", "status"]
        error_messages = {"title": {"required": "Enter the milestone"}, "owner": {"required": "Enter who owns it"}}

    def save(self, commit: bool = True):
        milestone = super().save(commit=False)
        if milestone.status != Milestone.Status.DONE:
            milestone.completed_on = None
        elif milestone.completed_on is None:
            milestone.completed_on = milestone.due_on
        if commit:
            milestone.save()
        return milestone


class ProjectForm(GovukModelForm):
    class Meta:
        model = Project
        fields = ["theme", "name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"name": {"required": "Enter the project's name"}, "theme": {"required": "Select a theme"}}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = OutcomeTheme.objects.filter(plan=plan)


_ROWS = {"extra": 1, "can_delete": True}
PartnerFormSet = inlineformset_factory(Plan, Partner, form=GovukModelForm, fields=["agency", "role"], **_ROWS)
ContributionFormSet = inlineformset_factory(Plan, Contribution, form=ContributionForm, **_ROWS)
ThemeFormSet = inlineformset_factory(Plan, OutcomeTheme, form=GovukModelForm, fields=["name"], **_ROWS)
MeasureFormSet = inlineformset_factory(Plan, Measure, form=MeasureForm, **_ROWS)
MilestoneFormSet = inlineformset_factory(Plan, Milestone, form=MilestoneForm, **_ROWS)
ProjectFormSet = modelformset_factory(Project, form=ProjectForm, **_ROWS)


class PublishForm(GovukForm):
    note = forms.CharField(
        label="What changed in this version", max_length=300, required=False, help_text="Optional, for readers."
    )
    message_names = {"note": "the note on what changed"}


class AskForm(GovukModelForm):
    department = forms.ChoiceField(
        choices=[("", "Select a department"), *Department.choices],
        error_messages={"required": "Select the department the ask is for"},
    )

    class Meta:
        model = Ask
        fields = ["department", "request", "reason"]
        widgets = {"request": forms.Textarea(attrs={"rows": 3}), "reason": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"request": {"required": "Enter what is asked"}}

    message_names = {"request": "the ask", "reason": "the reason for the ask"}


class MoveAskForm(GovukForm):
    status = forms.ChoiceField(
        label="Move the ask to", widget=forms.RadioSelect, error_messages={"required": "Select where the ask moves"}
    )
    resolution = forms.CharField(
        label="Resolution",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="When agreeing or declining: what was agreed, or why it was declined.",
    )
    comment = forms.CharField(label="Comment", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    message_names = {"status": "where the ask moves"}

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("status") in Ask.CLOSED and not data.get("resolution", "").strip():
            self.add_error("resolution", "Say what was agreed or why it was declined")
        return data


class CommentForm(GovukForm):
    text = forms.CharField(
        label="Comment", widget=forms.Textarea(attrs={"rows": 4}), error_messages={"required": "Enter a comment"}
    )


class ReturnForm(GovukForm):
    """A quarterly return: RAG rating, narrative, then one status per milestone and one reading per measure."""

    quarter = forms.ModelChoiceField(
        queryset=ReportingQuarter.objects.none(),
        empty_label="Select a quarter",
        error_messages={"required": "Select the quarter the return is for"},
    )
    rag = forms.ChoiceField(
        label="RAG rating",
        choices=ProgressReturn.Rag.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a RAG rating"},
    )
    narrative = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Progress against the plan this quarter, and what stands in the way.",
        error_messages={"required": "Enter the narrative"},
    )

    def __init__(self, *args, pilot: Pilot, quarters, milestones, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].queryset = quarters
        self.milestones, self.measures = list(milestones), list(measures)
        for m in self.milestones:
            self.fields[f"milestone_{m.pk}"] = forms.ChoiceField(
                label=f"{m.title} (due {m.due_on:%d/%m/%Y})", choices=Milestone.Status.choices, initial=m.status
            )
            self.fields[f"milestone_{m.pk}"].message_name = f"the status of {m.title}"
            self.fields[f"milestone_{m.pk}_note"] = forms.CharField(
                label=f"Note on {m.title}", required=False, max_length=500
            )
        for m in self.measures:
            self.fields[f"measure_{m.pk}"] = forms.DecimalField(
                label=f"{m.name} ({m.unit})",
                required=False,
                max_digits=12,
                decimal_places=2,
                help_text=f"Baseline {m.baseline:g}, target {m.target:g}. Leave blank if not measured this quarter.",
                error_messages={"invalid": f"Enter {m.name} as a number"},
            )

    def milestone_fields(self):
        return [(self[f"milestone_{m.pk}"], self[f"milestone_{m.pk}_note"]) for m in self.milestones]

    def measure_fields(self):
        return [self[f"measure_{m.pk}"] for m in self.measures]

    def milestone_updates(self) -> list:
        return [
            (m, self.cleaned_data[f"milestone_{m.pk}"], self.cleaned_data[f"milestone_{m.pk}_note"])
            for m in self.milestones
        ]

    def readings(self) -> list:
        return [(m, self.cleaned_data[f"measure_{m.pk}"]) for m in self.measures]
