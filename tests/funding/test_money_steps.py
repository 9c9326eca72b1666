"""The money steps as "check your answers", and separation of duties in central staff: carol checks and pays,
sam approves; nobody both approves and pays a claim, or checks a sampled line and approves its claim."""

import datetime as dt

import pytest

from councils.access import Refused
from funding import actions
from funding.models import Claim, ClaimLine, Recovery

D = dt.date
ON = D(2013, 3, 31)


@pytest.fixture
def checked(submitted, carol):
    """carol drew the sample and recorded its check, and accepted the rest."""
    check = actions.draw_sample(carol, submitted, seed=1)[0]
    actions.record_check(carol, check, passed=True, notes="Seen")
    actions.accept_remaining_lines(carol, submitted)
    return submitted


def test_who_checked_a_sampled_line_cannot_approve_its_claim(checked, carol, sam):
    with pytest.raises(Refused, match="You recorded a spot check on this claim"):
        actions.approve_claim(carol, checked)
    assert actions.approve_claim(sam, checked).approved_by == sam


def test_one_central_user_cannot_both_approve_and_pay(checked, carol, sam):
    claim = actions.approve_claim(sam, checked)
    with pytest.raises(Refused, match="You approved this claim, so someone else"):
        actions.pay_claim(sam, claim, reference="PAY-1")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED and claim.paid_by is None
    claim = actions.pay_claim(carol, claim, reference="PAY-1")
    assert (claim.approved_by, claim.paid_by, claim.status) == (sam, carol, Claim.Status.PAID)


def test_one_central_user_cannot_both_approve_and_pay_through_the_pages(client, checked, carol, sam):
    client.force_login(sam)
    page = client.get(f"/claims/{checked.pk}/approve/").content.decode()
    assert "Approve the claim" in page and "£9,900" in page  # the amount before the confirmation
    assert Claim.objects.get(pk=checked.pk).status == Claim.Status.SUBMITTED  # a GET changes nothing
    response = client.post(f"/claims/{checked.pk}/approve/", follow=True)
    assert f"Claim #{checked.pk} approved: 6 lines, £9,900" in response.content.decode()
    page = client.get(f"/claims/{checked.pk}/pay/").content.decode()
    assert "You approved this claim, so someone else in central staff must record its payment." in page
    response = client.post(f"/claims/{checked.pk}/pay/", {"reference": "PAY-1", "confirm": "1"})
    assert "You approved this claim" in response.content.decode()
    assert Claim.objects.get(pk=checked.pk).status == Claim.Status.APPROVED
    client.force_login(carol)
    response = client.post(f"/claims/{checked.pk}/pay/", {"reference": "PAY-1"})
    page = response.content.decode()
    assert "Check the payment before you record it" in page and "Net payment to Birmingham" in page
    assert Claim.objects.get(pk=checked.pk).status == Claim.Status.APPROVED  # not yet: this is the check
    response = client.post(f"/claims/{checked.pk}/pay/", {"reference": "PAY-1", "confirm": "1"}, follow=True)
    assert "Payment of £9,900 to Birmingham recorded" in response.content.decode()
    page = client.get(f"/claims/{checked.pk}/").content.decode()
    assert "Approved by Sam" in page and "Payment recorded by Carol" in page and "Spot checks recorded by Carol" in page


def test_the_checker_sees_the_refusal_before_confirming(client, checked, carol):
    client.force_login(carol)
    page = client.get(f"/claims/{checked.pk}/approve/").content.decode()
    assert "You recorded a spot check on this claim" in page
    assert "Approve the claim</button>" not in page


def test_accept_remaining_shows_the_lines_and_pounds_first(client, submitted, carol):
    check = actions.draw_sample(carol, submitted, seed=1)[0]
    client.force_login(carol)
    page = client.get(f"/claims/{submitted.pk}/accept-remaining/").content.decode()
    held = check.line.amount
    assert "Lines to accept now" in page
    assert "Lines waiting for their spot check" in page and f"£{held:,}" in page
    assert not submitted.lines.filter(status=ClaimLine.Status.ACCEPTED).exists()
    response = client.post(f"/claims/{submitted.pk}/accept-remaining/", follow=True)
    assert "5 lines accepted" in response.content.decode()


