"""Central staff's review of a submitted claim: claim windows, a decision on every line, and the spot checks.

A claim is reviewed once its window is open. The spot-check sample is drawn with a recorded seed so the same draw
can be made again; councils whose earlier checks failed are checked more, and lines of families whose
identification the records do not support are drawn first. A failed check rejects its line; rejecting a line
already paid raises a recovery, taken from the council's next payment. A claim in review can be returned to its
council, a draft again, to correct and submit again.
"""

import math
import random
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from councils.access import permit, require
from councils.calendar import programme_today
from councils.formats import count, long_date, pounds
from councils.models import Council, User
from families.evidence import evidence_for
from funding.access import may_review_claims
from funding.actions.common import lock_claim, record_event, require_in_review
from funding.models import Claim, ClaimLine, ClaimWindow, Recovery, SpotCheck
from funding.signals import claim_returned, line_decided

DEFAULT_SAMPLE_RATE = Decimal("5")
MAX_SAMPLE_WEIGHT = Decimal("4")


@transaction.atomic
def open_window(user: User, opens_on: date, closes_on: date) -> ClaimWindow:
    """Central staff open (or plan) a claim window. Claims waiting with no window planned join it."""
    permit(may_review_claims(user), "Only central staff can do this.")
    require(closes_on >= opens_on, "A window closes on or after the day it opens.")
    require(
        not ClaimWindow.objects.filter(opens_on__lte=closes_on, closes_on__gte=opens_on).exists(),
        "This window overlaps another one.",
    )
    window = ClaimWindow.objects.create(opens_on=opens_on, closes_on=closes_on, opened_by=user)
    waiting = Claim.objects.select_for_update().filter(status=Claim.Status.SUBMITTED, window__isnull=True)
    for claim in waiting:
        claim.window = window
        claim.save(update_fields=["window"])
        record_event(claim, user, "Joined a claim window", f"{long_date(opens_on)} to {long_date(closes_on)}")
    return window


@transaction.atomic
def close_window(user: User, window: ClaimWindow) -> ClaimWindow:
    """Central staff close a window early (today). Claims already in it stay in review."""
    permit(may_review_claims(user), "Only central staff can do this.")
    window = ClaimWindow.objects.select_for_update().get(pk=window.pk)
    today = programme_today()
    require(window.closed_at is None and window.closes_on >= today, "This window is already closed.")
    window.closes_on = max(today, window.opens_on)
    window.closed_by, window.closed_at = user, timezone.now()
    window.save()
    return window


@transaction.atomic
def decide_line(user: User, line: ClaimLine, *, accept: bool, reason: str = "") -> ClaimLine:
    """Central staff accept or reject a line. Rejecting a line already paid raises a recovery."""
    permit(may_review_claims(user), "Only central staff can do this.")
    claim = lock_claim(line.claim)
    line = ClaimLine.objects.select_for_update().select_related("family").get(pk=line.pk, claim=claim)
    require(line.status in ClaimLine.COUNTING, "This line was removed by the council.")
    if accept:
        require_in_review(claim)
        require(line.status == ClaimLine.Status.PROPOSED, "This line has already been decided.")
        line.status, line.status_reason = ClaimLine.Status.ACCEPTED, reason.strip()
    else:
        require(bool(reason.strip()), "Say why the line is rejected.")
        if claim.status == Claim.Status.SUBMITTED:
            require_in_review(claim)
        else:
            require(claim.status == Claim.Status.PAID, "Lines of an approved claim can be rejected once it is paid.")
        line.status, line.status_reason = ClaimLine.Status.REJECTED, reason.strip()
    line.decided_by, line.decided_at = user, timezone.now()
    line.save()
    what = f"{line.family.reference} {line.get_payment_type_display()} {pounds(line.amount)}"
    # Not offered again until the family's records change (funding.records): a recovery is not paid straight back.
    held = "not offered again until the family's records change"
    if not accept and line.paid_at is not None:
        Recovery.objects.create(council_id=claim.council_id, line=line, amount=line.amount, raised_by=user)
        record_event(
            claim, user, "Line rejected after payment", f"{what}: {reason}; recovered from the next payment; {held}"
        )
    elif not accept:
        record_event(claim, user, "Line rejected", f"{what}: {reason}; {held}")
    else:
        record_event(claim, user, "Line accepted", f"{what}{': ' + reason if reason else ''}")
    line_decided.send(sender=ClaimLine, line=line)  # programme/notices tells the council
    return line


