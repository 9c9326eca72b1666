"""The database refuses a family's lines past its schedule's cap, whatever code writes them (migration 0006).

These tests go round the forms and the actions: ClaimLine.objects.create, a queryset update, raw SQL."""

import contextlib
import datetime as dt
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import IntegrityError, connection, connections, transaction

from funding.models import ClaimLine, PaymentSchedule, PaymentType
from tests.factories.families import FamilyFactory
from tests.factories.funding import ClaimFactory

D = dt.date
ATT, CAE, CE, PTW = (
    PaymentType.ATTACHMENT,
    PaymentType.CRIME_ASB_EDUCATION,
    PaymentType.CONTINUOUS_EMPLOYMENT,
    PaymentType.PROGRESS_TO_WORK,
)
ROOT = Path(__file__).resolve().parents[2]


def line(claim, family, payment_type, amount, **fields):
    return ClaimLine.objects.create(
        claim=claim,
        council=claim.council,
        family=family,
        payment_type=payment_type,
        amount=amount,
        financial_year="2012/13",
        reason="written without the rules",
        **fields,
    )


@pytest.fixture
def claim(council, schedules):
    return ClaimFactory(council=council)


@pytest.mark.parametrize(
    ("attached", "fee", "result"),
    [(D(2012, 6, 1), 3200, 700), (D(2013, 6, 1), 2400, 1500), (D(2014, 6, 1), 1600, 2300)],
)
def test_the_cap_of_each_year_is_reached_but_never_passed(claim, attached, fee, result):
    family = FamilyFactory(council=claim.council, identified_on=attached, attached_on=attached)
    line(claim, family, ATT, fee)
    line(claim, family, CAE, result)
    line(claim, family, PTW, 4000 - fee - result)  # exactly the cap: allowed
    with pytest.raises(IntegrityError, match="pass the cap"), transaction.atomic():
        line(claim, family, CE, 1)  # £1 past it
    assert sum(ClaimLine.objects.filter(family=family).values_list("amount", flat=True)) == 4000


def test_the_cap_is_read_from_the_schedule(claim):
    PaymentSchedule.objects.filter(financial_year="2013/14").update(cap=3500)
    family = FamilyFactory(council=claim.council, identified_on=D(2013, 6, 1), attached_on=D(2013, 6, 1))
    line(claim, family, ATT, 2400)
    with pytest.raises(IntegrityError), transaction.atomic():
        line(claim, family, CAE, 1500)  # 3,900: under £4,000 but past this schedule's £3,500
    line(claim, family, CAE, 1100)


def test_raw_sql_is_refused_too(claim):
    family = FamilyFactory(council=claim.council)
    line(claim, family, ATT, 3200)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO funding_claimline (claim_id, council_id, family_id, payment_type, amount, financial_year,"
            " reason, status, status_reason) VALUES (%s, %s, %s, 'continuous_employment', 801, '2012/13', 'x',"
            " 'proposed', '')",
            [claim.pk, claim.council_id, family.pk],
        )


def test_raising_an_amount_or_bringing_a_rejected_line_back_is_refused(claim):
    family = FamilyFactory(council=claim.council)
    line(claim, family, ATT, 3200)
    result = line(claim, family, CAE, 700)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimLine.objects.filter(pk=result.pk).update(amount=900)
    rejected = line(claim, family, CE, 800, status=ClaimLine.Status.REJECTED, status_reason="No evidence")
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimLine.objects.filter(pk=rejected.pk).update(status=ClaimLine.Status.ACCEPTED)
    # Accepting a proposed line, and lowering an amount, are always fine.
    ClaimLine.objects.filter(pk=result.pk).update(status=ClaimLine.Status.ACCEPTED)
    ClaimLine.objects.filter(pk=result.pk).update(amount=600)


