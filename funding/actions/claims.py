"""The council's steps of a claim: prepare a draft, remove lines from it, submit it, or discard it.

Preparing locks the council and its families, so two preparations of the same council queue one behind the other;
the second sees the first's lines and proposes only what is left. Submission checks again, under the same locks,
that no family passes the cap or has a payment type twice and that the council's attachment fees stay within its
funded number; the database's constraints are the last line.
"""

from collections import defaultdict
from datetime import date

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from councils.access import Refused, permit, require
from councils.calendar import programme_today
from councils.collector import cycle_collector_paused
from councils.formats import long_date, pounds
from councils.models import Council, User
from families import bulk
from families.models import Family
from funding.access import may_change_draft, may_prepare_claims, may_submit
from funding.actions.common import lock_claim, record_event
from funding.models import Claim, ClaimLine, ClaimWindow, PaymentSchedule, PaymentType, SpotCheck
from funding.results import claimable_lines, schedule_for


def _lock_council(council_id: int) -> Council:
    """Lock the council and every one of its families (in id order, so two transactions never deadlock)."""
    council = Council.objects.select_for_update().get(pk=council_id)
    list(Family.objects.select_for_update().filter(council_id=council_id).order_by("pk").values_list("pk"))
    return council


def _check_money(council: Council, family_ids: set[int]) -> None:
    """Under the locks: no family past its cap, and the council's attachment fees within its funded number."""
    schedules = list(PaymentSchedule.objects.all())
    families = {f.pk: f for f in Family.objects.filter(pk__in=family_ids, council=council).only("pk", "attached_on")}
    require(len(families) == len(family_ids), "Every line must be for a family of the claim's council.")
    totals: dict[int, int] = defaultdict(int)
    for family_id, amount in (
        ClaimLine.objects.not_rejected().filter(family_id__in=family_ids).values_list("family_id", "amount")
    ):
        totals[family_id] += amount
    for family_id, total in totals.items():
        schedule = schedule_for(schedules, families[family_id].attached_on) if families[family_id].attached_on else None
        require(schedule is not None and total <= schedule.cap, "A family's payments would pass the cap.")
    funded = council.funded_families
    attachments = ClaimLine.objects.not_rejected().filter(council=council, payment_type=PaymentType.ATTACHMENT).count()
    require(
        attachments == 0 or (funded is not None and attachments <= funded),
        f"{council.name}'s attachment fees would pass its funded number of families.",
    )


@cycle_collector_paused()
@transaction.atomic
def prepare_claim(user: User, results_on: date) -> Claim:
    """An officer drafts a claim holding every line the council can claim on `results_on`."""
    permit(may_prepare_claims(user), "Only a council officer can prepare a claim.")
    require(results_on <= programme_today(), "A claim is for results already achieved: choose today or earlier.")
    council = _lock_council(user.council_id)
    lines = claimable_lines(council, results_on)
    require(bool(lines), f"There is nothing to claim for {council.name} on {long_date(results_on)}.")
    claim = Claim.objects.create(council=council, results_on=results_on, prepared_by=user)
    # Thousands of lines at once, loaded with COPY as the case-file import loads records (families/bulk.py): model
    # instances and an INSERT's parameters were a third of a large draft. No history rows for their creation
    # (they doubled the time of a large draft): the "Prepared" event and the lines themselves say what was
    # created; later changes have history.
    defaults = {f.attname: f.get_default() for f in ClaimLine._meta.concrete_fields if not f.primary_key}
    rows = [
        {
            **defaults,
            "claim_id": claim.pk,
            "council_id": council.pk,
            "family_id": family.pk,
            "family_reference": family.reference,
            "payment_type": decision.payment_type,
            "amount": decision.amount,
            "financial_year": decision.financial_year,
            "reason": decision.reason,
        }
        for family, decision in lines
    ]
    try:
        with transaction.atomic(), connection.wrap_database_errors:
            bulk.insert(ClaimLine, rows)
    except IntegrityError as error:
        raise Refused("Some of these payments have just been claimed: prepare the claim again.") from error
    _check_money(council, {family.pk for family, _ in lines})
    total = sum(decision.amount for _, decision in lines)
    record_event(claim, user, "Prepared", f"{len(lines)} lines, {pounds(total)}, results as of {long_date(results_on)}")
    return claim


