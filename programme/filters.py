import django_filters

from programme.models import Pilot


class PilotFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label="Name", lookup_expr="icontains")
    phase = django_filters.ChoiceFilter(choices=Pilot.Phase.choices, empty_label="Any phase")
    strand = django_filters.ChoiceFilter(choices=Pilot.Strand.choices, empty_label="Any strand")

    class Meta:
        model = Pilot
        fields = ["name", "phase", "strand"]
