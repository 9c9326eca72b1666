"""Each date-driven reminder goes on its day, judged on the programme date, to the right people, once."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from programme import tasks
from programme.notices.models import Notice
from programme.notices.reminders import send_reminders
from tests.factories.funding import ClaimWindowFactory
from tests.factories.programme import ProgressReturnFactory
from tests.programme.notices.conftest import DUE

DAY = dt.timedelta(days=1)


def sent_on(day: dt.date) -> list[tuple[str, str]]:
    mail.outbox.clear()
    send_reminders(day)
    return sorted((message.to[0], message.subject) for message in mail.outbox)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://pilots.example.gov.uk/"


def test_a_return_due_in_7_days_is_sent_on_that_day_only(pilot, quarter, amir, alice, stranger_approver):
    due_day = DUE - 7 * DAY
    assert sent_on(due_day - DAY) == []
    assert sent_on(due_day) == [(amir.email, "Quarterly return for Birmingham due on 31 July 2014")]
    assert sent_on(due_day + DAY) == []
    body = Notice.objects.get().body
    assert "2014/15 Q1 is due on 31 July 2014, in 7 days" in body
    assert f"https://pilots.example.gov.uk/pilots/birmingham/returns/new/?quarter={quarter.pk}" in body


def test_an_overdue_return_is_sent_the_day_after_its_due_date(pilot, quarter, amir):
    assert sent_on(DUE) == []
    assert sent_on(DUE + DAY) == [(amir.email, "Quarterly return for Birmingham is late")]
    assert sent_on(DUE + 2 * DAY) == []


def test_a_submitted_return_is_not_reminded(pilot, quarter, amir):
    ProgressReturnFactory(pilot=pilot, quarter=quarter, submitted_by=amir)
    assert sent_on(DUE - 7 * DAY) == []
    assert sent_on(DUE + DAY) == []


def test_a_claim_window_opening_in_3_days_goes_to_every_councils_claim_people(
    carol, amir, alice, bob, stranger_approver, dan
):
    ClaimWindowFactory(opens_on=dt.date(2014, 7, 1), closes_on=dt.date(2014, 7, 31), opened_by=carol)
    assert sent_on(dt.date(2014, 6, 27)) == []
    subject = "A claim window opens on 1 July 2014"
    got = sent_on(dt.date(2014, 6, 28))
    assert got == sorted((u.email, subject) for u in [amir, alice, bob, stranger_approver])
    assert sent_on(dt.date(2014, 6, 29)) == []


def test_a_claim_window_closing_in_3_days_is_sent_unless_closed_already(carol, amir, alice):
    window = ClaimWindowFactory(opens_on=dt.date(2014, 7, 1), closes_on=dt.date(2014, 7, 31), opened_by=carol)
    subject = "The claim window closes on 31 July 2014"
    assert sent_on(dt.date(2014, 7, 27)) == []
    assert sent_on(dt.date(2014, 7, 28)) == sorted([(amir.email, subject), (alice.email, subject)])
    assert sent_on(dt.date(2014, 7, 29)) == []
    window.closes_on, window.closed_at = dt.date(2014, 8, 31), timezone.now()
    window.save()
    assert sent_on(dt.date(2014, 8, 28)) == []


def test_a_rerun_of_the_day_sends_nothing_twice(pilot, quarter, amir, carol, alice):
    ClaimWindowFactory(opens_on=DUE - 4 * DAY, closes_on=DUE + 30 * DAY, opened_by=carol)
    day = DUE - 7 * DAY
    first = sent_on(day)
    assert len(first) == 3  # amir: the return and the window; alice: the window
    assert sent_on(day) == []
    assert Notice.objects.count() == 3
    assert all(notice.sent_at for notice in Notice.objects.all())


def test_the_daily_task_runs_in_the_worker_on_the_programme_date(settings, queued, pilot, quarter, amir):
    settings.PROGRAMME_DATE = DUE - 7 * DAY
    tasks.schedule_nightly(now=timezone.now() - dt.timedelta(days=1))  # last night's runs, not yet taken
    assert DBTaskResult.objects.filter(task_path="programme.notices.tasks.send_reminders_daily").count() == 1
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    daily = DBTaskResult.objects.get(task_path="programme.notices.tasks.send_reminders_daily", status="SUCCESSFUL")
    assert daily.return_value.startswith("Reminders for 2014-07-24: 1 return due")
    assert [message.to for message in mail.outbox] == [[amir.email]]
    assert Notice.objects.get().sent_at is not None
    assert DBTaskResult.objects.get(task_path="programme.notices.send.send_notice").status == "SUCCESSFUL"
    # The next night's run is queued, and running the same day again queues no second message.
    waiting = DBTaskResult.objects.get(task_path="programme.notices.tasks.send_reminders_daily", status="READY")
    assert waiting.run_after == tasks.next_night(timezone.now())
    tasks.send_reminders_daily.call()
    assert Notice.objects.count() == 1


def test_a_second_worker_racing_the_first_cannot_record_the_same_notice(pilot, quarter, amir, monkeypatch):
    """Two workers on the same day both pass the "sent already?" look-up before either commits; the unique
    constraint then refuses the second insert, and that worker queues nothing."""
    day = DUE - 7 * DAY
    assert len(sent_on(day)) == 1
    monkeypatch.setattr("programme.notices.send.Notice.objects.filter", lambda **kwargs: Notice.objects.none())
    assert sent_on(day) == []
    assert Notice.objects.count() == 1
