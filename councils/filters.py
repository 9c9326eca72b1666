import django_filters
from django import forms
from django.db.models import Q

from councils.forms import GovukForm
from councils.models import Council, Invitation, SignInEvent, User
from programme.models import Pilot


def _regions():
    return [(r, r) for r in Council.objects.order_by("region").values_list("region", flat=True).distinct()]


class CouncilFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label="Name or GSS code", method="filter_name")
    kind = django_filters.ChoiceFilter(choices=Council.Kind.choices, empty_label="Any kind")
    region = django_filters.ChoiceFilter(choices=_regions, empty_label="Any region")
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


class SignInEventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="What happened", choices=SignInEvent.Kind.choices, empty_label="Anything")
    username = django_filters.CharFilter(label="Username", lookup_expr="iexact")

    class Meta:
        model = SignInEvent
        form = GovukForm  # its messages in the users' words, like every form's
        fields = ["kind", "username"]


class UserFilter(django_filters.FilterSet):
    invitation = django_filters.ChoiceFilter(
        label="Invitation",
        choices=[("pending", "Sent and not accepted yet")],
        empty_label="Anyone",
        method="filter_invitation",
    )

    class Meta:
        model = User
        form = GovukForm
        fields = ["invitation"]

    def filter_invitation(self, queryset, name, value):
        """Accounts with an invitation still usable (the home's "invitations not accepted yet" counts these)."""
        return queryset.filter(pk__in=Invitation.objects.usable().values("user_id"))
