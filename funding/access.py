"""Who reaches which claim, and who may take each step of it (councils/access.py says how the pieces fit).

- Every claim is fetched through Claim.objects.visible_to(user): another council's claim answers 404.
- A council officer prepares claims; the council's officers and approvers remove lines from its drafts and discard
  them; an approver of the council, not the one who prepared it, submits a claim.
- Central staff (not admins) run the review: claim windows, line decisions, spot checks, approval and payment.
  Their pages answer 404 to everyone else.
- The family monitoring extract is for central staff and admins.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from councils.models import User
from funding.models import Claim


def may_prepare_claims(user: User) -> bool:
    return user.is_authenticated and user.prepares_claims


def may_change_draft(user: User, claim: Claim) -> bool:
    """Remove lines from the claim, or discard it (while it is a draft: the actions say so)."""
    return user.is_authenticated and user.works_for_council and user.council_id == claim.council_id


def may_submit(user: User, claim: Claim) -> bool:
    return user.is_authenticated and user.signs_off and user.council_id == claim.council_id


def may_review_claims(user: User) -> bool:
    return user.is_authenticated and user.reviews_claims


def may_read_monitoring(user: User) -> bool:
    return user.is_authenticated and user.works_centrally


def get_claim(user: User, pk: int) -> Claim:
    return get_object_or_404(
        Claim.objects.visible_to(user).select_related(
            "council", "window", "prepared_by", "submitted_by", "approved_by", "paid_by"
        ),
        pk=pk,
    )


def get_claim_to_review(user: User, pk: int) -> Claim:
    """The claim, for the review's pages: 404 to anyone who does not review claims."""
    require_reviewer(user)
    return get_claim(user, pk)


def require_reviewer(user: User) -> None:
    """For pages of the review that are about no one claim (claim windows): 404 to anyone else."""
    if not may_review_claims(user):
        raise Http404