def sample_weight(council: Council, before_claim: Claim) -> tuple[Decimal, str]:
    """Councils whose earlier spot checks failed are checked more: weight 1 + 3 x the share that failed (1 to 4)."""
    checks = (
        SpotCheck.objects.filter(claim__council=council)
        .exclude(claim=before_claim)
        .exclude(outcome=SpotCheck.Outcome.PENDING)
    )
    done = checks.count()
    failed = checks.filter(outcome=SpotCheck.Outcome.FAILED).count()
    if not done:
        return Decimal(1), "no earlier spot checks"
    weight = (1 + Decimal(3) * failed / done).quantize(Decimal("0.01"))
    return min(weight, MAX_SAMPLE_WEIGHT), f"{failed} of {done} earlier spot checks failed"


@transaction.atomic
def draw_sample(
    user: User, claim: Claim, *, rate: Decimal = DEFAULT_SAMPLE_RATE, seed: int | None = None
) -> list[SpotCheck]:
    """Draw the lines to spot-check: `rate`% of the claim's lines (at least one) times the council's weight,
    chosen with a recorded seed so the same draw can be made again. Lines of families identified on a criterion
    that the records held do not support (families/evidence.py) are drawn first; their checks say so."""
    permit(may_review_claims(user), "Only central staff can do this.")
    claim = lock_claim(claim)
    require_in_review(claim)
    require(claim.sample_seed is None, "The spot-check sample of this claim has already been drawn.")
    require(Decimal(0) < rate <= Decimal(100), "The sampling rate is a percentage above 0 and at most 100.")
    lines = dict(claim.lines.not_rejected().values_list("pk", "family_id"))
    require(bool(lines), "This claim has no lines to check.")
    evidence = evidence_for(set(lines.values()))
    gaps = {pk for pk, family_id in lines.items() if evidence[family_id].has_gaps}
    weight, why = sample_weight(claim.council, claim)
    seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
    chosen = choose_sample(sorted(lines), rate, weight, seed, first=gaps)
    claim.sample_seed, claim.sample_rate, claim.sample_weight = seed, rate, weight
    claim.save(update_fields=["sample_seed", "sample_rate", "sample_weight"])
    checks = SpotCheck.objects.bulk_create(
        SpotCheck(claim=claim, line_id=pk, for_evidence_gap=pk in gaps) for pk in chosen
    )
    detail = f"{len(chosen)} of {len(lines)} lines: {rate}% x weight {weight} ({why}); seed {seed}"
    if gaps:
        drawn = sum(1 for pk in chosen if pk in gaps)
        detail += f"; {drawn} of them drawn first, of {len(gaps)} lines whose identification the records do not support"
    record_event(claim, user, "Spot-check sample drawn", detail)
    return checks


def choose_sample(
    line_ids: list[int], rate: Decimal, weight: Decimal, seed: int, *, first: set[int] | frozenset = frozenset()
) -> list[int]:
    """`rate` x `weight` % of the lines (at least one), the lines of `first` before any other. The same line ids,
    rate, weight, seed and `first` always choose the same lines; with no `first` (or every line in it) the draw
    is the plain seeded sample."""
    size = min(len(line_ids), max(1, math.ceil(len(line_ids) * min(rate * weight, Decimal(100)) / 100)))
    rng = random.Random(seed)
    ordered = sorted(line_ids)
    before = [pk for pk in ordered if pk in first]
    if not before or len(before) >= size:
        return sorted(rng.sample(before or ordered, size))
    others = [pk for pk in ordered if pk not in first]
    return sorted(before + rng.sample(others, size - len(before)))


@transaction.atomic
def record_check(user: User, check: SpotCheck, *, passed: bool, notes: str) -> SpotCheck:
    """Record a spot check's outcome. A failed check rejects the line."""
    permit(may_review_claims(user), "Only central staff can do this.")
    claim = lock_claim(check.claim)
    require_in_review(claim)
    check = SpotCheck.objects.select_for_update().select_related("line__family").get(pk=check.pk)
    require(check.outcome == SpotCheck.Outcome.PENDING, "This check has already been recorded.")
    require(passed or bool(notes.strip()), "Say what the check found.")
    check.outcome = SpotCheck.Outcome.PASSED if passed else SpotCheck.Outcome.FAILED
    check.notes, check.checked_by, check.checked_at = notes.strip(), user, timezone.now()
    check.save()
    line = check.line
    record_event(
        claim,
        user,
        "Spot check passed" if passed else "Spot check failed",
        f"{line.family.reference} {line.get_payment_type_display()}{': ' + notes if notes else ''}",
    )
    if not passed and line.status in ClaimLine.COUNTING:
        decide_line(user, line, accept=False, reason=f"Spot check failed: {notes.strip()}")
    return check


