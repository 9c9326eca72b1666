import django_filters

from councils.forms import GovukForm
from councils.models import Council
from funding.models import Claim, ClaimLine, PaymentType


class ClaimFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Claim.Status.choices, empty_label="Any status")
    council = django_filters.ModelChoiceFilter(
        queryset=Council.objects.order_by("name"), to_field_name="gss_code", empty_label="Any council"
    )

    class Meta:
        model = Claim
        form = GovukForm  # its messages in the users' words, like every form's
        fields = ["status", "council"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None and request.user.is_council_user:
            del self.filters["council"]


class ClaimLineFilter(django_filters.FilterSet):
    family = django_filters.CharFilter(
        field_name="family__reference", label="Family reference", lookup_expr="icontains"
    )
    payment_type = django_filters.ChoiceFilter(choices=PaymentType.choices, empty_label="Any payment")
    status = django_filters.ChoiceFilter(choices=ClaimLine.Status.choices, empty_label="Any status")

    class Meta:
        model = ClaimLine
        form = GovukForm  # its messages in the users' words, like every form's
        fields = ["family", "payment_type", "status"]
