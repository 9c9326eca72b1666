import django_filters
from django.db.models import Q

from councils.calendar import financial_year_label, programme_today
from councils.forms import GovukForm
from councils.models import User
from families.models import Family

FINANCIAL_YEARS = [(str(year), financial_year_label(year)) for year in range(2011, 2016)]
CRITERIA = [
    ("three", "Three or more"),
    ("fewer", "Fewer than three"),
    ("crime_asb", "Crime or anti-social behaviour"),
    ("education", "Education"),
    ("work", "Out-of-work benefits"),
    ("local", "Local factor"),
]

# What a case is waiting for (the officer's work queue links here): no key worker; no record for six months.
NEEDS = [("key_worker", "A key worker"), ("records", "A record in the last six months")]


def _key_workers(request):
    user = getattr(request, "user", None)
    if user is None or not user.works_for_council:
        return User.objects.none()
    return User.objects.of_council(user.council).order_by("last_name", "first_name", "username")


class FamilyFilter(django_filters.FilterSet):
    reference = django_filters.CharFilter(label="Case reference", lookup_expr="icontains")
    status = django_filters.ChoiceFilter(
        label="Status", choices=Family.Status.choices, empty_label="Any status", method="filter_status"
    )
    criteria = django_filters.ChoiceFilter(
        label="Criteria", choices=CRITERIA, empty_label="Any", method="filter_criteria"
    )
    key_worker = django_filters.ModelChoiceFilter(label="Key worker", queryset=_key_workers, empty_label="Anyone")
    needs = django_filters.ChoiceFilter(
        label="Needs",
        choices=NEEDS,
        empty_label="Anything",
        method="filter_needs",
    )
    attached_year = django_filters.ChoiceFilter(
        label="Attached in", choices=FINANCIAL_YEARS, empty_label="Any year", method="filter_attached_year"
    )

    class Meta:
        model = Family
        form = GovukForm  # its messages in the users' words, like every form's
        fields = ["reference", "status", "criteria", "key_worker", "needs", "attached_year"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if user is None or not user.works_for_council:
            # Across every council the list of key workers would run to thousands: officers' lists only.
            del self.filters["key_worker"]

    def filter_status(self, queryset, name, value):
        return queryset.with_status(value)

    def filter_criteria(self, queryset, name, value):
        if value == "three":
            return queryset.troubled()
        if value == "fewer":
            return queryset.not_troubled()
        if value == "local":
            return queryset.filter(~Q(local_discretion=""))
        return queryset.filter(**{value: True})

    def filter_attached_year(self, queryset, name, value):
        return queryset.attached_in_financial_year(int(value))

    def filter_needs(self, queryset, name, value):
        if value == "key_worker":
            return queryset.without_key_worker()
        return queryset.stale_on(programme_today())
