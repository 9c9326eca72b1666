import django_filters
from django.db.models import Exists, OuterRef

from councils.calendar import programme_today
from councils.forms import GovukForm
from councils.models import Council
from funding.models import Claim, ClaimLine, PaymentType, Recovery, SpotCheck

RETURNED = ("returned", "The council to correct it (returned)")


class ClaimFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Claim.Status.choices, empty_label="Any status")
    council = django_filters.ModelChoiceFilter(
        queryset=Council.objects.order_by("name"), to_field_name="gss_code", empty_label="Any council"
    )

    stage = django_filters.ChoiceFilter(
        label="Waiting for",
        choices=[
            ("review", "Review (its window is open)"),
            ("checks", "Spot checks to be recorded"),
            ("recovery", "A recovery from the council"),
            RETURNED,
        ],
        empty_label="Anything",
        method="filter_stage",
    )

    class Meta:
        model = Claim
        form = GovukForm  # its messages in the users' words, like every form's
        fields = ["status", "stage", "council"]

    def filter_stage(self, queryset, name, value):
        """The work queues' items (programme/queues.py counts exactly these)."""
        if value == "returned":
            return queryset.returned_to_council()
        review = queryset.awaiting_review(programme_today())
        if value == "review":
            return review
        # Exists, not a join and DISTINCT: each claim once, without first making a row per check or line.
        if value == "checks":
            pending = SpotCheck.objects.filter(claim=OuterRef("pk"), outcome=SpotCheck.Outcome.PENDING)
            return review.filter(Exists(pending))
        owed = Recovery.objects.filter(line__claim=OuterRef("pk"), recovered_in__isnull=True)
        return queryset.filter(Exists(owed))

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None and request.user.works_for_council:
            del self.filters["council"]
            self.filters["stage"].extra["choices"] = [RETURNED]  # the council's own queue item


class ClaimLineFilter(django_filters.FilterSet):
    family = django_filters.CharFilter(field_name="family_reference", label="Family reference", lookup_expr="icontains")
    payment_type = django_filters.ChoiceFilter(choices=PaymentType.choices, empty_label="Any payment")
    status = django_filters.ChoiceFilter(choices=ClaimLine.Status.choices, empty_label="Any status")

    class Meta:
        model = ClaimLine
        form = GovukForm  # its messages in the users' words, like every form's
        fields = ["family", "payment_type", "status"]
