"""Work out the national outcomes against the baseline from every family's records (run nightly)."""

from datetime import date

from django.core.management.base import BaseCommand

from programme import actions, national


class Command(BaseCommand):
    help = "Recompute the outcomes against the baseline shown on the national picture (as at today by default)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--on", type=date.fromisoformat, help="The as-at date, YYYY-MM-DD.")

    def handle(self, *args, on: date | None = None, **options) -> None:
        summary = actions.refresh_outcomes(None, on or national.default_as_of())
        self.stdout.write(f"Outcomes as at {summary.as_of}: {summary.rows.count()} rows in {summary.seconds}s")
