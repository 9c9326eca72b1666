"""Each role's work queue on its home: what needs this person now, each item a count linking to the list that
holds exactly what was counted.

A fixed number of queries per home, whatever the data (tests/programme/test_home_queues.py asserts it). The one
costly figure, what an officer's council could claim now, is a ClaimableFigure worked out at most once per
programme date (funding/claimable.py) and shown with the time it was worked out.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone

from councils.actions import current_lockouts
from councils.formats import long_date, pounds
from councils.models import Invitation, User
from families.models import CaseUpload, Family
from funding import claimable
from funding.models import Claim, Recovery, SpotCheck
from programme import national
from programme.models import Ask, Membership, Pilot, ProgressReturn, ReportingQuarter


@dataclass
class Item:
    """One line of a queue: `count` things, described by `label`, listed at `url`."""

    label: str
    count: int
    url: str
    detail: str = ""
    rows: list = field(default_factory=list)  # (text, url) for items that list their things on the home


def _url(name: str, *args, **query) -> str:
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _worked_out(at) -> str:
    """When a figure was worked out: the time, and the day too once it is a day old (a real timestamp, so it is
    not called "today", which is the programme date)."""
    at = timezone.localtime(at)
    if timezone.now() - at < timedelta(hours=20):
        return f"worked out at {at:%H:%M}"
    return f"worked out at {at:%H:%M} on {long_date(at.date())}"


def officer(user: User, today: date) -> list[Item]:
    council = user.council
    families = Family.objects.filter(council=council)
    no_key_worker = families.without_key_worker().count()
    stale = families.stale_on(today).count()
    figure = claimable.current(council)
    drafts = list(
        Claim.objects.filter(council=council, status=Claim.Status.DRAFT).order_by("-pk").values("pk", "returned_at")
    )
    returned = [d for d in drafts if d["returned_at"] is not None]
    uploads = list(
        CaseUpload.objects.filter(council=council, uploaded_at__gte=timezone.now() - timedelta(days=1))
        .order_by("-uploaded_at")
        .values("pk", "filename", "uploaded_at")
    )
    items = [
        Item(
            _plural(no_key_worker, "open case has no key worker", "open cases have no key worker"),
            no_key_worker,
            _url("families:list", needs="key_worker"),
        ),
        Item(
            _plural(
                len(figure.family_ids),
                "family has results you can claim now",
                "families have results you can claim now",
            ),
            len(figure.family_ids),
            reverse("funding:claimable"),
            f"{len(figure.lines)} {_plural(len(figure.lines), 'payment', 'payments')} worth {pounds(figure.total)}, "
            f"judged on {long_date(figure.results_on)} ({_worked_out(figure.computed_at)})",
        ),
        Item(
            _plural(stale, "open case has", "open cases have") + " no record in the last six months",
            stale,
            _url("families:list", needs="records"),
        ),
        Item(
            _plural(len(drafts), "draft claim waits", "draft claims wait") + " for your approver's sign-off",
            len(drafts),
            reverse("funding:claim", args=[drafts[0]["pk"]])
            if len(drafts) == 1
            else _url("funding:list", status="draft"),
        ),
        _returned_item(returned),
        Item(
            _plural(len(uploads), "case file is loaded and waits", "case files are loaded and wait")
            + " for you to confirm",
            len(uploads),
            reverse("families:import"),
            rows=[
                (
                    f"{u['filename']}, loaded at {timezone.localtime(u['uploaded_at']):%H:%M}",
                    reverse("families:import_review", args=[u["pk"]]),
                )
                for u in uploads
            ],
        ),
    ]
    return items


def _returned_item(returned: list[dict]) -> Item:
    """Claims central staff returned to the council, not yet submitted again (a subset of its drafts)."""
    return Item(
        _plural(len(returned), "claim was returned to you", "claims were returned to you") + " to correct",
        len(returned),
        reverse("funding:claim", args=[returned[0]["pk"]])
        if len(returned) == 1
        else _url("funding:list", stage="returned"),
        "central staff said why on the claim" if returned else "",
    )


def _returns_outstanding(pilots: list[Pilot], today: date) -> tuple[list, list]:
    """Returns due (the quarter has ended, the due date not passed) and late (past due, none submitted)."""
    quarters = list(ReportingQuarter.objects.filter(ends_on__lt=today))
    submitted = set(ProgressReturn.objects.filter(pilot__in=pilots).values_list("pilot_id", "quarter_id"))
    due, late = [], []
    for pilot in pilots:
        if pilot.status != Pilot.Status.LIVE:
            continue
        for quarter in quarters:
            if quarter.expects_return_from(pilot) and (pilot.pk, quarter.pk) not in submitted:
                (late if quarter.due_on < today else due).append((pilot, quarter))
    return due, late


def _return_rows(outstanding: list) -> list:
    return [
        (
            f"{pilot.name}: {quarter.label}, due by {long_date(quarter.due_on)}",
            _url("programme:return_new", pilot.slug, quarter=quarter.pk),
        )
        for pilot, quarter in outstanding
    ]


def approver(user: User, today: date) -> list[Item]:
    council = user.council
    claims = Claim.objects.filter(council=council, status=Claim.Status.DRAFT)
    drafts = list(claims.order_by("-pk").values("pk", "returned_at"))
    returned = [d for d in drafts if d["returned_at"] is not None]
    pilots = list(Pilot.objects.of_council(council).order_by("name"))
    due, late = _returns_outstanding(pilots, today)
    invitations = (
        Invitation.objects.usable().filter(user__in=User.objects.manageable_by(user)).values("user").distinct().count()
    )
    return [
        Item(
            _plural(len(drafts), "claim waits", "claims wait") + " for your sign-off",
            len(drafts),
            _url("funding:list", status="draft"),
        ),
        _returned_item(returned),
        Item(
            _plural(len(due), "quarterly return is due", "quarterly returns are due"),
            len(due),
            "",
            rows=_return_rows(due),
        ),
        Item(
            _plural(len(late), "quarterly return is late", "quarterly returns are late"),
            len(late),
            "",
            rows=_return_rows(late),
        ),
        Item(
            _plural(invitations, "invitation has", "invitations have") + " not been accepted yet",
            invitations,
            _url("accounts:users", invitation="pending"),
        ),
    ]


def _councils_without_return(today: date) -> tuple[ReportingQuarter | None, list]:
    """The latest quarter that has ended, and the member councils of live pilots with no return for it."""
    quarter = ReportingQuarter.objects.filter(ends_on__lt=today).order_by("-ends_on").first()
    if quarter is None:
        return None, []
    pilots = Pilot.objects.filter(status=Pilot.Status.LIVE, started_on__lte=quarter.ends_on).exclude(
        returns__quarter=quarter
    )
    councils = (
        Membership.objects.filter(pilot__in=pilots)
        .values_list("council__name", "council__gss_code")
        .distinct()
        .order_by("council__name")
    )
    return quarter, list(councils)


def central(user: User, today: date) -> list[Item]:
    claims = Claim.objects.all()
    review = claims.awaiting_review(today)
    counts = review.aggregate(n=Count("pk", distinct=True))
    checks = SpotCheck.objects.filter(outcome=SpotCheck.Outcome.PENDING, claim__in=review)
    check_counts = checks.aggregate(n=Count("pk"), claims=Count("claim", distinct=True))
    approved = claims.filter(status=Claim.Status.APPROVED).count()
    recoveries = Recovery.objects.filter(recovered_in__isnull=True).aggregate(
        n=Count("pk"), total=Sum("amount", default=0)
    )
    unreviewed = ProgressReturn.objects.filter(reviewed_at__isnull=True).count()
    raised = Ask.objects.filter(status=Ask.Status.RAISED).count()
    # As the national picture counts them, on the same date, so the two pages agree.
    late = national.late_returns(national.national_scope(), national.default_as_of())
    late_count = sum(len(r.late) + len(r.missing) for r in late)
    quarter, without = _councils_without_return(today)
    return [
        Item(
            _plural(counts["n"], "claim waits", "claims wait") + " for review",
            counts["n"],
            _url("funding:list", stage="review"),
        ),
        Item(
            _plural(check_counts["n"], "spot check waits", "spot checks wait") + " to be recorded",
            check_counts["n"],
            _url("funding:list", stage="checks"),
            f"in {check_counts['claims']} {_plural(check_counts['claims'], 'claim', 'claims')}"
            if check_counts["n"]
            else "",
        ),
        Item(
            _plural(approved, "approved claim waits", "approved claims wait") + " for payment",
            approved,
            _url("funding:list", status="approved"),
        ),
        Item(
            _plural(recoveries["n"], "recovery is", "recoveries are") + " raised and not yet recovered",
            recoveries["n"],
            _url("funding:list", stage="recovery"),
            f"{pounds(recoveries['total'])} to take from councils' next payments",
        ),
        Item(
            _plural(unreviewed, "quarterly return waits", "quarterly returns wait") + " for review",
            unreviewed,
            _url("all_returns", reviewed="no"),
        ),
        Item(
            _plural(raised, "ask of Whitehall is", "asks of Whitehall are") + " raised and not answered",
            raised,
            _url("all_asks", status="raised"),
        ),
        Item(
            _plural(late_count, "quarterly return is", "quarterly returns are") + " late or missing",
            late_count,
            reverse("national"),
        ),
        Item(
            _plural(len(without), "council has", "councils have")
            + (f" no return for {quarter.label}" if quarter else " no return this quarter"),
            len(without),
            "",
            rows=[(name, reverse("councils:detail", args=[code])) for name, code in without],
        ),
    ]


def admin(user: User, today: date) -> list[Item]:
    locked = len(current_lockouts()["accounts"])
    invitations = Invitation.objects.usable().values("user").distinct().count()
    return [
        Item(_plural(locked, "account is", "accounts are") + " locked out", locked, reverse("accounts:lockouts")),
        Item(
            _plural(invitations, "invitation has", "invitations have") + " not been accepted yet",
            invitations,
            _url("accounts:users", invitation="pending"),
        ),
    ]


def for_user(user: User, today: date) -> list[Item]:
    if user.prepares_claims:
        return officer(user, today)
    if user.signs_off:
        return approver(user, today)
    if user.reviews_claims:
        return central(user, today)
    return admin(user, today)
