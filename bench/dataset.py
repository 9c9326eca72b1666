"""The national data set: 152 councils (seed_programme), 120,000 families spread by the department's estimates
(Birmingham 4,180), with about a million household members and dated records, loaded with PostgreSQL COPY.

Councils whose estimate is not public share what is left of the 120,000 equally (for the benchmark only: the
roster itself keeps their estimate blank). One generator makes the families; it writes them either as COPY
text (the data set, and the COPY floor of the import benchmark) or as a case file (the import benchmark).
"""

import csv
import io
import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import connection

from bench.harness import settle
from councils.models import Council, User
from families.casefile import SHEETS
from families.models import Family

NATIONAL_FAMILIES = 120_000
FIRST_DAY = date(2012, 4, 2).toordinal()
LAST_DAY = date(2015, 3, 31).toordinal()
NAMES = ["Aisha", "Ben", "Chantelle", "Darren", "Ellie", "Faisal", "Grace", "Hamza", "Jade", "Kyle", "Leah", "Owen"]
SURNAMES = ["Ahmed", "Begum", "Brown", "Clarke", "Hussain", "Jones", "Khan", "Patel", "Smith", "Taylor", "Walker"]
LOCAL = ["Domestic violence", "Child in need", "Parental mental health", "Substance misuse", ""]


