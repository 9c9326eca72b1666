"""Demo claims for `seed_demo`: a claim window, and claims of Birmingham (E08000025) in several states.

Runs after councils.demo (the demo users) and families.demo (Birmingham's families). Everything goes through
funding.actions, as it would for real users. Idempotent: when Birmingham already has claims it adds nothing;
without families or demo users it only says so.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from councils.access import Refused
from councils.calendar import programme_today
from councils.models import Council, User
from funding import actions
from funding.models import Claim, ClaimEvent, ClaimLine, ClaimWindow, Recovery, SpotCheck

COUNCIL = "E08000025"
SAMPLE_SEED = 20130401  # recorded on the claim: anyone can draw the same sample again
# A claim in each state a user meets (those whose results date is after the programme date are skipped).
STAGES = [
    (date(2013, 3, 31), "paid"),
    (date(2013, 6, 30), "approved"),
    (date(2013, 9, 30), "submitted"),
    (date(2014, 3, 31), "draft"),
]


def seed(stdout) -> None:
    central = User.objects.filter(username="central", role=User.Role.CENTRAL).first()
    senior = User.objects.filter(username="central.senior", role=User.Role.CENTRAL).first()
    officer = User.objects.filter(username="officer", role=User.Role.OFFICER, council__gss_code=COUNCIL).first()
    approver = User.objects.filter(username="approver", role=User.Role.APPROVER, council__gss_code=COUNCIL).first()
    council = Council.objects.filter(gss_code=COUNCIL).first()
    if not (central and senior and officer and approver and council):
        stdout.write("Funding demo: the demo users or Birmingham are missing; no claims added.")
        return
    today = programme_today()
    if not ClaimWindow.objects.open_on(today).exists():
        try:
            actions.open_window(central, today - timedelta(days=7), today + timedelta(days=30))
        except Refused as error:
            stdout.write(f"Funding demo: no claim window opened ({error})")
    if not council.families.exists():
        stdout.write("Funding demo: Birmingham has no families yet; only the claim window was added.")
        return
    if Claim.objects.filter(council=council).exists():
        stdout.write("Funding demo: Birmingham already has claims; nothing added.")
        return
    made = []
    for results_on, stage in STAGES:
        if results_on > today:
            continue
        try:
            claim = actions.prepare_claim(officer, results_on)
        except Refused as error:
            stdout.write(f"Funding demo: no claim for {results_on} ({error})")
            continue
        if stage != "draft":
            actions.submit_claim(
                approver,
                claim,
                internal_audit="Helen Marsh",
                coordinator="Daniel Osei",
                declared=True,
            )
        if stage in ("paid", "approved"):
            _review(central, senior, claim)
        if stage == "paid":
            actions.pay_claim(central, claim, reference=f"TF-{results_on:%Y-%m}-DEMO")
            _recover_one(central, claim)
        _stamp_dates(claim, today)
        made.append(f"#{claim.pk} ({stage}, results as of {results_on})")
    stdout.write("Funding demo: Birmingham claims " + (", ".join(made) or "none: nothing claimable"))


def _review(central: User, senior: User, claim: Claim) -> None:
    """Two people, as the separation of duties asks: `central` checks the sample (and later pays), `senior`
    approves."""
    for check in actions.draw_sample(central, claim, seed=SAMPLE_SEED):
        actions.record_check(central, check, passed=True, notes="Evidence seen on the council's case file")
    # One line rejected, to show a rejection with its reason on the claim and the statement.
    line = claim.lines.filter(status=ClaimLine.Status.PROPOSED).exclude(spot_check__outcome=SpotCheck.Outcome.PASSED)
    line = line.first()
    if line is not None:
        actions.decide_line(central, line, accept=False, reason="Attachment date not supported by the case notes")
    actions.accept_remaining_lines(central, claim)
    actions.approve_claim(senior, claim)


def _recover_one(central: User, claim: Claim) -> None:
    """A paid line found wrong later: rejected after payment, so a recovery waits for the next payment."""
    line = claim.lines.filter(status=ClaimLine.Status.ACCEPTED, payment_type="progress_to_work").first()
    if line is not None:
        actions.decide_line(central, line, accept=False, reason="Referral made before attachment: not a result")


def _stamp_dates(claim: Claim, today: date) -> None:
    """The demo's steps happen inside the programme: each dated days after the claim's results date (never after
    the programme date), not on the real day the demo was built. The timeline's events follow their steps."""

    claim = Claim.objects.get(pk=claim.pk)

    def at(days: int) -> datetime:
        return timezone.make_aware(datetime.combine(min(claim.results_on + timedelta(days=days), today), time(11)))

    stamps = {"prepared_at": at(7)}
    for name, days in (("submitted_at", 14), ("approved_at", 30), ("paid_at", 40)):
        if getattr(claim, name) is not None:
            stamps[name] = at(days)
    Claim.objects.filter(pk=claim.pk).update(**stamps)
    if "paid_at" in stamps:
        claim.lines.filter(paid_at__isnull=False).update(paid_at=stamps["paid_at"])
        Recovery.objects.filter(line__claim=claim).update(raised_at=at(60))
    events = {"Prepared": at(7), "Line removed": at(7), "Submitted": at(14), "Paid": at(40)}
    for event in claim.events.all():
        when = events.get(event.action) or (at(60) if "after payment" in event.action else at(20))
        ClaimEvent.objects.filter(pk=event.pk).update(at=when)
