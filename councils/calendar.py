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


def age_on(born: date, on: date) -> int:
    """Age in whole years on a date (a birthday counts from its day)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


# --- financial years and their quarters ------------------------------------------------------------------------
# The programme's years run April to March and are written `2012/13`; its quarters are that year's quarters
# (Q1 April to June ... Q4 January to March), so a quarter ends on 30 June, 30 September, 31 December or 31 March.


def financial_year_start(day: date) -> int:
    """The calendar year a day's financial year starts in: 2012 for any day from 1 April 2012 to 31 March 2013."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(start_year: int) -> str:
    """The financial year starting in April of `start_year`, written `2012/13`."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def financial_year_of(day: date) -> str:
    """The financial year (April to March) containing a day, written `2012/13`."""
    return financial_year_label(financial_year_start(day))


def financial_year_bounds(start_year: int) -> tuple[date, date]:
    """The first and last days of the financial year starting in April of `start_year`: 1 April to 31 March."""
    return date(start_year, 4, 1), date(start_year + 1, 3, 31)


def is_financial_year_label(value: str) -> bool:
    """Whether `value` is written like `2012/13` (the second year following the first)."""
    start = value[:4]
    return len(value) == 7 and start.isdigit() and value[4] == "/" and value[5:] == financial_year_label(int(start))[5:]


def financial_quarters(start_year: int) -> list[tuple[str, date, date]]:
    """The four quarters of a financial year: (label, first day, last day), "2012/13 Q1" 1 April to 30 June 2012."""
    quarters = []
    for number, first_month in enumerate((4, 7, 10, 1), start=1):
        year = start_year if first_month >= 4 else start_year + 1
        last_month = first_month + 2
        ends_on = date(year, last_month, calendar.monthrange(year, last_month)[1])
        quarters.append((f"{financial_year_label(start_year)} Q{number}", date(year, first_month, 1), ends_on))
    return quarters


def last_quarter_end(day: date) -> date:
    """The last day of the most recent quarter ended on or before `day` (31 March, 30 June, 30 September, 31
    December): the date a quarterly return is made for."""
    starts = (financial_year_start(day) - 1, financial_year_start(day))
    return max(end for start in starts for _label, _first, end in financial_quarters(start) if end <= day)
