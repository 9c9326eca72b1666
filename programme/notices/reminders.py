"""The date-driven reminders, judged on the programme date (councils/calendar.py) by a daily task.

    a quarterly return due in 7 days      the approvers of the pilot's member councils, while none is submitted
    a quarterly return overdue            the same people, on the day after its due date, if still none
    a claim window opening in 3 days      every council's approvers and officers (officers prepare the claims)
    a claim window closing in 3 days      the same people, unless central staff closed it already

Each is judged on one day only, so a reminder is never sent the day before or after; the key names the return or
the window and the date it is about, so re-running a day sends nothing twice (notices/send.py).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse

from councils.formats import long_date
from councils.models import Council, User
from funding.models import ClaimWindow
from programme.models import Pilot, ProgressReturn, ReportingQuarter
from programme.notices.models import Notice
from programme.notices.send import absolute_url, council_people, notify

RETURN_DUE_DAYS = 7
WINDOW_DAYS = 3
CLAIM_ROLES = (User.Role.APPROVER, User.Role.OFFICER)


@dataclass
class Sent:
    return_due: int = 0
    return_overdue: int = 0
    window_opening: int = 0
    window_closing: int = 0

    def __str__(self) -> str:
        return (
            f"{self.return_due} return due, {self.return_overdue} return overdue, "
            f"{self.window_opening} window opening, {self.window_closing} window closing"
        )


def _returns_outstanding(quarter: ReportingQuarter) -> list[Pilot]:
    """Live pilots that owe a return for this quarter and have not submitted it."""
    submitted = set(ProgressReturn.objects.filter(quarter=quarter).values_list("pilot_id", flat=True))
    pilots = Pilot.objects.filter(status=Pilot.Status.LIVE).prefetch_related("memberships").order_by("name")
    return [p for p in pilots if quarter.expects_return_from(p) and p.pk not in submitted]


def _return_reminders(kind: str, due_on: date, today: date) -> int:
    queued = 0
    for quarter in ReportingQuarter.objects.filter(due_on=due_on):
        for pilot in _returns_outstanding(quarter):
            context = {
                "pilot": pilot,
                "quarter": quarter,
                "due_on": long_date(quarter.due_on),
                "link": absolute_url(reverse("programme:return_new", args=[pilot.slug]) + f"?quarter={quarter.pk}"),
            }
            people = council_people(m.council_id for m in pilot.memberships.all())
            queued += notify(
                kind, f"pilot {pilot.pk} quarter {quarter.pk} due {quarter.due_on}", people, context, on=today
            )
    return queued


def _window_reminders(kind: str, windows, today: date) -> int:
    queued = 0
    people = council_people(Council.objects.values_list("pk", flat=True), CLAIM_ROLES)
    for window in windows:
        context = {
            "window": window,
            "opens_on": long_date(window.opens_on),
            "closes_on": long_date(window.closes_on),
            "link": absolute_url(reverse("funding:list")),
        }
        day = window.opens_on if kind == Notice.Kind.WINDOW_OPENING else window.closes_on
        queued += notify(kind, f"window {window.pk} on {day}", people, context, on=today)
    return queued


def send_reminders(today: date) -> Sent:
    """Queue every reminder that falls on `today` (the programme date) and has not been sent."""
    soon = today + timedelta(days=WINDOW_DAYS)
    return Sent(
        return_due=_return_reminders(Notice.Kind.RETURN_DUE, today + timedelta(days=RETURN_DUE_DAYS), today),
        return_overdue=_return_reminders(Notice.Kind.RETURN_OVERDUE, today - timedelta(days=1), today),
        window_opening=_window_reminders(
            Notice.Kind.WINDOW_OPENING, ClaimWindow.objects.filter(opens_on=soon).order_by("pk"), today
        ),
        window_closing=_window_reminders(
            Notice.Kind.WINDOW_CLOSING,
            ClaimWindow.objects.filter(closes_on=soon, closed_at__isnull=True, opens_on__lte=soon).order_by("pk"),
            today,
        ),
    )
