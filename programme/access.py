"""Who may do what with a pilot's plan, returns and asks (DESIGN.md, access contract; councils/access.py says how
the pieces fit).

- A pilot's published plan is readable by every signed-in user.
- Its draft, returns and asks are visible to the pilot's member councils and to central staff and admins only;
  to anyone else they answer 404.
- Officers and approvers of member councils draft the plan and raise asks; approvers publish a version and
  submit the quarterly return.
- Central staff (the department's community budgets team and the Whitehall champions, who are central staff in
  this service) review returns and move asks along; admins may do what central staff do.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from councils.models import User
from programme.models import Pilot


def sees_every_pilot(user: User) -> bool:
    """Central staff and admins: every pilot's drafts, returns and asks, and the national picture."""
    return user.is_authenticated and user.works_centrally


def sees_private(user: User, pilot: Pilot) -> bool:
    return sees_every_pilot(user) or pilot.has_member(user)


def may_draft(user: User, pilot: Pilot) -> bool:
    return pilot.has_member(user)


def may_publish(user: User, pilot: Pilot) -> bool:
    return pilot.has_member(user) and user.signs_off


def may_submit_return(user: User, pilot: Pilot) -> bool:
    return may_publish(user, pilot)


def may_review(user: User) -> bool:
    return sees_every_pilot(user)


def may_move_ask(user: User) -> bool:
    return sees_every_pilot(user)


def may_read_national_picture(user: User) -> bool:
    return sees_every_pilot(user)


def may_recompute_outcomes(user: User) -> bool:
    return sees_every_pilot(user)


def may_comment_on_ask(user: User, pilot: Pilot) -> bool:
    return sees_private(user, pilot)


def get_pilot(user: User, slug: str, *, private: bool = False) -> Pilot:
    """The pilot for this user; with `private`, 404 unless the user may see its drafts, returns and asks."""
    pilot = get_object_or_404(Pilot.objects.with_members().prefetch_related("localities"), slug=slug)
    if private and not sees_private(user, pilot):
        raise Http404("No such pilot")
    return pilot
