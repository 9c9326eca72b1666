"""The daily reminders, one more nightly task of programme/tasks.py: each run first queues the next night's."""

from django_tasks import task

from councils.calendar import programme_today


@task()
def send_reminders_daily() -> str:
    """Queue the reminders that fall on the programme date (notices/reminders.py)."""
    from programme.notices.reminders import send_reminders
    from programme.tasks import schedule_nightly

    schedule_nightly()
    today = programme_today()
    return f"Reminders for {today}: {send_reminders(today)}"
