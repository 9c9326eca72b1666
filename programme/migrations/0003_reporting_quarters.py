"""The reporting quarters of the programme (financial-year quarters, 2011/12 to 2014/15) with their due dates.

Our reading: a quarterly return is due by the last day of the month after the quarter ends. The dates are data:
admins can move them in admin.
"""

import calendar
from datetime import date

from django.db import migrations


def quarters():
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


def add_quarters(apps, schema_editor):
    ReportingQuarter = apps.get_model("programme", "ReportingQuarter")
    for label, starts_on, ends_on, due_on in quarters():
        ReportingQuarter.objects.get_or_create(
            label=label, defaults={"starts_on": starts_on, "ends_on": ends_on, "due_on": due_on}
        )


class Migration(migrations.Migration):
    dependencies = [("programme", "0002_plans_asks_milestones_returns")]

    operations = [migrations.RunPython(add_quarters, migrations.RunPython.noop)]
