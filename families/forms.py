"""The forms officers fill in: a family, and each kind of record. Messages are in the officer's words."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from councils.calendar import programme_today
from councils.forms import GovukDateField, GovukForm, GovukModelForm
from councils.models import User
from families.actions import EDITABLE
from families.containers import MAX_UPLOAD_BYTES, MB
from families.kinds import kind_of
from families.models import Employment, Family, Incident, Person, SchoolTerm, WorkProgrammeReferral


def _not_in_future(form: GovukForm | GovukModelForm, *names: str) -> None:
    today = programme_today()
    for name in names:
        value = form.cleaned_data.get(name)
        if value and value > today:
            form.add_error(name, f"{form.subject(name).Noun} must be today or in the past")


class FamilyForm(GovukModelForm):
    identified_on = GovukDateField(label="Date identified")
    attached_on = GovukDateField(
        label="Date attached (optional)", required=False, help_text="The day work with the family started."
    )
    closed_on = GovukDateField(label="Date closed (optional)", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Family
        fields = EDITABLE
        labels = {
            "reference": "Case reference",
            "crime_asb": "Crime or anti-social behaviour",
            "education": "Education",
            "work": "An adult on out-of-work benefits",
            "local_discretion": "Local factor (optional)",
            "identification_evidence": "Evidence relied on (optional)",
            "key_worker": "Key worker (optional)",
            "closure_reason": "Why the case closed",
        }
        help_texts = {
            "reference": "Your council's own reference for the case, as in your case-management system.",
            "crime_asb": "A child under 18 with a proven offence, or a member with an ASB order, injunction, "
            "contract or housing intervention, in the last 12 months.",
            "education": "A child excluded, in a pupil referral unit, off roll, or with 15% or more unauthorised "
            "absence over the last 3 terms.",
            "closure_reason": "Needed when you give a date closed.",
            "identification_evidence": "For each criterion met, what your council relied on (for example a police "
            "report, a school's records, a Jobcentre Plus referral). The department's reviewers read this: do not "
            "write names or dates of birth.",
        }
        widgets = {
            "local_discretion": forms.TextInput,
            "closure_reason": forms.Textarea(attrs={"rows": 3}),
            "identification_evidence": forms.Textarea(attrs={"rows": 4}),
        }

    EVIDENCE_MAX_LENGTH = 2000

    message_names = {
        "identified_on": "the date the family was identified",
        "attached_on": "the date attached",
        "closed_on": "the date closed",
        "local_discretion": "the local factor",
        "closure_reason": "the reason the case closed",
    }

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council
        self.fields["key_worker"].queryset = User.objects.of_council(council).filter(is_active=True)
        self.fields["key_worker"].empty_label = "No key worker yet"
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"].strip()
        others = Family.objects.filter(council=self.council, reference=reference).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("Your council already has a family with this reference")
        return reference

    def clean_identification_evidence(self) -> str:
        evidence = self.cleaned_data.get("identification_evidence", "").strip()
        if len(evidence) > self.EVIDENCE_MAX_LENGTH:
            raise forms.ValidationError(
                f"Enter the evidence relied on in {self.EVIDENCE_MAX_LENGTH:,} characters or fewer"
            )
        return evidence

    def clean(self) -> dict:
        data = super().clean()
        _not_in_future(self, "identified_on", "attached_on", "closed_on")
        identified, attached, closed = data.get("identified_on"), data.get("attached_on"), data.get("closed_on")
        if identified and attached and attached < identified:
            self.add_error("attached_on", "The date attached must be the same as or after the date identified")
        start = attached or identified
        if start and closed and closed < start:
            self.add_error("closed_on", "The date closed must be the same as or after the date work started")
        if closed and not data.get("closure_reason", "").strip():
            self.add_error("closure_reason", "Enter why the case closed")
        if not closed:
            data["closure_reason"] = ""
        return data

    troubled_rule = Family.TROUBLED_RULE

    @property
    def is_troubled(self) -> bool:
        return Family.troubled_by(self.criteria_met)

    @property
    def criteria_summary(self) -> str:
        return Family.summarise_criteria(self.criteria_met)

    @property
    def criteria_met(self) -> int:
        """The criteria met by what is on the form (as submitted, or as stored)."""
        source = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else None
        if source is None:
            family = self.instance
            return family.criteria_met if family.pk else 0
        return Family.count_criteria(
            source.get("crime_asb"),
            source.get("education"),
            source.get("work"),
            (source.get("local_discretion") or "").strip(),
        )


class PersonForm(GovukModelForm):
    date_of_birth = GovukDateField()

    class Meta:
        model = Person
        fields = ["reference", "role", "date_of_birth", "name"]
        labels = {"reference": "Person reference", "name": "Name (optional)"}
        help_texts = {
            "reference": "Your reference for this person, unique in the family (1, 2... is fine).",
            "name": "Seen only by your council, never by the department.",
        }
        widgets = {"role": forms.RadioSelect}
        error_messages = {
            "reference": {"required": "Enter a reference for the person"},
            "role": {"required": "Select adult or child"},
        }

    message_names = {"name": "the name"}

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.family = family
        self.fields["role"].choices = Person.Role.choices

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"].strip()
        if self.family.people.filter(reference=reference).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Someone in this family already has this reference")
        return reference

    def clean(self) -> dict:
        data = super().clean()
        _not_in_future(self, "date_of_birth")
        return data

    def save(self, commit: bool = True) -> Person:
        self.instance.family = self.family
        return super().save(commit)


def _person_choice(person: Person) -> str:
    """Record forms are the owning council's: they name the person ("Liam Young (C1)"), by reference if unnamed."""
    if person.name:
        return f"{person.name} ({person.reference})"
    return f"Person {person.reference} ({person.get_role_display().lower()})"


