"""The claims workflow: the only way a claim or a claim line changes state.

Each function takes the acting user, checks that this user may act, runs in one transaction, locks the rows
money depends on, and writes the claim's timeline (ClaimEvent).

    draft      an officer prepares it from the claimable lines on a date; lines can be removed with a reason
    submitted  an approver of the council, not the preparer, signs it off (internal audit and coordinator);
               outside a claim window it waits for the next window
    approved   central staff accept or reject every line and finish the spot checks
    paid       central staff record the payment, less any recoveries the council owes

Money cannot go wrong: preparing locks the council and its families, so two preparations of the same council
queue one behind the other; the second sees the first's lines and proposes only what is left. Submission checks
again, under the same locks, that no family passes the cap or has a payment type twice and that the council's
attachment fees stay within its funded number; the database's constraints are the last line.
"""

import math
import random
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from councils.calendar import programme_today
from councils.formats import long_date, pounds
from councils.models import Council, User
from families.evidence import evidence_for
from families.models import Family
from funding.models import (
    Claim,
    ClaimEvent,
    ClaimLine,
    ClaimWindow,
    PaymentSchedule,
    PaymentType,
    Recovery,
    SpotCheck,
)
from funding.results import claimable_lines, schedule_for
from funding.signals import line_decided

DEFAULT_SAMPLE_RATE = Decimal("5")
MAX_SAMPLE_WEIGHT = Decimal("4")


class ClaimError(Exception):
    """An action the rules do not allow; the message is written for the person who tried it."""


def _event(claim: Claim, user: User, action: str, detail: str = "") -> None:
    ClaimEvent.objects.create(claim=claim, by=user, action=action, detail=detail[:500])


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ClaimError(message)


def _lock_claim(claim: Claim) -> Claim:
    """The claim, locked, as it is now. Only a draft is ever deleted (discarded by its council): whoever was
    working on it at that moment is told so, as any other refusal."""
    claims = Claim.objects.select_for_update(of=("self",)).select_related("council", "window")
    locked = claims.filter(pk=claim.pk).first()
    _require(locked is not None, "This draft claim has been discarded: it can no longer be changed or submitted.")
    return locked


def _lock_council(council_id: int) -> Council:
    """Lock the council and every one of its families (in id order, so two transactions never deadlock)."""
    council = Council.objects.select_for_update().get(pk=council_id)
    list(Family.objects.select_for_update().filter(council_id=council_id).order_by("pk").values_list("pk"))
    return council


def _check_money(council: Council, family_ids: set[int]) -> None:
    """Under the locks: no family past its cap, and the council's attachment fees within its funded number."""
    schedules = list(PaymentSchedule.objects.all())
    families = {f.pk: f for f in Family.objects.filter(pk__in=family_ids, council=council).only("pk", "attached_on")}
    _require(len(families) == len(family_ids), "Every line must be for a family of the claim's council.")
    totals: dict[int, int] = defaultdict(int)
    for family_id, amount in (
        ClaimLine.objects.not_rejected().filter(family_id__in=family_ids).values_list("family_id", "amount")
    ):
        totals[family_id] += amount
    for family_id, total in totals.items():
        schedule = schedule_for(schedules, families[family_id].attached_on) if families[family_id].attached_on else None
        _require(schedule is not None and total <= schedule.cap, "A family's payments would pass the cap.")
    funded = council.funded_families
    attachments = ClaimLine.objects.not_rejected().filter(council=council, payment_type=PaymentType.ATTACHMENT).count()
    _require(
        attachments == 0 or (funded is not None and attachments <= funded),
        f"{council.name}'s attachment fees would pass its funded number of families.",
    )


# --- the council ------------------------------------------------------------------------------------------------


@transaction.atomic
def prepare_claim(user: User, results_on: date) -> Claim:
    """An officer drafts a claim holding every line the council can claim on `results_on`."""
    _require(user.role == User.Role.OFFICER, "Only a council officer can prepare a claim.")
    _require(results_on <= programme_today(), "A claim is for results already achieved: choose today or earlier.")
    council = _lock_council(user.council_id)
    lines = claimable_lines(council, results_on)
    _require(bool(lines), f"There is nothing to claim for {council.name} on {long_date(results_on)}.")
    claim = Claim.objects.create(council=council, results_on=results_on, prepared_by=user)
    try:
        with transaction.atomic():
            # No history rows for the creation of thousands of lines (they doubled the time of a large draft):
            # the "Prepared" event and the lines themselves say what was created; later changes have history.
            ClaimLine.objects.bulk_create(
                [
                    ClaimLine(
                        claim=claim,
                        council=council,
                        family=family,
                        payment_type=decision.payment_type,
                        amount=decision.amount,
                        financial_year=decision.financial_year,
                        reason=decision.reason,
                    )
                    for family, decision in lines
                ]
            )
    except IntegrityError as error:
        raise ClaimError("Some of these payments have just been claimed: prepare the claim again.") from error
    _check_money(council, {family.pk for family, _ in lines})
    total = sum(decision.amount for _, decision in lines)
    _event(claim, user, "Prepared", f"{len(lines)} lines, {pounds(total)}, results as of {long_date(results_on)}")
    return claim


