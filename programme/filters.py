import django_filters

from councils.forms import GovukForm
from programme.models import Ask, Pilot
from programme.models_plan import Department


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