def iso(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


@dataclass
class SyntheticFamily:
    reference: str
    values: tuple  # identified_on, crime_asb, education, work, local_discretion, attached_on, closed_on
    key_worker: int | None
    people: list[tuple] = field(default_factory=list)  # (reference, role, date_of_birth, name)
    incidents: list[tuple] = field(default_factory=list)  # (person, kind, occurred_on)
    school_terms: list[tuple] = field(default_factory=list)  # (person, start, end, pct, exclusions, permanent)
    employment: list[tuple] = field(default_factory=list)  # (person, benefit, started_on, ended_on)
    work_programme: list[tuple] = field(default_factory=list)  # (person, provision, referred_on)

    @property
    def rows(self) -> int:
        records = len(self.incidents) + len(self.school_terms) + len(self.employment) + len(self.work_programme)
        return 1 + len(self.people) + records


def generate(rng: random.Random, prefix: str, count: int, key_workers: list[int]) -> list[SyntheticFamily]:
    families = []
    for number in range(1, count + 1):
        identified = rng.randint(FIRST_DAY, LAST_DAY - 120)
        attached = identified + rng.randint(3, 90) if rng.random() < 0.85 else None
        closed = attached + rng.randint(150, 600) if attached and rng.random() < 0.15 else None
        crime, education, work = rng.random() < 0.8, rng.random() < 0.75, rng.random() < 0.8
        family = SyntheticFamily(
            f"{prefix}-{number:06d}",
            (
                iso(identified),
                crime,
                education,
                work,
                rng.choice(LOCAL),
                iso(attached) if attached else None,
                iso(min(closed, LAST_DAY)) if closed else None,
            ),
            rng.choice(key_workers) if key_workers and attached else None,
        )
        surname = rng.choice(SURNAMES)
        adults = ["A1"] if rng.random() < 0.55 else ["A1", "A2"]
        children = [f"C{i}" for i in range(1, rng.randint(1, 3) + 1)]
        for ref in adults:
            born = iso(rng.randint(date(1965, 1, 1).toordinal(), date(1992, 12, 31).toordinal()))
            family.people.append((ref, "adult", born, f"{rng.choice(NAMES)} {surname}"))
        for ref in children:
            born = iso(rng.randint(date(1997, 9, 1).toordinal(), date(2008, 8, 31).toordinal()))
            family.people.append((ref, "child", born, f"{rng.choice(NAMES)} {surname}"))
        start = attached or identified
        members = adults + children
        for _ in range(rng.randint(0, 6)):
            kind = "offence" if rng.random() < 0.3 else "asb"
            family.incidents.append((rng.choice(members), kind, iso(rng.randint(start - 180, start + 360))))
        if education:
            term = start + 7
            for _ in range(3):
                pct = f"{rng.randint(0, 4000) / 100:.2f}"
                family.school_terms.append((children[0], iso(term), iso(term + 80), pct, rng.randint(0, 2), False))
                term += 100
        if work and attached and rng.random() < 0.4:
            started = attached + rng.randint(20, 300)
            ended = iso(started + rng.randint(30, 200)) if rng.random() < 0.3 else None
            family.employment.append(("A1", rng.choice(["jsa", "esa", "is", "other"]), iso(started), ended))
        if work and attached and rng.random() < 0.4:
            family.work_programme.append(
                ("A1", rng.choice(["work_programme", "esf"]), iso(attached + rng.randint(10, 200)))
            )
        families.append(family)
    return families


# ---------------------------------------------------------------------------------------------------------------
# COPY


def _line(values) -> str:
    return "\t".join(
        "\\N" if value is None else ("t" if value is True else "f" if value is False else str(value))
        for value in values
    )


TABLES = {
    "family": "families_family (id, council_id, reference, identified_on, crime_asb, education, work, local_discretion,"
    " attached_on, closed_on, key_worker_id, closure_reason, version)",
    "person": "families_person (id, family_id, reference, role, date_of_birth, name)",
    "incident": "families_incident (id, person_id, kind, occurred_on)",
    "school_term": "families_schoolterm (id, person_id, term_start, term_end, unauthorised_absence_pct,"
    " fixed_exclusions, permanently_excluded)",
    "employment": "families_employment (id, person_id, benefit, started_on, ended_on)",
    "work_programme": "families_workprogrammereferral (id, person_id, provision, referred_on)",
}
SEQUENCES = {
    "family": "families_family",
    "person": "families_person",
    "incident": "families_incident",
    "school_term": "families_schoolterm",
    "employment": "families_employment",
    "work_programme": "families_workprogrammereferral",
}


class CopyText:
    """COPY text for the families given, with ids from the current maximum of each table."""

    def __init__(self, next_ids: dict[str, int]):
        self.next_ids = dict(next_ids)
        self.buffers = {name: io.StringIO() for name in TABLES}
        self.rows = 0

    def _id(self, table: str) -> int:
        value = self.next_ids[table]
        self.next_ids[table] += 1
        return value

    def add(self, council_id: int, families: list[SyntheticFamily]) -> None:
        out = self.buffers
        for family in families:
            family_id = self._id("family")
            (identified, crime, education, work, local, attached, closed) = family.values
            row = (family_id, council_id, family.reference, identified, crime, education, work, local)
            out["family"].write(_line((*row, attached, closed, family.key_worker, "", 1)) + "\n")
            person_ids = {}
            for ref, role, born, name in family.people:
                person_ids[ref] = self._id("person")
                out["person"].write(_line((person_ids[ref], family_id, ref, role, born, name)) + "\n")
            for table in ("incident", "school_term", "employment", "work_programme"):
                records = getattr(family, table + "s" if table in ("incident", "school_term") else table)
                for person, *values in records:
                    out[table].write(_line((self._id(table), person_ids[person], *values)) + "\n")
            self.rows += family.rows

    def load(self, cursor) -> None:
        for name, columns in TABLES.items():
            buffer = self.buffers[name]
            buffer.seek(0)
            cursor.copy_expert(f"COPY {columns} FROM STDIN", buffer)

    def flush(self, cursor) -> None:
        """Load what has been added so far and start empty buffers (ids go on): bounded memory at any scale."""
        self.load(cursor)
        self.buffers = {name: io.StringIO() for name in TABLES}

    def history_buffers(self) -> dict[str, tuple[str, io.StringIO]]:
        """The same rows as history rows ("+", now, no user): what the import also writes."""
        when = "2015-01-01 00:00:00+00"
        result = {}
        for name, columns in TABLES.items():
            table, names = columns.split(" ", 1)
            names = names.strip("()").split(", ")
            drop_version = "version" in names
            if drop_version:
                names = names[:-1]  # history keeps no version
            lines = io.StringIO()
            for line in self.buffers[name].getvalue().splitlines():
                fields = line.split("\t")[:-1] if drop_version else line.split("\t")
                lines.write("\t".join([*fields, when, "\\N", "+", "\\N"]) + "\n")
            lines.seek(0)
            history_table = table.replace("families_", "families_historical")
            names += ["history_date", "history_change_reason", "history_type", "history_user_id"]
            result[name] = (f"{history_table} ({', '.join(names)})", lines)
        return result

    def load_history(self, cursor, buffers: dict[str, tuple[str, io.StringIO]]) -> None:
        for columns, buffer in buffers.values():
            buffer.seek(0)
            cursor.copy_expert(f"COPY {columns} FROM STDIN", buffer)


def next_ids(cursor) -> dict[str, int]:
    ids = {}
    for name, table in SEQUENCES.items():
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
        ids[name] = cursor.fetchone()[0]
    return ids


def reset_sequences(cursor) -> None:
    for table in SEQUENCES.values():
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1)) FROM {table}")


