"""Who reaches which family, and who may change it (councils/access.py says how the pieces fit).

- Every family is fetched through Family.objects.visible_to(user): another council's family answers 404.
- Only the council's officers and approvers change its families, their records and case files; central staff and
  admins read them (403 on a change page: they may see the family, not change it).
- A case file upload belongs to its council: another council's upload answers 404.
"""

from django.shortcuts import get_object_or_404

from councils.access import Refused
from councils.models import User
from families.models import CaseUpload, Family

CHANGE_REFUSED = "Only the council's officers and approvers change its families."


def may_change_families(user: User) -> bool:
    return user.is_authenticated and user.works_for_council


def require_may_change(user: User) -> None:
    """Refuse (403) anyone who may not change families: they may be able to read them."""
    if not may_change_families(user):
        raise Refused(CHANGE_REFUSED)


def get_family(user: User, pk: int, *, to_change: bool = False) -> Family:
    family = get_object_or_404(Family.objects.visible_to(user).select_related("council", "key_worker"), pk=pk)
    if to_change:
        require_may_change(user)
    return family


def get_upload(user: User, pk: int) -> CaseUpload:
    require_may_change(user)
    return get_object_or_404(
        CaseUpload.objects.defer("content").select_related("uploaded_by", "saved_by"), pk=pk, council=user.council
    )