def test_rejected_and_removed_lines_do_not_count(claim):
    family = FamilyFactory(council=claim.council)
    line(claim, family, ATT, 3200, status=ClaimLine.Status.REJECTED, status_reason="Wrong date")
    line(claim, family, CAE, 700, status=ClaimLine.Status.REMOVED, status_reason="Not ready")
    line(claim, family, ATT, 3200)
    line(claim, family, CAE, 700)
    line(claim, family, CE, 100)


def test_one_statement_adding_several_lines_is_checked_on_its_whole(claim):
    family = FamilyFactory(council=claim.council)
    lines = [
        ClaimLine(
            claim=claim,
            council=claim.council,
            family=family,
            payment_type=t,
            amount=a,
            financial_year="2012/13",
            reason="x",
        )
        for t, a in ((ATT, 3200), (CAE, 700), (CE, 800))
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimLine.objects.bulk_create(lines)
    assert not ClaimLine.objects.filter(family=family).exists()


@pytest.mark.django_db(transaction=True)
def test_two_transactions_adding_lines_for_one_family_cannot_pass_the_cap_together(council, schedules):
    """Each line fits alone; together they would pass the cap. The trigger locks the family, so the second
    transaction waits for the first and then counts its line."""
    assert connection.vendor == "postgresql"
    claim = ClaimFactory(council=council)
    family = FamilyFactory(council=council)
    line(claim, family, ATT, 3200)
    barrier = threading.Barrier(2)
    outcomes = []

    def add(payment_type):
        try:
            with transaction.atomic():
                barrier.wait()
                line(claim, family, payment_type, 700)
                barrier_wait_or_timeout(barrier)
            outcomes.append("added")
        except IntegrityError:
            outcomes.append("refused")
        except Exception as error:  # a deadlock would also keep the money right, but is not expected here
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add, args=(t,)) for t in (CAE, CE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["added", "refused"]
    assert sum(ClaimLine.objects.not_rejected().filter(family=family).values_list("amount", flat=True)) == 3900


def barrier_wait_or_timeout(barrier):
    """The first transaction holds its lock a moment longer (the second is blocked: the wait times out)."""
    with contextlib.suppress(threading.BrokenBarrierError):
        barrier.wait(timeout=1)


@pytest.mark.django_db(transaction=False)
def test_sqlite_migrates_and_refuses_the_same(tmp_path):
    """`make run` uses SQLite: the migration writes the same trigger there. One process migrates (as `make run` does)
    and then writes the lines."""
    script = """
import datetime as dt
from django.core.management import call_command
from django.db import IntegrityError, transaction
call_command("migrate", interactive=False, verbosity=0)
from councils.models import Council, User
from families.models import Family
from funding.models import Claim, ClaimLine, PaymentSchedule
PaymentSchedule.objects.create(financial_year="2012/13", starts_on=dt.date(2012, 4, 1), ends_on=dt.date(2013, 3, 31),
    attachment=3200, crime_asb_education=700, continuous_employment=800, progress_to_work=100, cap=4000,
    employment_weeks_jsa=13, employment_weeks_other=26)
council = Council.objects.create(gss_code="E08000025", name="Birmingham", kind="metropolitan_district")
user = User.objects.create(username="alice", email="alice@example.org", role="officer", council=council)
family = Family.objects.create(council=council, reference="TF-1", identified_on=dt.date(2012, 5, 1),
    attached_on=dt.date(2012, 6, 1))
claim = Claim.objects.create(council=council, results_on=dt.date(2013, 3, 31), prepared_by=user)
def add(kind, amount):
    ClaimLine.objects.create(claim=claim, council=council, family=family, payment_type=kind, amount=amount,
        financial_year="2012/13", reason="x")
add("attachment", 3200)
add("crime_asb_education", 700)
add("progress_to_work", 100)
try:
    with transaction.atomic():
        add("continuous_employment", 1)
    print("allowed")
except IntegrityError as error:
    print("refused:", error)
"""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip().splitlines()[-1] == "refused: A family's payments would pass the cap"
