"""What a council could claim now: worked out by funding.results, kept as a ClaimableFigure for the officer's home.

The figure is worked out when an officer asks for it (or opens the home on a new day), and again when a draft
claim is prepared or discarded; it says when it was worked out, because records entered since can change it."""

from datetime import date

from django.utils import timezone

from councils.calendar import programme_today
from councils.models import Council
from funding.models import ClaimableFigure
from funding.results import claimable_lines


def work_out(council: Council, on: date | None = None) -> ClaimableFigure:
    on = on or programme_today()
    lines = [[family.pk, family.reference, d.payment_type, d.amount] for family, d in claimable_lines(council, on)]
    figure, _ = ClaimableFigure.objects.update_or_create(
        council=council, defaults={"results_on": on, "lines": lines, "computed_at": timezone.now()}
    )
    return figure


def current(council: Council) -> ClaimableFigure:
    """The council's figure for today's programme date, worked out if there is none yet."""
    figure = ClaimableFigure.objects.filter(council=council).first()
    if figure is None or figure.results_on != programme_today():
        figure = work_out(council)
    return figure
