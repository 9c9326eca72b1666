"""Loading reference data without disturbing what admins have edited.

`fill(model, lookup, values)` creates a row that is missing, and on an existing row fills only the fields
that are still empty: a value already there (perhaps typed in by an admin) is never overwritten. A second
run therefore changes nothing and writes no history.
"""

from dataclasses import dataclass, field

from django.db import models


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    names: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def _empty(value) -> bool:
    return value is None or value == ""


def fill(model: type[models.Model], lookup: dict, values: dict, tally: Tally) -> models.Model:
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        tally.created += 1
        return obj
    changed = [name for name, value in values.items() if _empty(getattr(obj, name)) and not _empty(value)]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
        tally.updated += 1
    else:
        tally.unchanged += 1
    return obj
