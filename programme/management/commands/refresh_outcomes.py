"""Work out the national outcomes against the baseline from every family's records.

The worker does it every night (programme/tasks.py); `--schedule` queues those nightly runs (`make worker` calls it
at start, and it queues nothing twice). Without it, the command works the outcomes out now."""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from programme import actions, national, tasks


class Command(BaseCommand):
    help = (
        "Recompute the outcomes against the baseline shown on the national picture (as at today by default), "
        "or with --schedule queue the worker's nightly runs."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--on", type=date.fromisoformat, help="The as-at date, YYYY-MM-DD.")
        parser.add_argument(
            "--schedule", action="store_true", help="Queue the nightly tasks that have no run waiting, and stop."
        )

    def handle(self, *args, on: date | None = None, schedule: bool = False, **options) -> None:
        if schedule:
            queued = tasks.schedule_nightly()
            when = timezone.localtime(tasks.next_night(timezone.now()))
            self.stdout.write(
                f"Queued {', '.join(queued)} for {when:%Y-%m-%d %H:%M}" if queued else "Nightly tasks already queued"
            )
            return
        summary = actions.refresh_outcomes(None, on or national.default_as_of())
        self.stdout.write(f"Outcomes as at {summary.as_of}: {summary.rows.count()} rows in {summary.seconds}s")
