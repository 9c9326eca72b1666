"""What every claim step shares: the claim's timeline, the claim locked as it is now, and the review's own state."""

from councils.access import require
from councils.calendar import programme_today
from councils.models import User
from funding.models import Claim, ClaimEvent


def record_event(claim: Claim, user: User, action: str, detail: str = "") -> None:
    ClaimEvent.objects.create(claim=claim, by=user, action=action, detail=detail[:500])


def lock_claim(claim: Claim) -> Claim:
    """The claim, locked, as it is now. Only a draft is ever deleted (discarded by its council): whoever was
    working on it at that moment is told so, as any other refusal."""
    claims = Claim.objects.select_for_update(of=("self",)).select_related("council", "window")
    locked = claims.filter(pk=claim.pk).first()
    require(locked is not None, "This draft claim has been discarded: it can no longer be changed or submitted.")
    return locked


def require_in_review(claim: Claim) -> None:
    require(claim.status == Claim.Status.SUBMITTED, "Only a submitted claim can be reviewed.")
    require(
        not claim.is_waiting_for_window(programme_today()),
        "This claim waits for the next claim window: it can be reviewed when the window opens.",
    )