@transaction.atomic
def remove_line(user: User, line: ClaimLine, reason: str) -> ClaimLine:
    """A council user takes a line out of a draft claim, saying why. The payment can be claimed later."""
    claim = _lock_claim(line.claim)
    _require(user.is_council_user and user.council_id == claim.council_id, "Only the council can change its claim.")
    _require(claim.status == Claim.Status.DRAFT, "Lines can only be removed while the claim is a draft.")
    line = ClaimLine.objects.select_for_update().get(pk=line.pk, claim=claim)
    _require(line.status == ClaimLine.Status.PROPOSED, "This line has already been removed.")
    _require(bool(reason.strip()), "Say why the line is removed.")
    line.status, line.status_reason = ClaimLine.Status.REMOVED, reason.strip()
    line.decided_by, line.decided_at = user, timezone.now()
    line.save()
    _event(claim, user, "Line removed", f"{line.family.reference} {line.get_payment_type_display()}: {reason}")
    return line


@transaction.atomic
def submit_claim(user: User, claim: Claim, *, internal_audit: str, coordinator: str, declared: bool) -> Claim:
    """An approver of the council who did not prepare the claim signs it off and submits it."""
    claim = _lock_claim(claim)
    _require(
        user.role == User.Role.APPROVER and user.council_id == claim.council_id,
        "Only an approver of the council can submit its claim.",
    )
    _require(claim.prepared_by_id != user.pk, "The person who prepared a claim cannot also submit it.")
    _require(claim.status == Claim.Status.DRAFT, "This claim has already been submitted.")
    _require(declared, "Confirm the declaration to submit the claim.")
    _require(bool(internal_audit.strip()), "Enter who signed the claim off for internal audit.")
    _require(bool(coordinator.strip()), "Enter the troubled families coordinator who signed the claim off.")
    council = _lock_council(claim.council_id)
    family_ids = set(claim.lines.not_rejected().values_list("family_id", flat=True))
    _require(bool(family_ids), "Every line has been removed: there is nothing to submit.")
    _check_money(council, family_ids)
    today = programme_today()
    claim.window = ClaimWindow.objects.open_on(today).first() or ClaimWindow.objects.next_after(today)
    claim.status = Claim.Status.SUBMITTED
    claim.submitted_by, claim.submitted_at = user, timezone.now()
    claim.internal_audit_sign_off, claim.coordinator_sign_off = internal_audit.strip(), coordinator.strip()
    claim.save()
    detail = f"Signed off by {claim.internal_audit_sign_off} (internal audit) and {claim.coordinator_sign_off}"
    if claim.window is None:
        detail += "; no claim window is open: it waits for the next one"
    elif claim.window.opens_on > today:
        detail += f"; it waits for the window opening on {long_date(claim.window.opens_on)}"
    _event(claim, user, "Submitted", detail)
    return claim


# --- central staff ----------------------------------------------------------------------------------------------


def _require_central(user: User) -> None:
    _require(user.is_central, "Only central staff can do this.")


def _require_in_review(claim: Claim) -> None:
    _require(claim.status == Claim.Status.SUBMITTED, "Only a submitted claim can be reviewed.")
    _require(
        not claim.is_waiting_for_window(programme_today()),
        "This claim waits for the next claim window: it can be reviewed when the window opens.",
    )


@transaction.atomic
def open_window(user: User, opens_on: date, closes_on: date) -> ClaimWindow:
    """Central staff open (or plan) a claim window. Claims waiting with no window planned join it."""
    _require_central(user)
    _require(closes_on >= opens_on, "A window closes on or after the day it opens.")
    _require(
        not ClaimWindow.objects.filter(opens_on__lte=closes_on, closes_on__gte=opens_on).exists(),
        "This window overlaps another one.",
    )
    window = ClaimWindow.objects.create(opens_on=opens_on, closes_on=closes_on, opened_by=user)
    waiting = Claim.objects.select_for_update().filter(status=Claim.Status.SUBMITTED, window__isnull=True)
    for claim in waiting:
        claim.window = window
        claim.save(update_fields=["window"])
        _event(claim, user, "Joined a claim window", f"{long_date(opens_on)} to {long_date(closes_on)}")
    return window


