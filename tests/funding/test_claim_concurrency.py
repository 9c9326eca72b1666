"""Two people claiming the same family's payments at the same moment, on two PostgreSQL connections.

Exactly one succeeds; no interleaving pays a payment type twice or passes the cap."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from councils.access import Refused
from councils.models import User
from funding import actions
from funding.models import ClaimLine, PaymentSchedule
from tests.factories.councils import CouncilFactory, UserFactory
from tests.factories.families import EmploymentFactory, FamilyFactory, IncidentFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)
ON = dt.date(2013, 3, 31)


def run_together(*jobs):
    """Run each job in its own thread (so on its own database connection), started at the same moment."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            outcomes[index] = job()
        except Exception as error:
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.fixture
def setting():
    assert connection.vendor == "postgresql"
    PaymentSchedule.objects.create(
        financial_year="2012/13",
        starts_on=dt.date(2012, 4, 1),
        ends_on=dt.date(2013, 3, 31),
        attachment=3200,
        crime_asb_education=700,
        continuous_employment=800,
        progress_to_work=100,
        cap=4000,
        employment_weeks_jsa=13,
        employment_weeks_other=26,
    )
    council = CouncilFactory(gss_code="E08000025", name="Birmingham", troubled_families_estimate=4180)
    family = FamilyFactory(council=council, reference="TF-1", attached_on=dt.date(2012, 6, 1))
    adult = PersonFactory(family=family)
    for day in range(5):
        IncidentFactory(person=adult, kind="asb", occurred_on=dt.date(2012, 1, 2 + day))
    EmploymentFactory(person=adult, benefit="jsa", started_on=dt.date(2012, 9, 3))
    officers = [UserFactory(role=User.Role.OFFICER, council=council) for _ in range(2)]
    approvers = [UserFactory(role=User.Role.APPROVER, council=council) for _ in range(2)]
    return family, officers, approvers


def prepare_and_submit(officer, approver):
    claim = actions.prepare_claim(officer, ON)
    return actions.submit_claim(approver, claim, internal_audit="Audit", coordinator="Coordinator", declared=True)


def test_two_preparations_at_once_one_succeeds(setting):
    family, officers, approvers = setting
    outcomes = run_together(
        *(lambda o=o, a=a: prepare_and_submit(o, a) for o, a in zip(officers, approvers, strict=True))
    )
    successes = [o for o in outcomes if not isinstance(o, Exception)]
    failures = [o for o in outcomes if isinstance(o, Exception)]
    assert len(successes) == 1, outcomes
    assert len(failures) == 1 and isinstance(failures[0], Refused), outcomes
    lines = ClaimLine.objects.not_rejected().filter(family=family)
    assert sorted(lines.values_list("payment_type", "amount")) == [
        ("attachment", 3200),
        ("continuous_employment", 100),
        ("crime_asb_education", 700),
    ]
    assert sum(ln.amount for ln in lines) <= 4000


def test_many_preparations_never_pass_the_cap_or_repeat_a_type(setting):
    family, officers, _ = setting
    jobs = [lambda o=officers[i % 2]: actions.prepare_claim(o, ON) for i in range(4)]
    outcomes = run_together(*jobs)
    assert sum(not isinstance(o, Exception) for o in outcomes) == 1, outcomes
    types = list(ClaimLine.objects.not_rejected().filter(family=family).values_list("payment_type", flat=True))
    assert len(types) == len(set(types))
    assert sum(ClaimLine.objects.not_rejected().filter(family=family).values_list("amount", flat=True)) == 4000
