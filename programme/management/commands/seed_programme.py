"""Load the real roster: councils, pilots and their members, pooling areas, payment schedules and grants."""

import csv
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import slugify

from councils.models import Council
from funding.models import Grant, PaymentSchedule, ProgrammeBudget
from programme.models import Locality, Membership, Pilot, PoolingArea, ReportingQuarter
from programme.quarters import reporting_quarters
from programme.seeding import Tally, fill

DATA = Path(__file__).resolve().parents[2] / "data"


def read(name: str) -> list[dict[str, str]]:
    with open(DATA / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def optional_date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


class Command(BaseCommand):
    help = "Load the councils, pilots, pooling areas, payment schedules and grants. Safe to run again."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        self.report("councils", self.load_councils())
        self.report("pilots", self.load_pilots())
        self.report("pooling areas", self.load_pooling_areas())
        self.report("payment schedules", self.load_schedules())
        self.report("grants", self.load_grants())
        self.report("programme budget", self.load_budget())
        self.report("reporting quarters", self.load_quarters())

    def report(self, what: str, tally: Tally) -> None:
        self.stdout.write(f"{what}: {tally}")

    def load_councils(self) -> Tally:
        tally = Tally()
        for row in read("councils.csv"):
            estimate = row["troubled_families_estimate"]
            fill(
                Council,
                {"gss_code": row["gss_code"]},
                {
                    "name": row["name"],
                    "official_name": row["official_name"],
                    "kind": row["kind"],
                    "region": row["region"],
                    "former_gss_codes": row["former_gss_codes"],
                    # Blank means not published: left blank for an admin to fill in, never invented.
                    "troubled_families_estimate": int(estimate) if estimate else None,
                    "estimate_source": row["estimate_source"],
                },
                tally,
            )
        return tally

    def load_pilots(self) -> Tally:
        tally = Tally()
        councils = {c.gss_code: c for c in Council.objects.all()}
        slugs: set[str] = set()
        for row in read("pilots.csv"):
            slug = slugify(row["name"])
            if slug in slugs:  # the same area in both phases (Essex, Greater Manchester)
                slug = f"{slug}-{row['strand'].replace('_', '-')}"
            slugs.add(slug)
            started_on = optional_date(row["started_on"])
            pilot = fill(
                Pilot,
                {"name": row["name"], "phase": row["phase"], "strand": row["strand"]},
                {
                    "slug": slug,
                    "lead_body": row["lead_body"],
                    "announced_on": optional_date(row["announced_on"]),
                    "started_on": started_on,
                    "status": Pilot.Status.LIVE if started_on else Pilot.Status.ANNOUNCED,
                },
                tally,
            )
            members = [g for g in row["member_gss"].split(";") if g]
            existing = set(pilot.memberships.values_list("council__gss_code", flat=True))
            has_lead = pilot.memberships.filter(is_lead=True).exists()
            for gss in members:
                if gss not in existing:
                    Membership.objects.create(
                        pilot=pilot, council=councils[gss], is_lead=(gss == row["lead_gss"] and not has_lead)
                    )
            names = set(pilot.localities.values_list("name", flat=True))
            for name in (n.strip() for n in row["localities"].split(";")):
                if name and name not in names:
                    Locality.objects.create(pilot=pilot, name=name)
        return tally

    def load_pooling_areas(self) -> Tally:
        tally = Tally()
        councils = {c.gss_code: c for c in Council.objects.all()}
        for row in read("pooling_areas.csv"):
            fill(
                PoolingArea,
                {"name": row["area"]},
                {"council": councils.get(row["gss_code"]), "note": row["note"]},
                tally,
            )
        return tally

    def load_schedules(self) -> Tally:
        tally = Tally()
        for row in read("payment_schedules.csv"):
            values = {k: v for k, v in row.items() if k != "financial_year"}
            values["starts_on"] = date.fromisoformat(values["starts_on"])
            values["ends_on"] = date.fromisoformat(values["ends_on"])
            for key in values:
                if key not in ("starts_on", "ends_on"):
                    values[key] = int(values[key])
            fill(PaymentSchedule, {"financial_year": row["financial_year"]}, values, tally)
        return tally

    def load_grants(self) -> Tally:
        tally = Tally()
        for row in read("grants.csv"):
            fill(
                Grant,
                {
                    "scheme": row["scheme"],
                    "recipient": row["recipient"],
                    "financial_year": row["financial_year"],
                },
                {"amount": int(row["amount"]), "note": row["note"]},
                tally,
            )
        return tally

    def load_budget(self) -> Tally:
        tally = Tally()
        fill(
            ProgrammeBudget,
            {"name": "Troubled Families 2012-15"},
            {
                "total": 448_000_000,
                "first_year": "2012/13",
                "last_year": "2014/15",
                "source": "£448m over three years, drawn from several departments' budgets",
            },
            tally,
        )
        return tally

    def load_quarters(self) -> Tally:
        tally = Tally()
        for label, starts_on, ends_on, due_on in reporting_quarters():
            fill(
                ReportingQuarter,
                {"label": label},
                {"starts_on": starts_on, "ends_on": ends_on, "due_on": due_on},
                tally,
            )
        return tally