@transaction.atomic
def close_window(user: User, window: ClaimWindow) -> ClaimWindow:
    """Central staff close a window early (today). Claims already in it stay in review."""
    _require_central(user)
    window = ClaimWindow.objects.select_for_update().get(pk=window.pk)
    today = programme_today()
    _require(window.closed_at is None and window.closes_on >= today, "This window is already closed.")
    window.closes_on = max(today, window.opens_on)
    window.closed_by, window.closed_at = user, timezone.now()
    window.save()
    return window


@transaction.atomic
def decide_line(user: User, line: ClaimLine, *, accept: bool, reason: str = "") -> ClaimLine:
    """Central staff accept or reject a line. Rejecting a line already paid raises a recovery."""
    _require_central(user)
    claim = _lock_claim(line.claim)
    line = ClaimLine.objects.select_for_update().select_related("family").get(pk=line.pk, claim=claim)
    _require(line.status in ClaimLine.COUNTING, "This line was removed by the council.")
    if accept:
        _require_in_review(claim)
        _require(line.status == ClaimLine.Status.PROPOSED, "This line has already been decided.")
        line.status, line.status_reason = ClaimLine.Status.ACCEPTED, reason.strip()
    else:
        _require(bool(reason.strip()), "Say why the line is rejected.")
        if claim.status == Claim.Status.SUBMITTED:
            _require_in_review(claim)
        else:
            _require(claim.status == Claim.Status.PAID, "Lines of an approved claim can be rejected once it is paid.")
        line.status, line.status_reason = ClaimLine.Status.REJECTED, reason.strip()
    line.decided_by, line.decided_at = user, timezone.now()
    line.save()
    what = f"{line.family.reference} {line.get_payment_type_display()} {pounds(line.amount)}"
    # Not offered again until the family's records change (funding.records): a recovery is not paid straight back.
    held = "not offered again until the family's records change"
    if not accept and line.paid_at is not None:
        Recovery.objects.create(council_id=claim.council_id, line=line, amount=line.amount, raised_by=user)
        _event(claim, user, "Line rejected after payment", f"{what}: {reason}; recovered from the next payment; {held}")
    elif not accept:
        _event(claim, user, "Line rejected", f"{what}: {reason}; {held}")
    else:
        _event(claim, user, "Line accepted", f"{what}{': ' + reason if reason else ''}")
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
    _require_central(user)
    claim = _lock_claim(claim)
    _require_in_review(claim)
    _require(claim.sample_seed is None, "The spot-check sample of this claim has already been drawn.")
    _require(Decimal(0) < rate <= Decimal(100), "The sampling rate is a percentage above 0 and at most 100.")
    lines = dict(claim.lines.not_rejected().values_list("pk", "family_id"))
    _require(bool(lines), "This claim has no lines to check.")
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
    _event(claim, user, "Spot-check sample drawn", detail)
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
    _require_central(user)
    claim = _lock_claim(check.claim)
    _require_in_review(claim)
    check = SpotCheck.objects.select_for_update().select_related("line__family").get(pk=check.pk)
    _require(check.outcome == SpotCheck.Outcome.PENDING, "This check has already been recorded.")
    _require(passed or bool(notes.strip()), "Say what the check found.")
    check.outcome = SpotCheck.Outcome.PASSED if passed else SpotCheck.Outcome.FAILED
    check.notes, check.checked_by, check.checked_at = notes.strip(), user, timezone.now()
    check.save()
    line = check.line
    _event(
        claim,
        user,
        "Spot check passed" if passed else "Spot check failed",
        f"{line.family.reference} {line.get_payment_type_display()}{': ' + notes if notes else ''}",
    )
    if not passed and line.status in ClaimLine.COUNTING:
        decide_line(user, line, accept=False, reason=f"Spot check failed: {notes.strip()}")
    return check


# --- separation of duties in central staff -----------------------------------------------------------------------
# Whoever checks a sampled line cannot approve its claim, and whoever approves a claim cannot record its payment:
# each money step is seen by two people. The claim keeps who did each step (checked_by, approved_by, paid_by).


def _require_not_checker(user: User, claim: Claim) -> None:
    _require(
        not claim.spot_checks.filter(checked_by=user).exists(),
        "You recorded a spot check on this claim, so someone else in central staff must approve it.",
    )


def _require_not_approver(user: User, claim: Claim) -> None:
    _require(
        claim.approved_by_id != user.pk,
        "You approved this claim, so someone else in central staff must record its payment.",
    )


