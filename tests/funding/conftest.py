import csv
import datetime as dt
from pathlib import Path

import pytest

from funding.models import PaymentSchedule

SCHEDULES = Path(__file__).resolve().parents[2] / "programme" / "data" / "payment_schedules.csv"


def load_schedules() -> list[PaymentSchedule]:
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


@pytest.fixture
def schedules(db):
    return load_schedules()


# --- a council's claim in its steps, shared by the claim tests ----------------------------------------------------

ON = dt.date(2013, 3, 31)  # the results date of the claims these fixtures prepare


@pytest.fixture
def families(council, schedules):
    """Three families of alice and amir's council, attached in June 2012 and referred in August: each has an
    attachment fee and a progress-to-work payment to claim on ON."""
    from tests.factories.families import FamilyFactory, PersonFactory, ReferralFactory

    made = []
    for i in range(3):
        family = FamilyFactory(council=council, reference=f"TF-{i:03d}", attached_on=dt.date(2012, 6, 1))
        ReferralFactory(person=PersonFactory(family=family), referred_on=dt.date(2012, 8, 1))
        made.append(family)
    return made


@pytest.fixture
def window(carol):
    """A claim window open since yesterday, for ten more days."""
    from django.utils import timezone

    from tests.factories.funding import ClaimWindowFactory

    today = timezone.localdate()
    return ClaimWindowFactory(
        opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=10), opened_by=carol
    )


def submit(claim, amir):
    from funding import actions

    return actions.submit_claim(amir, claim, internal_audit="I. Auditor", coordinator="C. Ordinator", declared=True)


@pytest.fixture
def submitted(families, alice, amir, window):
    """alice's claim for the three families on ON, signed off and submitted by amir in the open window."""
    from funding import actions

    return submit(actions.prepare_claim(alice, ON), amir)
