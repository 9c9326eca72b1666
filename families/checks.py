"""The rules that tie a case file's rows together (the case-file contract, docs/import-format.md): references
unique and known, people of the right role for their records, dates not in the future and in order, key workers
who are users of the council.
"""

from datetime import date

from councils.models import Council, User
from families.casefile import SHEETS, Problem, a_date
from families.kinds import RECORD_KINDS
from families.models import Person
from families.sheets import Row

DATE_COLUMNS = {
    sheet: [column.name for column in columns if column.parse is a_date] for sheet, columns in SHEETS.items()
}


FUTURE_ALLOWED = {kind.sheet: kind.future_allowed for kind in RECORD_KINDS}


def _check_dates(sheet: str, rows: list[Row], today: date, problems: list[Problem], allowed=()) -> None:
    """No date in the future: one pass a column (this runs for every date of the file)."""
    for name in DATE_COLUMNS[sheet]:
        if name in allowed:
            continue
        for row in rows:
            value = row.values[name]
            if value is not None and value > today:
                problems.append(Problem(sheet, row.number, name, f"{value:%Y-%m-%d} is in the future"))


def _on_or_after(sheet: str, row: Row, later: str, earlier: str, problems: list[Problem], strict=False) -> None:
    a, b = row.values.get(later), row.values.get(earlier)
    if a is not None and b is not None and (a <= b if strict else a < b):
        word = "after" if strict else "on or after"
        problems.append(Problem(sheet, row.number, later, f"must be {word} {earlier} ({b:%Y-%m-%d})"))


def check(sheets: dict[str, list[Row]], council: Council, today: date) -> list[Problem]:
    """The rules between rows, and between rows and the council (key workers); the key worker's id is noted."""
    problems: list[Problem] = []
    workers = {
        email.lower(): pk
        for pk, email in User.objects.filter(council=council, is_active=True).values_list("pk", "email")
        if email
    }
    for sheet, rows in sheets.items():
        _check_dates(sheet, rows, today, problems, FUTURE_ALLOWED.get(sheet, ()))
    families: dict[str, Row] = {}
    for row in sheets.get("families", []):
        values = row.values
        reference = values["reference"]
        if reference in families:
            problems.append(
                Problem(
                    "families", row.number, "reference", f"{reference} is already on row {families[reference].number}"
                )
            )
        elif reference:
            families[reference] = row
        _on_or_after("families", row, "attached_on", "identified_on", problems)
        _on_or_after(
            "families", row, "closed_on", "attached_on" if values.get("attached_on") else "identified_on", problems
        )
        email = values.get("key_worker")
        if email:
            values["key_worker_id"] = workers.get(email.lower())
            if values["key_worker_id"] is None:
                problems.append(
                    Problem("families", row.number, "key_worker", f"{email} is not a user of {council.name}")
                )
        else:
            values["key_worker_id"] = None

    people: dict[tuple[str, str], Row] = {}
    for row in sheets.get("people", []):
        key = (row.values["family_reference"], row.values["person_reference"])
        if key[0] and key[0] not in families:
            problems.append(Problem("people", row.number, "family_reference", f"{key[0]} is not in the families sheet"))
        if key in people:
            problems.append(
                Problem("people", row.number, "person_reference", f"{key[1]} is already on row {people[key].number}")
            )
        elif all(key):
            people[key] = row

    for kind in RECORD_KINDS:
        for row in sheets.get(kind.sheet, []):
            key = (row.values["family_reference"], row.values["person_reference"])
            person = people.get(key)
            if all(key) and person is None:
                where = "family_reference" if key[0] not in families else "person_reference"
                problems.append(
                    Problem(kind.sheet, row.number, where, f"{key[1]} of family {key[0]} is not in the people sheet")
                )
            elif person and kind.role and person.values["role"] and person.values["role"] != kind.role:
                label = kind.sheet.replace("_", " ")
                message = (
                    f"{key[1]} is an adult: {label} are for children"
                    if kind.role == Person.Role.CHILD
                    else f"{key[1]} is a child: {label} is for adults"
                )
                problems.append(Problem(kind.sheet, row.number, "person_reference", message))
        if kind.order:
            later, earlier, strictly = kind.order
            for row in sheets.get(kind.sheet, []):
                _on_or_after(kind.sheet, row, later, earlier, problems, strict=strictly)
    return problems
