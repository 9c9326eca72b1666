import django_filters
from django import forms
from django.db.models import Q

from councils.forms import GovukForm
from councils.models import Council
from programme.models import Ask, Department, Pilot, ProgressReturn


class PilotFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label="Name", lookup_expr="icontains")
    phase = django_filters.ChoiceFilter(choices=Pilot.Phase.choices, empty_label="Any phase")
    strand = django_filters.ChoiceFilter(choices=Pilot.Strand.choices, empty_label="Any strand")

    class Meta:
        model = Pilot
        form = GovukForm  # its messages in the users' words, like every form's
        fields = ["name", "phase", "strand"]


class CouncilFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label="Name or GSS code", method="filter_name")
    kind = django_filters.ChoiceFilter(choices=Council.Kind.choices, empty_label="Any kind")
    region = django_filters.ChoiceFilter(choices=Council.region_choices, empty_label="Any region")
    pilot = django_filters.ChoiceFilter(
        label="Pilot membership",
        empty_label="Any",
        method="filter_pilot",
        choices=[
            ("any", "In any pilot"),
            ("none", "In no pilot"),
            *[(f"strand:{value}", f"{label} pilot") for value, label in Pilot.Strand.choices],
        ],
    )
    has_estimate = django_filters.BooleanFilter(
        label="Troubled-families estimate known",
        field_name="troubled_families_estimate",
        lookup_expr="isnull",
        exclude=True,
        widget=forms.Select(choices=[("", "Any"), ("true", "Known"), ("false", "Not known")]),
    )

    class Meta:
        model = Council
        form = GovukForm  # its messages in the users' words, like every form's
        fields = ["name", "kind", "region", "pilot", "has_estimate"]

    def filter_name(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(gss_code__iexact=value.strip()))

    def filter_pilot(self, queryset, name, value):
        if value == "any":
            return queryset.filter(pilots__isnull=False).distinct()
        if value == "none":
            return queryset.filter(pilots__isnull=True)
        strand = value.removeprefix("strand:")
        return queryset.filter(pilots__strand=strand).distinct()


class AskFilter(django_filters.FilterSet):
    department = django_filters.ChoiceFilter(choices=Department.choices, empty_label="Any department")
    status = django_filters.ChoiceFilter(choices=Ask.Status.choices, empty_label="Any status")

    class Meta:
        model = Ask
        form = GovukForm  # its messages in the users' words, like every form's
        fields = ["department", "status"]


class AllAsksFilter(AskFilter):
    """Every pilot's asks (central staff's list): by department, status and pilot."""

    pilot = django_filters.ModelChoiceFilter(
        field_name="plan__pilot", queryset=Pilot.objects.order_by("name"), to_field_name="slug", empty_label="Any pilot"
    )

    class Meta:
        model = Ask
        form = GovukForm
        fields = ["department", "status", "pilot"]


class ReturnFilter(django_filters.FilterSet):
    reviewed = django_filters.ChoiceFilter(
        label="Reviewed",
        choices=[("no", "Not reviewed yet"), ("yes", "Reviewed")],
        empty_label="Either",
        method="filter_reviewed",
    )
    rag = django_filters.ChoiceFilter(label="RAG rating", choices=ProgressReturn.Rag.choices, empty_label="Any")
    pilot = django_filters.ModelChoiceFilter(
        queryset=Pilot.objects.order_by("name"), to_field_name="slug", empty_label="Any pilot"
    )

    class Meta:
        model = ProgressReturn
        form = GovukForm
        fields = ["reviewed", "rag", "pilot"]

    def filter_reviewed(self, queryset, name, value):
        return queryset.filter(reviewed_at__isnull=(value == "no"))
