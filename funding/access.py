"""Who reaches which claim: every claim is fetched through Claim.objects.visible_to(user), so another council's
claim answers 404; pages for central staff only answer 404 to everyone else."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from councils.models import User
from funding.models import Claim


def get_claim(user: User, pk: int) -> Claim:
    return get_object_or_404(
        Claim.objects.visible_to(user).select_related(
            "council", "window", "prepared_by", "submitted_by", "approved_by", "paid_by"
        ),
        pk=pk,
    )


def require_central(user: User) -> None:
    if not user.is_central:
        raise Http404
