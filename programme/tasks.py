"""The service's nightly work, as tasks that the worker runs (docs/decisions/0006-background-tasks.md).

Each nightly task is queued to run after the next NIGHTLY_AT (local time, 02:30 by default), with the task
framework's own `run_after`; when it runs, it first queues its run of the following night, so one failure never
stops the nights after it, and a worker that was down runs a missed night once when it is back. `schedule_nightly`
queues whichever nightly task has no run waiting: `make worker` calls it at start (`refresh_outcomes --schedule`),
so a new deployment needs no step of its own, and calling it again, from any number of workers at once, queues
nothing twice. There is no cron line and no timer of our own: the worker takes each run from the database when
its time has come, like any other task.
"""

import logging
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, default_task_backend, task

from programme.notices.tasks import send_reminders_daily

logger = logging.getLogger(__name__)

TASK_RESULTS_KEPT_DAYS = 3  # finished tasks (e-mail bodies with their links among them) go after this


@task()
def refresh_outcomes_nightly() -> str:
    """The national picture's outcomes against the baseline, as at its default date (programme/national/outcomes.py)."""
    from programme import actions, national

    schedule_nightly()
    if connection.vendor != "postgresql":
        return "Outcomes are worked out on PostgreSQL only: nothing to do on this database."
    summary = actions.refresh_outcomes(None, national.default_as_of())
    return f"Outcomes as at {summary.as_of} in {summary.seconds}s"


@task()
def tidy_up_nightly() -> str:
    """Expired sessions, case files never confirmed, and finished tasks older than TASK_RESULTS_KEPT_DAYS."""
    from django_tasks_db.models import DBTaskResult

    from families.models import CaseUpload

    schedule_nightly()
    now = timezone.now()
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    uploads, _ = (
        CaseUpload.objects.exclude(status=CaseUpload.Status.SAVED).filter(uploaded_at__lt=now - timedelta(days=1))
    ).delete()
    finished = DBTaskResult.objects.finished().filter(finished_at__lt=now - timedelta(days=TASK_RESULTS_KEPT_DAYS))
    results, _ = finished.delete()
    return f"Removed {sessions} expired sessions, {uploads} unconfirmed uploads, {results} finished tasks"


@task()
def work_out_claimable_nightly() -> str:
    """What each council with attached families could claim on the new day, worked out before its officers open
    their homes: the home works the day's figure out on its first visit otherwise, and the largest council's takes
    a second or more (funding/claimable.py)."""
    from councils.calendar import programme_today
    from councils.models import Council
    from funding import claimable

    schedule_nightly()
    today = programme_today()
    councils = Council.objects.filter(families__attached_on__isnull=False).distinct().order_by("pk")
    worked_out = [claimable.work_out(council, today) for council in councils]
    return f"What {len(worked_out)} councils could claim on {today.isoformat()}, worked out"


NIGHTLY = [refresh_outcomes_nightly, tidy_up_nightly, send_reminders_daily, work_out_claimable_nightly]


def next_night(now: datetime) -> datetime:
    """The first NIGHTLY_AT (local time) after `now`."""
    hours, minutes = (int(part) for part in settings.NIGHTLY_AT.split(":"))
    local = timezone.localtime(now)
    at = timezone.make_aware(datetime.combine(local.date(), time(hours, minutes)))
    return at if at > now else timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), at.time()))


def schedule_nightly(now: datetime | None = None) -> list[str]:
    """Queue the next run of each nightly task that has none waiting; the names of those queued."""
    if not default_task_backend.supports_defer:
        return []  # the immediate backend (tests) runs tasks at once: nothing can wait for the night
    from django_tasks_db.models import DBTaskResult

    when = next_night(now or timezone.now())
    queued = []
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # One worker at a time decides (SQLite's write lock does the same there).
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext('programme.tasks.schedule_nightly'))")
        waiting = set(
            DBTaskResult.objects.filter(status=TaskResultStatus.READY).values_list("task_path", flat=True).distinct()
        )
        for nightly in NIGHTLY:
            if nightly.module_path not in waiting:
                nightly.using(run_after=when).enqueue()
                queued.append(nightly.name)
    if queued:
        logger.info("Queued %s for %s", ", ".join(queued), when.isoformat())
    return queued
