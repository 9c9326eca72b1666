import django_filters

from councils.forms import GovukForm
from councils.models import Invitation, SignInEvent, User


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