def duty_refusal(user: User, claim: Claim, step: str) -> str:
    """Why this user may not take this step of the claim for separation of duties ("" when they may): for pages
    that say so before the user confirms. The actions enforce the same rules."""
    try:
        if step == "approve":
            _require_not_checker(user, claim)
        elif step == "pay":
            _require_not_approver(user, claim)
    except ClaimError as error:
        return str(error)
    return ""


def recoveries_to_take(claim: Claim, due: int, *, lock: bool = False) -> list[Recovery]:
    """The council's outstanding recoveries that this payment of `due` takes, oldest first; what does not fit
    waits for a later payment. The payment page shows exactly these before the payment is confirmed."""
    outstanding = Recovery.objects.filter(council_id=claim.council_id, recovered_in__isnull=True).select_related(
        "line__family"
    )
    if lock:
        outstanding = outstanding.select_for_update(of=("self",))
    taken, total = [], 0
    for recovery in outstanding.order_by("raised_at", "pk"):
        if total + recovery.amount <= due:
            total += recovery.amount
            taken.append(recovery)
    return taken


@transaction.atomic
def approve_claim(user: User, claim: Claim) -> Claim:
    """Central staff approve a claim once every line is decided and every spot check recorded."""
    _require_central(user)
    claim = _lock_claim(claim)
    _require_in_review(claim)
    _require(claim.sample_seed is not None, "Draw the spot-check sample before approving.")
    _require(not claim.spot_checks.filter(outcome=SpotCheck.Outcome.PENDING).exists(), "Record every spot check first.")
    _require(not claim.lines.filter(status=ClaimLine.Status.PROPOSED).exists(), "Accept or reject every line first.")
    _require_not_checker(user, claim)
    claim.status, claim.approved_by, claim.approved_at = Claim.Status.APPROVED, user, timezone.now()
    claim.save()
    accepted = sum(claim.lines.filter(status=ClaimLine.Status.ACCEPTED).values_list("amount", flat=True))
    _event(claim, user, "Approved", f"{pounds(accepted)} accepted")
    return claim


@transaction.atomic
def pay_claim(user: User, claim: Claim, *, reference: str) -> Claim:
    """Record the payment of an approved claim: its accepted lines, less the recoveries the council owes."""
    _require_central(user)
    claim = _lock_claim(claim)
    _require(claim.status == Claim.Status.APPROVED, "Only an approved claim can be paid.")
    _require_not_approver(user, claim)
    _require(bool(reference.strip()), "Enter the payment reference.")
    accepted = list(claim.lines.select_for_update().filter(status=ClaimLine.Status.ACCEPTED))
    due = sum(line.amount for line in accepted)
    taken = recoveries_to_take(claim, due, lock=True)
    recovered = sum(recovery.amount for recovery in taken)
    for recovery in taken:
        recovery.recovered_in = claim
        recovery.save(update_fields=["recovered_in"])
    now = timezone.now()
    for line in accepted:
        line.paid_at = now
    bulk_update_with_history(accepted, ClaimLine, ["paid_at"], default_user=user)
    claim.status, claim.paid_by, claim.paid_at = Claim.Status.PAID, user, now
    claim.payment_reference, claim.amount_paid, claim.amount_recovered = reference.strip(), due - recovered, recovered
    claim.save()
    detail = f"{pounds(due - recovered)} paid, reference {claim.payment_reference}"
    if recovered:
        detail += f" ({pounds(due)} less {pounds(recovered)} recovered)"
    _event(claim, user, "Paid", detail)
    return claim


@transaction.atomic
def accept_remaining_lines(user: User, claim: Claim) -> int:
    """Accept every line still awaiting a decision (lines drawn for a spot check wait for their check)."""
    _require_central(user)
    claim = _lock_claim(claim)
    _require_in_review(claim)
    pending = claim.lines.select_for_update(of=("self",)).filter(status=ClaimLine.Status.PROPOSED)
    pending = list(pending.exclude(spot_check__outcome=SpotCheck.Outcome.PENDING))
    now = timezone.now()
    for line in pending:
        line.status, line.decided_by, line.decided_at = ClaimLine.Status.ACCEPTED, user, now
    bulk_update_with_history(pending, ClaimLine, ["status", "decided_by", "decided_at"], default_user=user)
    count = len(pending)
    if count:
        _event(claim, user, "Lines accepted", f"{count} remaining lines accepted")
    return count


@transaction.atomic
def discard_draft(user: User, claim: Claim) -> None:
    """The council throws away a draft it will not submit, so its payments can be claimed in another claim.
    A draft has moved no money: it leaves no trace beyond the lines' history."""
    claim = _lock_claim(claim)
    _require(user.is_council_user and user.council_id == claim.council_id, "Only the council can discard its draft.")
    _require(claim.status == Claim.Status.DRAFT, "Only a draft can be discarded.")
    claim.delete()
