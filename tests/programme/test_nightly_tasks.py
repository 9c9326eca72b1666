"""The nightly work is queued in the task table to run after NIGHTLY_AT, and each run queues the next night's."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from families.models import CaseUpload
from funding.models import ClaimableFigure
from programme import national, tasks
from programme.models import OutcomeSummary
from tests.factories.councils import CouncilFactory
from tests.factories.families import FamilyFactory

LONDON = ZoneInfo("Europe/London")
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def queued(settings, monkeypatch):
    settings.TASKS = DATABASE_TASKS
    # The worker runs in the test's transaction here; its check for stale connections would close the test's own.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


def test_the_next_night_is_tonight_before_the_hour_and_tomorrow_from_it(settings):
    settings.NIGHTLY_AT = "02:30"
    assert tasks.next_night(at(2013, 6, 3, 1, 0)) == at(2013, 6, 3, 2, 30)
    assert tasks.next_night(at(2013, 6, 3, 2, 30)) == at(2013, 6, 4, 2, 30)
    assert tasks.next_night(at(2013, 6, 3, 23, 59)) == at(2013, 6, 4, 2, 30)
    # Local time across the change to summer time: still 02:30 on the clock.
    assert tasks.next_night(at(2013, 3, 30, 12, 0)) == at(2013, 3, 31, 2, 30)
    assert tasks.next_night(at(2013, 3, 30, 12, 0)).utcoffset() == dt.timedelta(hours=1)


def test_scheduling_queues_each_nightly_task_once(db, queued):
    out = io.StringIO()
    call_command("refresh_outcomes", "--schedule", stdout=out)
    assert (
        "Queued refresh_outcomes_nightly, tidy_up_nightly, send_reminders_daily, work_out_claimable_nightly"
        in out.getvalue()
    )
    rows = DBTaskResult.objects.order_by("task_path")
    assert [row.task_path for row in rows] == [
        "programme.notices.tasks.send_reminders_daily",
        "programme.tasks.refresh_outcomes_nightly",
        "programme.tasks.tidy_up_nightly",
        "programme.tasks.work_out_claimable_nightly",
    ]
    assert all(row.run_after == tasks.next_night(timezone.now()) for row in rows)
    assert tasks.schedule_nightly() == []
    assert DBTaskResult.objects.count() == 4


def test_a_nightly_run_refreshes_the_outcomes_and_queues_the_next_night(db, queued):
    tasks.schedule_nightly(now=timezone.now() - dt.timedelta(days=1))  # last night's runs, not yet taken
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    done = DBTaskResult.objects.filter(status="SUCCESSFUL")
    assert done.count() == 4
    assert OutcomeSummary.objects.filter(as_of=national.default_as_of()).exists()
    waiting = DBTaskResult.objects.filter(status="READY")
    assert sorted(row.task_path.rsplit(".", 1)[1] for row in waiting) == [
        "refresh_outcomes_nightly",
        "send_reminders_daily",
        "tidy_up_nightly",
        "work_out_claimable_nightly",
    ]
    assert all(row.run_after == tasks.next_night(timezone.now()) for row in waiting)


def test_a_failed_night_still_queues_the_next(db, queued, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("programme.actions.refresh_outcomes", broken)
    tasks.schedule_nightly(now=timezone.now() - dt.timedelta(days=1))
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    assert DBTaskResult.objects.get(task_path__endswith="refresh_outcomes_nightly", status="FAILED")
    assert DBTaskResult.objects.filter(task_path__endswith="refresh_outcomes_nightly", status="READY").count() == 1


def test_tidying_up_keeps_saved_uploads_and_removes_abandoned_ones(alice):
    old = timezone.now() - dt.timedelta(days=2)
    for status in [CaseUpload.Status.CHECKED, CaseUpload.Status.SAVED]:
        upload = CaseUpload.objects.create(
            council=alice.council, filename=f"{status}.xlsx", content=b"x", status=status
        )
        CaseUpload.objects.filter(pk=upload.pk).update(uploaded_at=old)
    CaseUpload.objects.create(council=alice.council, filename="today.xlsx", content=b"x")
    tasks.tidy_up_nightly.call()
    assert sorted(CaseUpload.objects.values_list("filename", flat=True)) == ["saved.xlsx", "today.xlsx"]


@pytest.fixture
def schedules(db):
    from tests.funding.conftest import load_schedules

    return load_schedules()


def test_the_night_works_out_what_each_council_could_claim_on_the_new_day(settings, council, schedules):
    """Before its officers open their homes: the figure is there for the day, worked out by the worker."""
    settings.PROGRAMME_DATE = dt.date(2013, 3, 31)
    FamilyFactory(council=council, reference="TF-1", attached_on=dt.date(2012, 6, 1))
    FamilyFactory(council=CouncilFactory(), reference="TF-2", attached_on=None)  # nothing attached: not worked out
    ClaimableFigure.objects.create(
        council=council, results_on=dt.date(2013, 3, 30), lines=[], computed_at=timezone.now()
    )

    said = tasks.work_out_claimable_nightly.call()

    assert said == "What 1 councils could claim on 2013-03-31, worked out"
    figure = ClaimableFigure.objects.get(council=council)
    assert figure.results_on == dt.date(2013, 3, 31)
    assert [line[1:3] for line in figure.lines] == [["TF-1", "attachment"]]
    assert ClaimableFigure.objects.count() == 1
