"""The money steps of central staff: approve a reviewed claim, and record its payment less the recoveries the
council owes. Each money step is seen by two people (separation of duties, below).
"""

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from councils.access import Refused, permit, require
from councils.formats import pounds
from councils.models import User
from funding.access import may_review_claims
from funding.actions.claims import require_not_preparer
from funding.actions.common import lock_claim, record_event, require_in_review
from funding.models import Claim, ClaimLine, Recovery, SpotCheck

# --- separation of duties in central staff -----------------------------------------------------------------------
# Whoever checks a sampled line cannot approve its claim, and whoever approves a claim cannot record its payment:
# each money step is seen by two people. The claim keeps who did each step (checked_by, approved_by, paid_by).


def _require_not_checker(user: User, claim: Claim) -> None:
    require(
        not claim.spot_checks.filter(checked_by=user).exists(),
        "You recorded a spot check on this claim, so someone else in central staff must approve it.",
    )


def _require_not_approver(user: User, claim: Claim) -> None:
    require(
        claim.approved_by_id != user.pk,
        "You approved this claim, so someone else in central staff must record its payment.",
    )


def duty_refusal(user: User, claim: Claim, step: str) -> str:
    """Why this user may not take this step of the claim for separation of duties ("" when they may): for pages
    that say so before the user confirms. The actions enforce the same rules."""
    try:
        if step == "submit":
            require_not_preparer(user, claim)
        elif step == "approve":
            _require_not_checker(user, claim)
        elif step == "pay":
            _require_not_approver(user, claim)
    except Refused as error:
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
    permit(may_review_claims(user), "Only central staff can do this.")
    claim = lock_claim(claim)
    require_in_review(claim)
    require(claim.sample_seed is not None, "Draw the spot-check sample before approving.")
    require(not claim.spot_checks.filter(outcome=SpotCheck.Outcome.PENDING).exists(), "Record every spot check first.")
    require(not claim.lines.filter(status=ClaimLine.Status.PROPOSED).exists(), "Accept or reject every line first.")
    _require_not_checker(user, claim)
    claim.status, claim.approved_by, claim.approved_at = Claim.Status.APPROVED, user, timezone.now()
    claim.save()
    accepted = sum(claim.lines.filter(status=ClaimLine.Status.ACCEPTED).values_list("amount", flat=True))
    record_event(claim, user, "Approved", f"{pounds(accepted)} accepted")
    return claim


@transaction.atomic
def pay_claim(user: User, claim: Claim, *, reference: str) -> Claim:
    """Record the payment of an approved claim: its accepted lines, less the recoveries the council owes."""
    permit(may_review_claims(user), "Only central staff can do this.")
    claim = lock_claim(claim)
    require(claim.status == Claim.Status.APPROVED, "Only an approved claim can be paid.")
    _require_not_approver(user, claim)
    require(bool(reference.strip()), "Enter the payment reference.")
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
    record_event(claim, user, "Paid", detail)
    return claim
