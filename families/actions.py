"""Changes to a family that must not race: an edit is saved only if nobody saved the family since it was opened.

Optimistic locking: the edit form carries the version it was based on, and the save is one
`UPDATE ... WHERE id = %s AND version = n` that also bumps the version. If another save came first, no row
matches, nothing is written, and the officer is told so (StaleFamily): nothing is silently overwritten.
"""

from django.db import transaction
from django.db.models import F

from councils.models import User
from families.access import require_may_change
from families.models import Family


class StaleFamily(Exception):
    """Someone saved the family after this edit was opened."""


EDITABLE = [
    "reference",
    "identified_on",
    "crime_asb",
    "education",
    "work",
    "local_discretion",
    "identification_evidence",
    "key_worker",
    "attached_on",
    "closed_on",
    "closure_reason",
]


def add_family(user: User, data: dict) -> Family:
    require_may_change(user)
    family = Family(council=user.council, **{name: data[name] for name in EDITABLE})
    family._history_user = user
    family.save()
    return family


@transaction.atomic
def update_family(user: User, family: Family, data: dict, version: int | None) -> Family:
    """Save `data` over `family` if it is still at `version`; raise StaleFamily otherwise."""
    require_may_change(user)
    changes = {name: data[name] for name in EDITABLE}
    matched = Family.objects.filter(pk=family.pk, version=version).update(**changes, version=F("version") + 1)
    if not matched:
        raise StaleFamily
    family.refresh_from_db()
    # A queryset update sends no signal, so the history row is written here, in the same transaction.
    Family.history.bulk_history_create([family], update=True, default_user=user)
    return family