class RecordForm(GovukModelForm):
    """A dated record of one household member. Its kind (families/kinds.py) says who it may be about and which of
    its dates may not be in the future, as for the case file."""

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.family = family
        self.record_kind = kind_of(self._meta.model)
        people = family.people.all()
        if self.record_kind.role:
            people = people.filter(role=self.record_kind.role)
        field = self.fields["person"]
        field.queryset = people
        field.label_from_instance = _person_choice
        field.empty_label = None if people.count() == 1 else "Choose a person"
        field.error_messages["required"] = "Choose the person this is about"

    def clean(self) -> dict:
        data = super().clean()
        _not_in_future(self, *self.record_kind.past_dates)
        return data


class SchoolTermForm(RecordForm):
    term_start = GovukDateField(label="First day of term")
    term_end = GovukDateField(label="Last day of term")

    class Meta:
        model = SchoolTerm
        fields = ["person", "term_start", "term_end", "unauthorised_absence_pct", "fixed_exclusions"]
        fields += ["permanently_excluded"]
        labels = {"person": "Child", "unauthorised_absence_pct": "Unauthorised absence (%)"}
        error_messages = {
            "unauthorised_absence_pct": {"required": "Enter the unauthorised absence, from 0 to 100"},
            "fixed_exclusions": {"required": "Enter the number of fixed-term exclusions (0 if none)"},
        }

    message_names = {
        "unauthorised_absence_pct": "unauthorised absence",
        "fixed_exclusions": "the number of fixed-term exclusions",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A percentage: the limits are the field's, so that its messages name them ("... must be 100% or less").
        absence = self.fields["unauthorised_absence_pct"]
        absence.validators[:0] = [MinValueValidator(0), MaxValueValidator(100)]

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end <= start:
            self.add_error("term_end", "The last day of term must be after the first day")
        return data


class IncidentForm(RecordForm):
    occurred_on = GovukDateField(label="Date")

    class Meta:
        model = Incident
        fields = ["person", "kind", "occurred_on"]
        labels = {"person": "Member of the household", "kind": "What happened"}
        widgets = {"kind": forms.RadioSelect}
        error_messages = {"kind": {"required": "Select a proven offence or anti-social behaviour"}}

    message_names = {"occurred_on": "the date it happened"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Incident.Kind.choices


class EmploymentForm(RecordForm):
    started_on = GovukDateField(label="First day in work")
    ended_on = GovukDateField(
        label="Last day in work (optional)", required=False, help_text="Leave blank if still in work."
    )

    class Meta:
        model = Employment
        fields = ["person", "benefit", "started_on", "ended_on"]
        labels = {"person": "Adult", "benefit": "Out-of-work benefit left"}
        widgets = {"benefit": forms.RadioSelect}
        error_messages = {"benefit": {"required": "Select the benefit the adult left"}}

    message_names = {"benefit": "the benefit the adult left"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["benefit"].choices = Employment.Benefit.choices

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("started_on"), data.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", "The last day in work must be the same as or after the first day")
        return data


class ReferralForm(RecordForm):
    referred_on = GovukDateField(label="Date referred")

    class Meta:
        model = WorkProgrammeReferral
        fields = ["person", "provision", "referred_on"]
        labels = {"person": "Adult", "provision": "Referred to"}
        widgets = {"provision": forms.RadioSelect}
        error_messages = {"provision": {"required": "Select the Work Programme or ESF provision"}}

    message_names = {"provision": "the provision the adult was referred to"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provision"].choices = WorkProgrammeReferral.Provision.choices


class UploadForm(GovukForm):
    MAX_BYTES = MAX_UPLOAD_BYTES  # the case file's own limits are in families/containers.py

    file = forms.FileField(
        label="Case file",
        help_text=f"An Excel workbook (.xlsx) or a .zip of CSV files, at most {MAX_UPLOAD_BYTES // MB} MB.",
        error_messages={"required": "Choose a case file to load"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".zip")):
            raise forms.ValidationError("The case file must be an Excel workbook (.xlsx) or a .zip of CSV files")
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(
                f"The case file must be smaller than {self.MAX_BYTES // MB} MB: split it and load it in parts"
            )
        return upload
