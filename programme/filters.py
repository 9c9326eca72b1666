import django_filters

from councils.forms import GovukForm
from programme.models import Ask, Department, Pilot, ProgressReturn


class PilotFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label="Name", lookup_expr="icontains")
    phase = django_filters.ChoiceFilter(choices=Pilot.Phase.choices, empty_label="Any phase")
    strand = django_filters.ChoiceFilter(choices=Pilot.Strand.choices, empty_label="Any strand")

    class Meta:
        model = Pilot
        form = GovukForm  # its messages in the users' words, like every form's
        fields = ["name", "phase", "strand"]


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