# ---------------------------------------------------------------------------------------------------------------
# The case file of the import benchmark


def write_case_file(folder: Path, families: list[SyntheticFamily], emails: dict[int, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)

    def yes(value: bool) -> str:
        return "yes" if value else "no"

    def sheet(name: str, rows) -> None:
        with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow([column.name for column in SHEETS[name]])
            writer.writerows(rows)

    sheet(
        "families",
        (
            (
                f.reference,
                v[0],
                yes(v[1]),
                yes(v[2]),
                yes(v[3]),
                v[4],
                v[5] or "",
                emails.get(f.key_worker, ""),
                v[6] or "",
            )
            for f in families
            for v in [f.values]
        ),
    )
    sheet("people", ((f.reference, *person) for f in families for person in f.people))
    sheet(
        "school_terms",
        ((f.reference, p, s, e, pct, x, yes(perm)) for f in families for p, s, e, pct, x, perm in f.school_terms),
    )
    sheet("incidents", ((f.reference, *record) for f in families for record in f.incidents))
    sheet("employment", ((f.reference, p, b, s, e or "") for f in families for p, b, s, e in f.employment))
    sheet("work_programme", ((f.reference, *record) for f in families for record in f.work_programme))
    return folder


# ---------------------------------------------------------------------------------------------------------------


def spread(councils: list[Council], total: int = NATIONAL_FAMILIES, scale: float = 1.0) -> dict[int, int]:
    """Families per council: its estimate (times `scale`) where known; the rest of `total` shared by the others."""
    known = {c.pk: round(c.troubled_families_estimate * scale) for c in councils if c.troubled_families_estimate}
    unknown = [c.pk for c in councils if not c.troubled_families_estimate]
    left = max(0, total - sum(known.values()))
    counts = dict(known)
    for index, pk in enumerate(unknown):
        counts[pk] = left // len(unknown) + (1 if index < left % len(unknown) else 0)
    return counts


def key_workers_for(council: Council, count: int) -> list[User]:
    workers = [
        User(
            username=f"kw{council.gss_code.lower()}{n}",
            email=f"kw{n}@{council.gss_code.lower()}.invalid",
            role=User.Role.OFFICER,
            council=council,
            first_name=NAMES[n % len(NAMES)],
            last_name=f"Worker {n}",
        )
        for n in range(count)
    ]
    return User.objects.bulk_create(workers)


def build(largest_gss: str = "E08000025", total: int = NATIONAL_FAMILIES) -> dict:
    """Load the national families with COPY; returns counts. Key workers only where the list is measured.

    `total` above the first programme's 120,000 (the expanded programme: 400,000) scales every council's estimate
    by the same factor."""
    councils = list(Council.objects.order_by("pk"))
    counts = spread(councils, total, scale=max(1.0, total / NATIONAL_FAMILIES))
    with connection.cursor() as cursor:
        copy = CopyText(next_ids(cursor.cursor))
        pending = 0
        for council in councils:
            workers = [w.pk for w in key_workers_for(council, 20)] if council.gss_code == largest_gss else []
            copy.add(
                council.pk, generate(random.Random(council.gss_code), council.gss_code, counts[council.pk], workers)
            )
            pending += counts[council.pk]
            if pending >= 25_000:
                copy.flush(cursor.cursor)
                pending = 0
        copy.load(cursor.cursor)
        reset_sequences(cursor)
        Family.objects.refresh_latest_record_on()  # COPY wrote the records: their families' dates, in one UPDATE
    settle()  # statistics, and the visibility map for index-only counts
    return {"councils": len(councils), "families": sum(counts.values()), "rows": copy.rows}
