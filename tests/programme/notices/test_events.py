"""The notices of what happened are queued by the action itself, to the people it concerns."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from funding import actions as funding_actions
from funding.models import Claim, ClaimLine
from programme import actions as programme_actions
from programme.notices import events as notice_events
from programme.notices.models import Notice
from tests.factories.funding import ClaimFactory, ClaimLineFactory, ClaimWindowFactory
from tests.factories.programme import AskFactory, PlanFactory


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://pilots.example.gov.uk"
    settings.PROGRAMME_DATE = dt.date(2014, 6, 30)


@pytest.fixture
def line(council, alice, amir, carol):
    window = ClaimWindowFactory(opens_on=dt.date(2014, 6, 1), closes_on=dt.date(2014, 7, 31), opened_by=carol)
    claim = ClaimFactory(
        council=council,
        prepared_by=alice,
        status=Claim.Status.SUBMITTED,
        submitted_by=amir,
        submitted_at=timezone.now(),
        window=window,
    )
    return ClaimLineFactory(claim=claim, family__reference="TF-007")


def test_a_rejected_line_tells_the_councils_approvers(line, amir, alice, bob, carol):
    funding_actions.decide_line(carol, line, accept=False, reason="No evidence of the referral")
    assert [m.to for m in mail.outbox] == [[amir.email]]
    message = mail.outbox[0]
    assert message.subject == f"A line of claim {line.claim.pk} was rejected"
    assert "family TF-007, Attachment fee, £3,200" in message.body
    assert "The reason given: No evidence of the referral" in message.body
    assert f"https://pilots.example.gov.uk/claims/{line.claim.pk}/lines/{line.pk}/" in message.body
    assert Notice.objects.get().kind == Notice.Kind.LINE_REJECTED


def test_an_accepted_line_sends_nothing(line, amir, carol):
    funding_actions.decide_line(carol, line, accept=True)
    assert mail.outbox == []
    assert not Notice.objects.exists()


def test_a_line_rejected_after_payment_tells_of_the_recovery(line, amir, carol, sam):
    Claim.objects.filter(pk=line.claim_id).update(
        status=Claim.Status.PAID, approved_by=sam, paid_by=carol, paid_at=timezone.now()
    )
    ClaimLine.objects.filter(pk=line.pk).update(status=ClaimLine.Status.ACCEPTED, paid_at=timezone.now())
    line.refresh_from_db()
    funding_actions.decide_line(carol, line, accept=False, reason="Family attached after the claim date")
    notice = Notice.objects.get()
    assert (notice.kind, notice.recipient) == (Notice.Kind.RECOVERY_RAISED, amir)
    assert notice.subject == "£3,200 will be recovered from Birmingham's next payment"
    assert [m.to for m in mail.outbox] == [[amir.email]]


@pytest.fixture
def ask(pilot):
    return AskFactory(plan=PlanFactory(pilot=pilot), department="dwp")


def test_an_ask_agreed_tells_the_pilots_approvers(ask, amir, alice, carol, stranger_approver):
    programme_actions.move_ask(carol, ask, "in_discussion", comment="Talking to the department")
    assert mail.outbox == []
    programme_actions.move_ask(carol, ask, "agreed", resolution="Data shared from September")
    assert [m.to for m in mail.outbox] == [[amir.email]]
    message = mail.outbox[0]
    assert message.subject.endswith("was agreed")
    assert "What was agreed: Data shared from September" in message.body
    assert f"https://pilots.example.gov.uk/pilots/birmingham/asks/{ask.pk}/" in message.body


def test_an_ask_declined_says_why(ask, amir, carol):
    programme_actions.move_ask(carol, ask, "declined", resolution="The law does not allow it")
    assert "Why it was declined: The law does not allow it" in mail.outbox[0].body
    assert Notice.objects.get().kind == Notice.Kind.ASK_ANSWERED


def test_a_notice_queued_in_a_rolled_back_action_is_not_recorded(line, amir, carol, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("funding.actions.review.record_event", broken)
    with pytest.raises(RuntimeError):
        funding_actions.decide_line(carol, line, accept=False, reason="No evidence")
    assert not Notice.objects.exists()


@pytest.fixture
def claim(line, schedules):
    """The claim of `line`, in review in the window open on the programme date."""
    return line.claim


@pytest.fixture
def schedules(db):
    from tests.funding.conftest import load_schedules

    return load_schedules()


def resubmit(claim, amir):
    return funding_actions.submit_claim(amir, claim, internal_audit="I. Auditor", coordinator="C. Ord", declared=True)


def test_a_returned_claim_tells_the_councils_approvers_why(claim, amir, alice, bob, carol):
    funding_actions.return_claim(carol, claim, reason="The coordinator's sign-off is missing")
    assert [m.to for m in mail.outbox] == [[amir.email]]
    message = mail.outbox[0]
    assert message.subject == f"Claim {claim.pk} has been returned to Birmingham"
    assert "The reason given: The coordinator's sign-off is missing" in message.body
    assert f"https://pilots.example.gov.uk/claims/{claim.pk}/" in message.body
    notice = Notice.objects.get()
    assert (notice.kind, notice.recipient) == (Notice.Kind.CLAIM_RETURNED, amir)


def test_each_return_is_told_once(claim, amir, carol):
    claim = funding_actions.return_claim(carol, claim, reason="First")
    assert notice_events.claim_returned(claim, "First") == 0  # the same return again sends nothing
    claim.refresh_from_db()
    assert notice_events.claim_returned(claim, "First") == 0  # nor as read back from the database
    funding_actions.return_claim(carol, resubmit(claim, amir), reason="Second")
    assert [m.subject for m in mail.outbox] == [f"Claim {claim.pk} has been returned to Birmingham"] * 2
    assert ["The reason given: First" in m.body for m in mail.outbox] == [True, False]
    assert "The reason given: Second" in mail.outbox[1].body
    assert Notice.objects.filter(kind=Notice.Kind.CLAIM_RETURNED).count() == 2


def test_a_return_rolled_back_queues_nothing(claim, amir, carol, queued):
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    with pytest.raises(RuntimeError), transaction.atomic():
        funding_actions.return_claim(carol, claim, reason="Sign-off missing")
        assert Notice.objects.count() == 1  # queued inside the action...
        raise RuntimeError("the request failed after the return")
    assert not Notice.objects.exists()  # ...and gone with it, its e-mail task too
    assert not DBTaskResult.objects.exists()
    assert mail.outbox == []
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.SUBMITTED


def test_the_admins_messages_page_lists_the_return(client, claim, amir, carol, dan):
    funding_actions.return_claim(carol, claim, reason="Sign-off missing")
    client.force_login(dan)
    page = client.get("/accounts/messages-sent/", {"kind": "claim_returned"}).content.decode()
    assert f"Claim {claim.pk} has been returned to Birmingham" in page
    assert "amir@example.gov.uk" in page