REMOVED_AFTER_DRAWN = "Removed by the council after it was drawn for a spot check"


@transaction.atomic
def remove_line(user: User, line: ClaimLine, reason: str) -> ClaimLine:
    """A council user takes a line out of a draft claim, saying why. The payment can be claimed later. A line of a
    returned claim that was drawn for a spot check not yet recorded fails its check (the page says so first)."""
    claim = lock_claim(line.claim)
    permit(may_change_draft(user, claim), "Only the council can change its claim.")
    require(claim.status == Claim.Status.DRAFT, "Lines can only be removed while the claim is a draft.")
    line = ClaimLine.objects.select_for_update().get(pk=line.pk, claim=claim)
    require(line.status == ClaimLine.Status.PROPOSED, "This line has already been removed.")
    require(bool(reason.strip()), "Say why the line is removed.")
    line.status, line.status_reason = ClaimLine.Status.REMOVED, reason.strip()
    line.decided_by, line.decided_at = user, timezone.now()
    line.save()
    described = f"{line.family.reference} {line.get_payment_type_display()}"
    record_event(claim, user, "Line removed", f"{described}: {reason}")
    check = SpotCheck.objects.select_for_update().filter(line=line, outcome=SpotCheck.Outcome.PENDING).first()
    if check is not None:
        # A returned claim keeps its sample: a line drawn for checking that the council takes out is a line it
        # claimed and could not stand by. The check fails, neither left waiting (holding up the approval) nor
        # dropped, so the sample cannot be escaped by removing what was drawn; it counts in the next samples.
        check.outcome = SpotCheck.Outcome.FAILED
        check.notes = f"{REMOVED_AFTER_DRAWN}: {reason.strip()}"
        check.checked_by, check.checked_at = user, line.decided_at
        check.save()
        record_event(claim, user, "Spot check failed", f"{described}: {REMOVED_AFTER_DRAWN.lower()}")
    return line


def require_not_preparer(user: User, claim: Claim) -> None:
    """Separation of duties in the council: the approver who submits a claim is not the person who prepared it."""
    require(
        claim.prepared_by_id != user.pk,
        "The person who prepared a claim cannot also submit it. You prepared this claim, so another approver must "
        "submit it.",
    )


@transaction.atomic
def submit_claim(user: User, claim: Claim, *, internal_audit: str, coordinator: str, declared: bool) -> Claim:
    """An approver of the council who did not prepare the claim signs it off and submits it."""
    claim = lock_claim(claim)
    permit(may_submit(user, claim), "Only an approver of the council can submit its claim.")
    require_not_preparer(user, claim)
    require(claim.status == Claim.Status.DRAFT, "This claim has already been submitted.")
    require(declared, "Confirm the declaration to submit the claim.")
    require(bool(internal_audit.strip()), "Enter who signed the claim off for internal audit.")
    require(bool(coordinator.strip()), "Enter the troubled families coordinator who signed the claim off.")
    council = _lock_council(claim.council_id)
    family_ids = set(claim.lines.not_rejected().values_list("family_id", flat=True))
    require(bool(family_ids), "Every line has been removed: there is nothing to submit.")
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
    record_event(claim, user, "Submitted", detail)
    return claim


@transaction.atomic
def discard_draft(user: User, claim: Claim) -> None:
    """The council throws away a draft it will not submit, so its payments can be claimed in another claim.
    A draft has moved no money: it leaves no trace beyond the lines' history."""
    claim = lock_claim(claim)
    permit(may_change_draft(user, claim), "Only the council can discard its draft.")
    require(claim.status == Claim.Status.DRAFT, "Only a draft can be discarded.")
    require(
        claim.returned_at is None,
        "This claim was submitted and returned to the council: its review is kept, so it cannot be discarded. "
        "Remove the lines that should not be claimed instead.",
    )
    claim.delete()
