"""What a council could claim now: worked out by funding.results, kept as a ClaimableFigure for the officer's home.

The figure is worked out by the worker each night for the new day (programme/tasks.py), when an officer asks for
it (or opens the home on a day with none yet), and again when a draft claim is prepared or discarded; it says when
it was worked out, because records entered since can change it."""

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


def after_draft(council: Council, results_on: date) -> ClaimableFigure:
    """The figure once a draft is prepared. A draft for today's results holds every line claimable today, and
    its lines count as claimed: nothing is left to claim today (tests/funding/test_claimable_figure.py checks it
    against the rules), so the figure is written without judging every family again. A draft for an earlier
    date leaves what only today's results earn: worked out."""
    today = programme_today()
    if results_on != today:
        return work_out(council, today)
    figure, _ = ClaimableFigure.objects.update_or_create(
        council=council, defaults={"results_on": today, "lines": [], "computed_at": timezone.now()}
    )
    return figure


def current(council: Council) -> ClaimableFigure:
    """The council's figure for today's programme date, worked out if there is none yet."""
    figure = ClaimableFigure.objects.filter(council=council).first()
    if figure is None or figure.results_on != programme_today():
        figure = work_out(council)
    return figure