def test_rejecting_a_paid_line_shows_the_recovery_first(client, checked, carol, sam):
    actions.pay_claim(carol, actions.approve_claim(sam, checked), reference="PAY-1")
    line = checked.lines.filter(payment_type="attachment").first()
    client.force_login(carol)
    answers = {"decision": "reject", "reason": "Evidence withdrawn"}
    page = client.post(f"/claims/{checked.pk}/lines/{line.pk}/", answers).content.decode()
    assert "Reject a line that has been paid" in page and "taken from Birmingham" in page
    assert not Recovery.objects.exists()
    response = client.post(f"/claims/{checked.pk}/lines/{line.pk}/", {**answers, "confirm": "1"}, follow=True)
    assert f"£{line.amount:,} will be recovered from Birmingham" in response.content.decode()
    assert Recovery.objects.get().amount == line.amount


def test_the_payment_page_shows_the_recovery_deducted(client, checked, carol, sam, alice, amir):
    actions.pay_claim(carol, actions.approve_claim(sam, checked), reference="PAY-1")
    line = checked.lines.filter(payment_type="attachment").first()
    actions.decide_line(carol, line, accept=False, reason="Evidence withdrawn")
    family = line.family  # its records change after the rejection, so the payment is offered again
    family.local_discretion = "New evidence from the school"
    family.save()
    nxt = actions.submit_claim(
        amir, actions.prepare_claim(alice, ON), internal_audit="A", coordinator="B", declared=True
    )
    check = actions.draw_sample(carol, nxt, seed=1)[0]
    actions.record_check(carol, check, passed=True, notes="")
    actions.accept_remaining_lines(carol, nxt)
    actions.approve_claim(sam, nxt)
    client.force_login(carol)
    page = client.post(f"/claims/{nxt.pk}/pay/", {"reference": "PAY-2"}).content.decode()
    assert f"Less recovery: {line.family.reference}" in page
    assert "Net payment to Birmingham" in page and "£0" in page


def test_the_approver_sees_the_claim_in_pounds_before_submitting(client, families, alice, amir):
    draft = actions.prepare_claim(alice, ON)
    client.force_login(amir)
    answers = {"internal_audit": "I. Auditor", "coordinator": "C. Ord", "declared": "on"}
    page = client.post(f"/claims/{draft.pk}/submit/", answers).content.decode()
    assert "Check the claim before you submit it" in page and "£9,900" in page and "I. Auditor" in page
    response = client.post(f"/claims/{draft.pk}/submit/", {**answers, "confirm": "1"}, follow=True)
    assert f"Claim #{draft.pk} submitted: 6 lines, £9,900" in response.content.decode()


def test_the_preparer_is_told_before_confirming(client, families, council):
    from councils.models import User
    from tests.factories.councils import UserFactory

    both = UserFactory(username="ola", role=User.Role.OFFICER, council=council)
    draft = actions.prepare_claim(both, ON)
    both.role = User.Role.APPROVER
    both.save()
    client.force_login(both)
    answers = {"internal_audit": "A", "coordinator": "B", "declared": "on"}
    page = client.post(f"/claims/{draft.pk}/submit/", answers).content.decode()
    assert "You prepared this claim, so another approver must submit it." in page


def test_the_claimable_list_exports_what_the_home_counted(client, families, alice, bob, carol):
    client.force_login(alice)
    response = client.get("/claims/claimable/", {"_export": "csv"})
    body = b"".join(response.streaming_content).decode().splitlines()
    assert body[0] == "Family,Payments,Value"
    assert sorted(row.split(",")[0] for row in body[1:]) == ["TF-000", "TF-001", "TF-002"]
    for stranger in (bob, carol):  # another council's officer sees their own (none); central staff: not found
        client.force_login(stranger)
        response = client.get("/claims/claimable/")
        assert response.status_code == (200 if stranger is bob else 404)
        assert "TF-000" not in response.content.decode()