RETURNED = "Returned to the council"


def may_be_returned(claim: Claim) -> bool:
    """A claim in review, submitted and not yet approved, may go back to its council (the page asks before the form)."""
    return claim.status == Claim.Status.SUBMITTED


@transaction.atomic
def return_claim(user: User, claim: Claim, *, reason: str) -> Claim:
    """Central staff send a claim in review (submitted, not yet approved) back to its council, saying why. It is
    a draft again: the council corrects it (removes the lines that should not be claimed) and an approver signs it
    off and submits it again, into the review queue as any submission. What the review found stays on record,
    and nothing can be paid that was not decided again:

    - accepted lines go back to proposed (their acceptance is cleared): the council may remove any of them,
      and central staff decide each again after the resubmission;
    - rejected lines stay rejected with their reasons: the council cannot put them back into the claim;
    - the spot-check sample stays as drawn (seed, rate, weight), with every check: a recorded check keeps its
      outcome and who recorded it (so whoever checked still cannot approve), and a check not yet recorded is
      recorded after the resubmission, or fails if the council removes its line (funding.actions.remove_line).
      No new sample is drawn: returning a claim never buys a kinder draw;
    - the submission is cleared (who submitted it and when, the sign-offs, its window): the corrected claim is
      signed off again; the timeline keeps the first submission and the return;
    - `returned_*` keep the latest return for the council's pages, and a returned claim cannot be discarded
      (its review and spot checks count towards the council's next samples).

    The council's approvers are e-mailed the reason (programme/notices), once for each return."""
    permit(may_review_claims(user), "Only central staff can do this.")
    claim = lock_claim(claim)
    require(
        may_be_returned(claim),
        "Only a claim in review (submitted and not yet approved) can be returned to the council.",
    )
    reason = reason.strip()
    require(bool(reason), "Say why the claim is returned to the council.")
    require(len(reason) <= 500, "Say why the claim is returned in 500 characters or fewer.")
    accepted = list(claim.lines.select_for_update(of=("self",)).filter(status=ClaimLine.Status.ACCEPTED))
    for line in accepted:
        line.status, line.status_reason, line.decided_by, line.decided_at = ClaimLine.Status.PROPOSED, "", None, None
    fields = ["status", "status_reason", "decided_by", "decided_at"]
    bulk_update_with_history(accepted, ClaimLine, fields, default_user=user)
    claim.status, claim.window = Claim.Status.DRAFT, None
    claim.submitted_by, claim.submitted_at = None, None
    claim.internal_audit_sign_off, claim.coordinator_sign_off = "", ""
    claim.returned_by, claim.returned_at, claim.return_reason = user, timezone.now(), reason
    claim.save()
    counting = claim.lines.not_rejected()
    total = sum(counting.values_list("amount", flat=True))
    detail = f"{count(counting.count(), 'line')}, {pounds(total)}, back with the council to correct"
    if accepted:
        detail += f"; {count(len(accepted), 'accepted line')} to be decided again"
    record_event(claim, user, RETURNED, f"{detail}. Why: {reason}")
    claim_returned.send(sender=Claim, claim=claim)  # programme/notices tells the council why
    return claim


@transaction.atomic
def accept_remaining_lines(user: User, claim: Claim) -> int:
    """Accept every line still awaiting a decision (lines drawn for a spot check wait for their check)."""
    permit(may_review_claims(user), "Only central staff can do this.")
    claim = lock_claim(claim)
    require_in_review(claim)
    pending = claim.lines.select_for_update(of=("self",)).filter(status=ClaimLine.Status.PROPOSED)
    pending = list(pending.exclude(spot_check__outcome=SpotCheck.Outcome.PENDING))
    now = timezone.now()
    for line in pending:
        line.status, line.decided_by, line.decided_at = ClaimLine.Status.ACCEPTED, user, now
    bulk_update_with_history(pending, ClaimLine, ["status", "decided_by", "decided_at"], default_user=user)
    count = len(pending)
    if count:
        record_event(claim, user, "Lines accepted", f"{count} remaining lines accepted")
    return count
