"""A line rejected as invalid is not offered again (preview, draft claim, results pages) until the family's records
change after the rejection, so a recovery is not paid straight back."""

import datetime as dt

import pytest
from django.utils import timezone

from councils.access import Refused
from councils.formats import long_date
from families.models import Person, SchoolTerm
from funding import actions
from funding.models import ClaimLine, PaymentType, Recovery
from funding.results import claimable_lines, decide_council, load_council_records
from tests.factories.families import (
    ChildFactory,
    EmploymentFactory,
    FamilyFactory,
    IncidentFactory,
    PersonFactory,
    ReferralFactory,
    SchoolTermFactory,
)
from tests.factories.funding import ClaimLineFactory, ClaimWindowFactory
from tests.funding.results_cases import decide

D = dt.date
ON = D(2013, 3, 31)
ATT, CE, PTW = PaymentType.ATTACHMENT, PaymentType.CONTINUOUS_EMPLOYMENT, PaymentType.PROGRESS_TO_WORK


@pytest.fixture
def family(council, schedules):
    family = FamilyFactory(council=council, reference="TF-1", attached_on=D(2012, 6, 1))
    adult = PersonFactory(family=family, reference="A1")
    ChildFactory(family=family, reference="C1")
    ReferralFactory(person=adult, referred_on=D(2012, 8, 1))
    SchoolTermFactory(person=family.people.get(reference="C1"))
    return family


def reject(family, payment_type, amount, at=None):
    return ClaimLineFactory(
        claim__council=family.council,
        family=family,
        payment_type=payment_type,
        amount=amount,
        status=ClaimLine.Status.REJECTED,
        status_reason="No evidence",
        decided_at=at or timezone.now(),
    )


def test_a_rejected_line_is_held_back_on_unchanged_records(family):
    line = reject(family, ATT, 3200)
    decision = decide(family, ON)[ATT]
    assert not decision.is_proposed
    assert decision.achieved  # the rule is still met: it is the rejection that holds it back
    assert decision.reason == (
        f"Rejected as invalid on {long_date(timezone.localdate(line.decided_at))}; offered again when the "
        "family's records change. On this date: Attached on 1 June 2012"
    )
    assert [(f.reference, d.payment_type) for f, d in claimable_lines(family.council, ON)] == [("TF-1", PTW)]


def _change_field(family):
    family.local_discretion = "domestic violence"
    family.save()


def _add_person(family):
    PersonFactory(family=family, reference="A2")


def _change_person(family):
    person = family.people.get(reference="A1")
    person.date_of_birth = D(1981, 1, 1)
    person.save()


def _remove_person(family):
    family.people.get(reference="C1").delete()


def _add_record(family):
    IncidentFactory(person=family.people.get(reference="A1"), occurred_on=D(2012, 3, 1))


def _change_record(family):
    term = SchoolTerm.objects.get(person__family=family)
    term.unauthorised_absence_pct = 7
    term.save()


def _remove_record(family):
    SchoolTerm.objects.filter(person__family=family).delete()


@pytest.mark.parametrize(
    "change",
    [_change_field, _add_person, _change_person, _remove_person, _add_record, _change_record, _remove_record],
)
def test_any_change_of_the_familys_records_after_the_rejection_offers_it_again(family, change):
    line = reject(family, ATT, 3200)
    change(family)
    decision = decide(family, ON)[ATT]
    assert decision.is_proposed and decision.amount == 3200
    assert decision.reason.endswith(
        f"offered again: rejected as invalid on {long_date(timezone.localdate(line.decided_at))}, "
        "the family's records have changed since"
    )


def test_a_change_before_the_rejection_does_not(family):
    _add_record(family)
    reject(family, ATT, 3200)
    assert not decide(family, ON)[ATT].is_proposed


def test_the_latest_rejection_counts(family):
    reject(family, ATT, 3200, at=timezone.now() - dt.timedelta(days=30))
    _add_record(family)  # after the first rejection, before the second
    reject(family, ATT, 3200)
    assert not decide(family, ON)[ATT].is_proposed


def test_an_other_councils_changes_and_other_families_do_not_count(family, other_council, schedules):
    reject(family, ATT, 3200)
    FamilyFactory(council=family.council, reference="TF-2")
    FamilyFactory(council=other_council)
    assert not decide(family, ON)[ATT].is_proposed


def test_continuous_employment_held_back_lets_progress_to_work_be_paid(family):
    EmploymentFactory(person=family.people.get(reference="A1"), benefit="jsa", started_on=D(2012, 9, 3))
    assert PTW not in {d.payment_type for d in decide(family, ON).values() if d.is_proposed}
    reject(family, CE, 800)
    decisions = decide(family, ON)
    assert not decisions[CE].is_proposed
    assert decisions[PTW].is_proposed  # continuous employment is not claimable: the referral is paid


def test_loading_rejections_takes_a_fixed_number_of_queries(council, schedules, django_assert_max_num_queries):
    for i in range(20):
        family = FamilyFactory(council=council, reference=f"TF-{i:02d}", attached_on=D(2012, 6, 1))
        person = PersonFactory(family=family)
        ReferralFactory(person=person)
        reject(family, ATT, 3200)
    with django_assert_max_num_queries(14):
        results = decide_council(load_council_records(council), ON)
    assert not any(d.payment_type == ATT for r in results for d in r.proposed)


# --- the workflow: a paid line rejected after payment ---


@pytest.fixture
def paid_claim(family, alice, amir, carol, sam):
    today = timezone.localdate()
    ClaimWindowFactory(opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=10), opened_by=carol)
    claim = actions.prepare_claim(alice, ON)
    actions.submit_claim(amir, claim, internal_audit="I. Auditor", coordinator="C. Ordinator", declared=True)
    actions.draw_sample(carol, claim, rate=100, seed=1)
    for check in claim.spot_checks.all():
        actions.record_check(carol, check, passed=True, notes="")
    actions.accept_remaining_lines(carol, claim)
    actions.approve_claim(sam, claim)  # whoever checked a line cannot approve its claim
    return actions.pay_claim(carol, claim, reference="PAY-1")


def test_a_recovery_is_not_paid_straight_back(paid_claim, family, alice, carol):
    assert paid_claim.lines.get(payment_type=ATT).paid_at is not None
    line = paid_claim.lines.get(payment_type=ATT)
    actions.decide_line(carol, line, accept=False, reason="Attached after the claim date")
    assert Recovery.objects.get().amount == 3200
    assert paid_claim.events.last().detail.endswith(
        "recovered from the next payment; not offered again until the family's records change"
    )
    # Nothing else to claim on unchanged records: the £3,200 is not offered again.
    with pytest.raises(Refused, match="nothing to claim"):
        actions.prepare_claim(alice, ON)
    assert claimable_lines(family.council, ON) == []
    # The council corrects the family's records: the fee is offered again, saying why.
    person = Person.objects.get(family=family, reference="A1")
    person.date_of_birth = D(1979, 1, 1)
    person.save()
    claim = actions.prepare_claim(alice, ON)
    again = claim.lines.get()
    assert (again.payment_type, again.amount) == (ATT, 3200)
    assert "offered again: rejected as invalid on" in again.reason
