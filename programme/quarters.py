"""The programme's reporting quarters: financial-year quarters from 2011/12 to 2014/15 with their due dates.

Our reading: a quarterly return is due by the last day of the month after the quarter ends. The dates are data
(seeded by `seed_programme`, edited in admin); this only says what they start as.
"""

import calendar
from collections.abc import Iterator
from datetime import date

from councils.calendar import financial_quarters


def reporting_quarters() -> Iterator[tuple[str, date, date, date]]:
    """(label, starts_on, ends_on, due_on) per quarter: ("2012/13 Q1", 1 Apr 2012, 30 Jun 2012, 31 Jul 2012)."""
    for start_year in range(2011, 2015):
        for label, starts_on, ends_on in financial_quarters(start_year):
            due_year, due_month = (ends_on.year, ends_on.month + 1) if ends_on.month < 12 else (ends_on.year + 1, 1)
            due_on = date(due_year, due_month, calendar.monthrange(due_year, due_month)[1])
            yield label, starts_on, ends_on, due_on
