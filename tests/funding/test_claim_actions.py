"""Each claim transition, who may make it, and what it records."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from councils.access import Refused
from councils.models import User
from funding import actions
from funding.models import Claim, ClaimLine, ClaimWindow, PaymentSchedule, Recovery
from tests.factories.councils import UserFactory
from tests.factories.families import FamilyFactory
from tests.funding.conftest import submit

D = dt.date
ON = D(2013, 3, 31)


def test_an_officer_prepares_a_draft_with_the_claimable_lines(families, alice):
    claim = actions.prepare_claim(alice, ON)
    assert claim.status == Claim.Status.DRAFT
    assert claim.prepared_by == alice
    assert sorted((ln.family.reference, ln.payment_type, ln.amount) for ln in claim.lines.all()) == [
        (f"TF-{i:03d}", t, a) for i in range(3) for t, a in (("attachment", 3200), ("progress_to_work", 100))
    ]
    assert [e.action for e in claim.events.all()] == ["Prepared"]


@pytest.mark.parametrize("who", ["amir", "bob", "carol", "dan"])
def test_only_an_officer_prepares(families, who, request):
    with pytest.raises(Refused):
        actions.prepare_claim(request.getfixturevalue(who), ON)


def test_a_second_draft_has_only_what_is_left(families, alice):
    actions.prepare_claim(alice, ON)
    with pytest.raises(Refused, match="nothing to claim"):
        actions.prepare_claim(alice, ON)


def test_a_removed_line_can_be_claimed_again(families, alice):
    claim = actions.prepare_claim(alice, ON)
    line = claim.lines.first()
    actions.remove_line(alice, line, "Evidence not yet on file")
    line.refresh_from_db()
    assert (line.status, line.status_reason) == (ClaimLine.Status.REMOVED, "Evidence not yet on file")
    again = actions.prepare_claim(alice, ON)
    assert [(ln.family_id, ln.payment_type) for ln in again.lines.all()] == [(line.family_id, line.payment_type)]


def test_removing_needs_a_reason_and_the_council(families, alice, bob):
    line = actions.prepare_claim(alice, ON).lines.first()
    with pytest.raises(Refused, match="Say why"):
        actions.remove_line(alice, line, "  ")
    with pytest.raises(Refused):
        actions.remove_line(bob, line, "not mine")


def test_an_approver_who_did_not_prepare_submits(families, alice, amir, window):
    claim = submit(actions.prepare_claim(alice, ON), amir)
    assert (claim.status, claim.submitted_by, claim.window) == (Claim.Status.SUBMITTED, amir, window)
    assert claim.internal_audit_sign_off == "I. Auditor"


def test_the_preparer_cannot_submit(families, council):
    officer = UserFactory(role=User.Role.OFFICER, council=council)
    claim = actions.prepare_claim(officer, ON)
    officer.role = User.Role.APPROVER
    officer.save()
    with pytest.raises(Refused, match="prepared a claim cannot also submit"):
        submit(claim, officer)


@pytest.mark.parametrize("who", ["alice", "bob", "carol"])
def test_others_cannot_submit(families, alice, who, request):
    claim = actions.prepare_claim(alice, ON)
    with pytest.raises(Refused):
        submit(claim, request.getfixturevalue(who))


def test_the_declaration_and_sign_offs_are_required(families, alice, amir):
    claim = actions.prepare_claim(alice, ON)
    with pytest.raises(Refused, match="declaration"):
        actions.submit_claim(amir, claim, internal_audit="a", coordinator="b", declared=False)
    with pytest.raises(Refused, match="internal audit"):
        actions.submit_claim(amir, claim, internal_audit=" ", coordinator="b", declared=True)


def test_a_claim_outside_a_window_waits_for_the_next(families, alice, amir, carol):
    claim = submit(actions.prepare_claim(alice, ON), amir)
    today = timezone.localdate()
    assert claim.window is None and claim.is_waiting_for_window(today)
    with pytest.raises(Refused, match="waits for the next claim window"):
        actions.draw_sample(carol, claim)
    window = actions.open_window(carol, today + dt.timedelta(days=5), today + dt.timedelta(days=20))
    claim.refresh_from_db()
    assert claim.window == window and claim.is_waiting_for_window(today)
    assert claim not in Claim.objects.awaiting_review(today)
    assert claim in Claim.objects.awaiting_review(today + dt.timedelta(days=5))


def test_a_claim_submitted_before_a_planned_window_joins_it(families, alice, amir, carol):
    today = timezone.localdate()
    planned = actions.open_window(carol, today + dt.timedelta(days=3), today + dt.timedelta(days=9))
    claim = submit(actions.prepare_claim(alice, ON), amir)
    assert claim.window == planned
    assert "waits for the window opening on" in claim.events.last().detail


def test_windows_do_not_overlap_and_only_central_opens_them(carol, alice):
    today = timezone.localdate()
    actions.open_window(carol, today, today + dt.timedelta(days=9))
    with pytest.raises(Refused, match="overlaps"):
        actions.open_window(carol, today + dt.timedelta(days=9), today + dt.timedelta(days=19))
    with pytest.raises(Refused):
        actions.open_window(alice, today + dt.timedelta(days=30), today + dt.timedelta(days=40))


def test_closing_a_window_ends_it_today(carol, window):
    actions.close_window(carol, window)
    window.refresh_from_db()
    assert window.closes_on == timezone.localdate() and window.closed_by == carol
    assert not ClaimWindow.objects.open_on(timezone.localdate() + dt.timedelta(days=1)).exists()


def test_review_sample_approve_and_pay(submitted, carol, sam):
    checks = actions.draw_sample(carol, submitted, seed=42)
    assert len(checks) == 1  # 5% of 6 lines, at least one
    actions.record_check(carol, checks[0], passed=True, notes="Evidence seen")
    for line in submitted.lines.filter(status=ClaimLine.Status.PROPOSED):
        actions.decide_line(carol, line, accept=True)
    claim = actions.approve_claim(sam, submitted)
    assert claim.status == Claim.Status.APPROVED
    claim = actions.pay_claim(carol, claim, reference="PAY-1")
    assert (claim.status, claim.amount_paid, claim.amount_recovered) == (Claim.Status.PAID, 9900, 0)
    assert ClaimLine.objects.paid().count() == 6
    assert [e.action for e in claim.events.all()] == [
        "Prepared",
        "Submitted",
        "Spot-check sample drawn",
        "Spot check passed",
        *["Line accepted"] * 6,
        "Approved",
        "Paid",
    ]


@pytest.mark.parametrize("who", ["alice", "amir", "bob", "dan"])
def test_only_central_staff_review(submitted, who, request):
    user = request.getfixturevalue(who)
    with pytest.raises(Refused):
        actions.decide_line(user, submitted.lines.first(), accept=True)
    with pytest.raises(Refused):
        actions.draw_sample(user, submitted)
    with pytest.raises(Refused):
        actions.approve_claim(user, submitted)


def test_a_failed_check_rejects_the_line(submitted, carol):
    check = actions.draw_sample(carol, submitted, seed=7)[0]
    with pytest.raises(Refused, match="Say what the check found"):
        actions.record_check(carol, check, passed=False, notes="")
    actions.record_check(carol, check, passed=False, notes="No referral letter on file")
    check.line.refresh_from_db()
    assert check.line.status == ClaimLine.Status.REJECTED
    assert check.line.status_reason == "Spot check failed: No referral letter on file"


def test_approval_waits_for_every_line_and_check(submitted, carol):
    with pytest.raises(Refused, match="sample"):
        actions.approve_claim(carol, submitted)
    check = actions.draw_sample(carol, submitted, seed=1)[0]
    with pytest.raises(Refused, match="spot check"):
        actions.approve_claim(carol, submitted)
    actions.record_check(carol, check, passed=True, notes="")
    with pytest.raises(Refused, match="every line"):
        actions.approve_claim(carol, submitted)


def test_the_sample_is_reproducible_from_its_seed():
    ids = list(range(1, 201))
    first = actions.choose_sample(ids, Decimal(5), Decimal(1), 1234)
    assert len(first) == 10
    assert first == actions.choose_sample(list(reversed(ids)), Decimal(5), Decimal(1), 1234)
    assert first != actions.choose_sample(ids, Decimal(5), Decimal(1), 1235)
    assert len(actions.choose_sample(ids, Decimal(5), Decimal(2), 1234)) == 20
    assert len(actions.choose_sample([9], Decimal(5), Decimal(1), 1)) == 1


def test_councils_whose_checks_failed_are_sampled_more(submitted, carol, alice, amir, families):
    weight, why = actions.sample_weight(submitted.council, submitted)
    assert (weight, why) == (Decimal(1), "no earlier spot checks")
    check = actions.draw_sample(carol, submitted, seed=3)[0]
    actions.record_check(carol, check, passed=False, notes="Family not known to the service")
    FamilyFactory(council=submitted.council, reference="TF-LATER", attached_on=D(2012, 6, 1))
    later = submit(actions.prepare_claim(alice, ON), amir)
    weight, why = actions.sample_weight(later.council, later)
    assert (weight, why) == (Decimal(4), "1 of 1 earlier spot checks failed")
    actions.draw_sample(carol, later, seed=3)
    later.refresh_from_db()
    assert later.sample_weight == Decimal(4)
    assert "x weight 4" in later.events.last().detail


def test_a_line_rejected_after_payment_is_recovered_from_the_next_payment(submitted, carol, sam, alice, amir, families):
    check = actions.draw_sample(carol, submitted, seed=5)[0]
    actions.record_check(carol, check, passed=True, notes="")
    for line in submitted.lines.filter(status=ClaimLine.Status.PROPOSED):
        actions.decide_line(carol, line, accept=True)
    actions.pay_claim(carol, actions.approve_claim(sam, submitted), reference="PAY-1")
    paid_line = submitted.lines.get(family=families[0], payment_type="attachment")
    actions.decide_line(carol, paid_line, accept=False, reason="Family attached after the claim date")
    recovery = Recovery.objects.get()
    assert (recovery.amount, recovery.recovered_in) == (3200, None)
    assert paid_line not in ClaimLine.objects.paid()
    # On unchanged records the fee is not offered again: the recovery waits for a payment it can come out of.
    with pytest.raises(Refused, match="nothing to claim"):
        actions.prepare_claim(alice, ON)
    # Another family's fee is the next payment, and the recovery comes out of it.
    FamilyFactory(council=submitted.council, reference="TF-NEW", attached_on=D(2012, 6, 1))
    nxt = submit(actions.prepare_claim(alice, ON), amir)
    assert [(ln.family.reference, ln.payment_type, ln.amount) for ln in nxt.lines.all()] == [
        ("TF-NEW", "attachment", 3200)
    ]
    check = actions.draw_sample(carol, nxt, seed=5)[0]
    actions.record_check(carol, check, passed=True, notes="")
    actions.decide_line(carol, check.line, accept=True)
    nxt = actions.pay_claim(carol, actions.approve_claim(sam, nxt), reference="PAY-2")
    assert (nxt.amount_paid, nxt.amount_recovered) == (0, 3200)
    recovery.refresh_from_db()
    assert recovery.recovered_in == nxt


def test_submission_refuses_a_family_past_its_cap(families, alice, amir, window):
    claim = actions.prepare_claim(alice, ON)
    # Raising a line past the cap is refused by the database itself (tests/funding/test_cap_guarantee.py); a cap
    # lowered after the draft was prepared is caught by the check submission makes under the locks.
    # (each payment stays within the cap, as the schedule's own constraint requires)
    PaymentSchedule.objects.filter(financial_year="2012/13").update(cap=3100, attachment=3000)
    with pytest.raises(Refused, match="cap"):
        submit(claim, amir)


def test_submission_refuses_attachments_past_the_funded_number(families, alice, amir, council):
    claim = actions.prepare_claim(alice, ON)
    council.troubled_families_estimate = 2  # funded 2, three attachment lines
    council.save()
    with pytest.raises(Refused, match="funded number"):
        submit(claim, amir)
