"""What the family page shows: the dated timeline of a family's records, and its change history.

Both are read in a fixed number of queries, whatever the size of the family. Central staff never see a name or a
date of birth: people are named by their reference, and changes to personal details are shown without values.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from councils.formats import long_date
from councils.models import User
from families.kinds import PEOPLE, RECORD_KINDS, kind_of
from families.models import Family, Person

PERSONAL = {"name", "date_of_birth"}


def person_label(person: Person, user: User) -> str:
    role = person.get_role_display().lower()
    if user.sees_personal_details and person.name:
        return f"{person.name} ({role} {person.reference})"
    return f"Person {person.reference} ({role})"


@dataclass
class Event:
    on: date
    title: str
    detail: str = ""
    kind: str = ""  # the record kind's slug, for the edit and delete links
    pk: int | None = None


def timeline(family: Family, people: list[Person], user: User) -> list[Event]:
    """Every dated thing about the family, oldest first."""
    events = [Event(family.identified_on, "Identified", family.criteria_summary)]
    if family.attached_on:
        events.append(Event(family.attached_on, "Attached", "Work with the family started"))
    if family.closed_on:
        events.append(Event(family.closed_on, "Case closed", family.closure_reason))
    for person in people:
        who = person_label(person, user)
        for kind in RECORD_KINDS:
            for record in getattr(person, kind.related_name).all():
                title, detail = kind.event(record, who)
                events.append(Event(getattr(record, kind.date_field), title, detail, kind.slug, record.pk))
    return sorted(events, key=lambda event: (event.on, event.kind != ""))


@dataclass
class Change:
    at: datetime
    by: str
    action: str
    what: str
    changes: list[str] = field(default_factory=list)
    reason: str = ""


HISTORY_LIMIT = 100
ACTIONS = {"+": "Added", "~": "Changed", "-": "Removed"}


def _describe(model, row, people: dict[int, str], user: User) -> str:
    if model is Family:
        return "family details"
    if model is Person:
        role = "adult" if row.role == "adult" else "child"
        if user.sees_personal_details and row.name:
            return f"{PEOPLE.history_noun} {row.name} ({role} {row.reference})"
        return f"{PEOPLE.history_noun} person {row.reference} ({role})"
    return f"{kind_of(model).history_noun} of {people.get(row.person_id, 'a former member')}"


def _field_changes(model, before, after, user: User) -> list[str]:
    changes = []
    for model_field in model._meta.fields:
        name = model_field.attname
        if name in ("id", "family_id", "person_id", "council_id", "version") or not hasattr(after, name):
            continue
        old, new = getattr(before, name), getattr(after, name)
        if old == new:
            continue
        label = str(model_field.verbose_name).capitalize()
        if name in PERSONAL and not user.sees_personal_details:
            changes.append(f"{label} changed")
        elif name == "key_worker_id":
            changes.append(f"{label}: changed")
        else:
            changes.append(f"{label}: {_show(old)} → {_show(new)}")
    return changes


def _show(value) -> str:
    if value in (None, ""):
        return "blank"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, date):
        return long_date(value)
    return str(value)


def change_history(family: Family, user: User) -> list[Change]:
    """The family's history and its people's and records', newest first (the last HISTORY_LIMIT changes)."""
    person_rows = list(
        Person.history.filter(family_id=family.pk).select_related("history_user").order_by("history_date")
    )
    person_ids = {row.id for row in person_rows}
    names: dict[int, str] = {}
    for row in person_rows:
        names[row.id] = _describe(Person, row, {}, user).removeprefix(f"{PEOPLE.history_noun} ")
    streams = [
        (Family, list(Family.history.filter(id=family.pk).select_related("history_user").order_by("history_date")))
    ]
    streams.append((Person, person_rows))
    for model in (kind.model for kind in RECORD_KINDS):
        rows = model.history.filter(person_id__in=person_ids).select_related("history_user").order_by("history_date")
        streams.append((model, list(rows)))
    changes: list[Change] = []
    for model, rows in streams:
        previous: dict[int, object] = {}
        for row in rows:
            before = previous.get(row.id)
            previous[row.id] = row
            detail = _field_changes(model, before, row, user) if row.history_type == "~" and before else []
            if row.history_type == "~" and before is not None and not detail:
                continue
            by = str(row.history_user) if row.history_user else "the system"
            what = _describe(model, row, names, user)
            changes.append(
                Change(row.history_date, by, ACTIONS[row.history_type], what, detail, row.history_change_reason or "")
            )
    changes.sort(key=lambda change: change.at, reverse=True)
    return changes[:HISTORY_LIMIT]
