import csv
import datetime as dt
from pathlib import Path

import pytest

from funding.models import PaymentSchedule

SCHEDULES = Path(__file__).resolve().parents[2] / "programme" / "data" / "payment_schedules.csv"


@pytest.fixture
def schedules(db):
    """The three published schedules, from the same data file seed_programme reads."""
    with SCHEDULES.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            PaymentSchedule.objects.update_or_create(
                financial_year=row["financial_year"],
                defaults={
                    key: (dt.date.fromisoformat(value) if key.endswith("_on") else int(value))
                    for key, value in row.items()
                    if key != "financial_year"
                },
            )
    return list(PaymentSchedule.objects.all())
