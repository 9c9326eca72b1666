"""The service's one notion of "today" for business dates.

Judging results, due dates, claim windows, late returns and the defaults of forms all ask `programme_today()`,
never `date.today()` or `timezone.localdate()`. The setting PROGRAMME_DATE (YYYY-MM-DD) pins it, so a
demonstration or a training copy of the service can run inside the programme's years (2011 to 2015) and every
page agrees what day it is; empty, it is the real date. Timestamps of who did what and when (`*_at`) stay real.
"""

import calendar
from datetime import date, datetime, time

from django.conf import settings
from django.utils import timezone


def programme_today() -> date:
    """The business date: PROGRAMME_DATE when set, else today's date in the service's time zone."""
    pinned = getattr(settings, "PROGRAMME_DATE", None)
    if pinned:
        return pinned if isinstance(pinned, date) else date.fromisoformat(str(pinned))
    return timezone.localdate()


def programme_now() -> datetime:
    """A moment on the business date, for stamping demo records: now's time of day on `programme_today()`."""
    now = timezone.localtime()
    today = programme_today()
    if today == now.date():
        return now
    return timezone.make_aware(datetime.combine(today, time(now.hour, now.minute, now.second)))


def is_pinned() -> bool:
    return bool(getattr(settings, "PROGRAMME_DATE", None))


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the last day of the month when that day does not exist)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
