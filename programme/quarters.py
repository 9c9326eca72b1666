"""The programme's reporting quarters: financial-year quarters from 2011/12 to 2014/15 with their due dates.

Our reading: a quarterly return is due by the last day of the month after the quarter ends. The dates are data
(seeded by `seed_programme`, edited in admin); this only says what they start as.
"""

import calendar
from collections.abc import Iterator
from datetime import date


def reporting_quarters() -> Iterator[tuple[str, date, date, date]]:
    """(label, starts_on, ends_on, due_on) per quarter: ("2012/13 Q1", 1 Apr 2012, 30 Jun 2012, 31 Jul 2012)."""
    for start_year in range(2011, 2015):
        label_year = f"{start_year}/{(start_year + 1) % 100:02d}"
        for number, first_month in enumerate((4, 7, 10, 1), start=1):
            year = start_year if first_month >= 4 else start_year + 1
            last_month = first_month + 2
            starts_on = date(year, first_month, 1)
            ends_on = date(year, last_month, calendar.monthrange(year, last_month)[1])
            due_year, due_month = (year, last_month + 1) if last_month < 12 else (year + 1, 1)
            due_on = date(due_year, due_month, calendar.monthrange(due_year, due_month)[1])
            yield f"{label_year} Q{number}", starts_on, ends_on, due_on
