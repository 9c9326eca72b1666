"""Loading a council's case file: check every row, then save all of it or nothing.

The rules (the case-file contract, written up for users in docs/import-format.md):

- every error is reported, one line each, as `SHEET row N, column C: message`; with any error nothing is saved;
- a family is matched on (council, reference), a person on (family, person reference);
- for the families in the file, a sheet that is present replaces what is stored: people not in the people sheet are
  removed, and records are replaced by the file's records. A sheet that is absent leaves that kind untouched;
- a row that matches what is stored writes nothing, not even a history row, so a second import changes nothing;
- a dry run checks and counts what would change, and saves nothing.

The file is read by families/containers.py (the container, within its limits) and families/sheets.py (rows
parsed by column), and its rows checked against each other by families/checks.py; this module compares them with
what is stored and saves. The upload page and `import_cases` both call `import_case_file`. Speed matters (a
council loads thousands of families at once): rows are checked in memory, what is stored is read in a handful of
queries, and changes are written with bulk inserts and updates, with their history rows written in bulk too.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from councils.calendar import programme_today
from councils.collector import cycle_collector_paused
from councils.formats import count
from councils.models import Council, User
from families import bulk
from families.casefile import SHEETS, Problem
from families.checks import check
from families.containers import MAX_PROBLEMS
from families.kinds import PEOPLE, RECORD_KINDS, RecordKind
from families.models import Family, Person
from families.sheets import TOO_MANY_PROBLEMS, Row, read_sheets_within_limits

HISTORY_REASON = "Loaded from a case file"

FAMILY_FIELDS = ["identified_on", "crime_asb", "education", "work", "local_discretion", "attached_on", "closed_on"]
PERSON_FIELDS = list(PEOPLE.fields)


class CaseFileErrors(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{count(len(problems), 'problem')} in the case file")
        self.problems = problems


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    records: int = 0
    rows: int = 0  # every row of the file: families, people and records
    dry_run: bool = False
    created_references: list[str] = field(default_factory=list)
    updated_references: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return (
            f"families: {self.created} created, {self.updated} updated, {self.unchanged} unchanged; "
            f"records: {self.records}"
        )


# ---------------------------------------------------------------------------------------------------------------
# Planning and saving: compare with what is stored, then write only the differences.


def _record_key(kind: RecordKind, values: dict) -> tuple:
    return tuple(values[name] for name in kind.fields)


def _history(model, objs: list, user: User | None, update: bool = False) -> None:
    if objs:
        model.history.bulk_history_create(
            objs, update=update, default_user=user, default_change_reason=HISTORY_REASON, batch_size=2000
        )


class _Plan:
    """What the file changes, worked out against the database before anything is written.

    What is stored is read for the whole council in one query per table (joins, not long lists of ids), and
    compared with the file in memory; new rows are kept as plain dicts for the bulk writer."""

    def __init__(self, council: Council, sheets: dict[str, list[Row]], lock: bool):
        self.council = council
        self.sheets = sheets
        self.family_rows = {row.values["reference"]: row for row in sheets["families"]}
        stored = Family.objects.filter(council=council)
        if lock:
            stored = stored.select_for_update()
        self.stored_families = {family.reference: family for family in stored if family.reference in self.family_rows}
        self.changed: set[str] = set()
        self.new_families: list[dict] = []
        self.updated_families: list[Family] = []
        for reference, row in self.family_rows.items():
            family = self.stored_families.get(reference)
            values = {name: row.values[name] for name in FAMILY_FIELDS}
            values["key_worker_id"] = row.values["key_worker_id"]
            if family is None:
                self.new_families.append(
                    {
                        "council_id": council.pk,
                        "reference": reference,
                        "closure_reason": "",
                        "identification_evidence": "",
                        "version": 1,
                        "latest_record_on": None,  # worked out once its records are in (apply)
                        **values,
                    }
                )
            elif any(getattr(family, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(family, name, value)
                family.version += 1
                self.updated_families.append(family)
                self.changed.add(reference)
        self.family_ids = {family.pk: reference for reference, family in self.stored_families.items()}
        self._plan_people()
        self._plan_records()

    def _plan_people(self) -> None:
        self.new_people: list[tuple[tuple[str, str], dict]] = []
        self.updated_people: list[Person] = []
        self.removed_people: list[int] = []
        self.stored_people: dict[tuple[str, str], tuple] = {}
        rows = Person.objects.filter(family__council=self.council).values_list(
            "pk", "family_id", "reference", *PERSON_FIELDS
        )
        if not self.family_ids:
            rows = []  # only new families: nothing stored to compare with
        for pk, family_id, reference, *values in rows:
            family_reference = self.family_ids.get(family_id)
            if family_reference is not None:
                self.stored_people[(family_reference, reference)] = (pk, family_id, tuple(values))
        if "people" not in self.sheets:
            return
        in_file = set()
        for row in self.sheets["people"]:
            key = (row.values["family_reference"], row.values["person_reference"])
            in_file.add(key)
            values = tuple(row.values[name] for name in PERSON_FIELDS)
            stored = self.stored_people.get(key)
            if stored is None:
                self.new_people.append((key, dict(zip(PERSON_FIELDS, values, strict=True))))
                self.changed.add(key[0])
            elif stored[2] != values:
                person = Person(pk=stored[0], family_id=stored[1], reference=key[1])
                for name, value in zip(PERSON_FIELDS, values, strict=True):
                    setattr(person, name, value)
                self.updated_people.append(person)
                self.changed.add(key[0])
        for key, stored in self.stored_people.items():
            if key not in in_file:
                self.removed_people.append(stored[0])
                self.changed.add(key[0])

    def _plan_records(self) -> None:
        self.new_records: dict[str, list[tuple[tuple[str, str], dict]]] = defaultdict(list)
        self.removed_records: dict[str, list[int]] = defaultdict(list)
        self.record_count = 0
        people_by_id = {stored[0]: key for key, stored in self.stored_people.items()}
        removed = set(self.removed_people)
        for kind in RECORD_KINDS:
            if kind.sheet not in self.sheets:
                continue
            stored: dict[tuple, list[int]] = defaultdict(list)
            rows = kind.model.objects.filter(person__family__council=self.council).values_list(
                "pk", "person_id", *kind.fields
            )
            if not people_by_id:
                rows = []
            for pk, person_id, *values in rows:
                person_key = people_by_id.get(person_id)
                if person_key is None or person_id in removed:
                    continue  # another family's, or goes with its person
                stored[(person_key, tuple(values))].append(pk)
            new = self.new_records[kind.sheet]
            for row in self.sheets[kind.sheet]:
                values = row.values
                person_key = (values["family_reference"], values["person_reference"])
                if stored:
                    key = (person_key, _record_key(kind, values))
                    if stored.get(key):
                        stored[key].pop()
                        continue
                new.append((person_key, values))
                self.changed.add(person_key[0])
            self.record_count += len(self.sheets[kind.sheet])
            for (person_key, _values), pks in stored.items():
                if pks:
                    self.removed_records[kind.sheet].extend(pks)
                    self.changed.add(person_key[0])

    def result(self, dry_run: bool) -> ImportResult:
        created = {family["reference"] for family in self.new_families}
        updated = sorted(self.changed - created)
        return ImportResult(
            created=len(created),
            updated=len(updated),
            unchanged=len(self.family_rows) - len(created) - len(updated),
            records=self.record_count,
            rows=sum(len(rows) for rows in self.sheets.values()),
            dry_run=dry_run,
            created_references=sorted(created),
            updated_references=updated,
        )

    def apply(self, user: User | None) -> None:
        now = timezone.now()

        def added(model, rows: list[dict]) -> None:
            bulk.insert(model, rows)
            bulk.insert_history(model, rows, "+", user, HISTORY_REASON, now)

        added(Family, self.new_families)
        Family.objects.bulk_update(self.updated_families, [*FAMILY_FIELDS, "key_worker", "version"], batch_size=1000)
        _history(Family, self.updated_families, user, update=True)
        family_pk = {reference: family.pk for reference, family in self.stored_families.items()}
        family_pk.update({family["reference"]: family["id"] for family in self.new_families})

        if self.removed_people:
            Person.objects.filter(pk__in=self.removed_people).delete()  # with their records and history rows
        Person.objects.bulk_update(self.updated_people, PERSON_FIELDS, batch_size=1000)
        _history(Person, self.updated_people, user, update=True)
        new_people = [
            {"family_id": family_pk[key[0]], "reference": key[1], **values} for key, values in self.new_people
        ]
        added(Person, new_people)
        person_pk = {key: stored[0] for key, stored in self.stored_people.items()}
        person_pk.update({key: row["id"] for (key, _), row in zip(self.new_people, new_people, strict=True)})

        for kind in RECORD_KINDS:
            if self.removed_records.get(kind.sheet):
                kind.model.objects.filter(pk__in=self.removed_records[kind.sheet]).delete()
            records = [
                {"person_id": person_pk[key], **{name: values[name] for name in kind.fields}}
                for key, values in self.new_records.get(kind.sheet, [])
            ]
            added(kind.model, records)

        # The families whose people or records changed (new ones among them) keep their latest record date.
        Family.objects.filter(pk__in=[family_pk[reference] for reference in self.changed]).refresh_latest_record_on()


def import_case_file(
    council: Council,
    source: Path | bytes,
    *,
    filename: str = "",
    user: User | None = None,
    dry_run: bool = False,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Check a case file and, unless it is a dry run, save it. Raises CaseFileErrors listing every problem,
    or CaseFileUnreadable when the file cannot be read at all. `progress`: see `read_sheets_within_limits`."""
    today = today or programme_today()
    with cycle_collector_paused():
        sheets, problems, complete = read_sheets_within_limits(source, filename, progress)
        if complete:
            # Rows are compared with each other even when a heading is wrong: every problem is said in one pass.
            problems += check(sheets, council, today)
        if problems:
            raise CaseFileErrors(_listed(problems))
        with transaction.atomic():
            plan = _Plan(council, sheets, lock=not dry_run)
            if not dry_run:
                plan.apply(user)
            return plan.result(dry_run)


def _listed(problems: list[Problem]) -> list[Problem]:
    """The problems in the file's order, at most MAX_PROBLEMS of them and then a line that says there are more."""
    listed = sorted(set(problems), key=_problem_order)
    if len(listed) > MAX_PROBLEMS:
        last = listed[MAX_PROBLEMS - 1]
        listed = [*listed[: MAX_PROBLEMS - 1], Problem(last.sheet, last.row, "A", TOO_MANY_PROBLEMS, limit=True)]
    return listed


_SHEET_ORDER = {name: index for index, name in enumerate(SHEETS)}


def _problem_order(problem: Problem) -> tuple:
    columns = [column.name for column in SHEETS.get(problem.sheet, [])]
    column = columns.index(problem.column) if problem.column in columns else len(columns)
    return (_SHEET_ORDER.get(problem.sheet, len(SHEETS)), problem.sheet, problem.row, column, problem.message)
