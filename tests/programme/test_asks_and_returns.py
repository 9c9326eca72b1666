"""Asks of Whitehall and quarterly returns: who may see, raise, move, submit and review them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from programme import actions
from programme.models import Ask, MeasureReading, Milestone, ProgressReturn, ReportingQuarter
from tests.factories.programme import ProgressReturnFactory, quarter


@pytest.fixture
def ask(plan):
    return plan.asks.get()


def test_anonymous_users_are_sent_to_sign_in(client, ask):
    for url in (f"/pilots/birmingham/asks/{ask.pk}/", "/pilots/birmingham/asks/", "/pilots/birmingham/returns/"):
        assert client.get(url).url.startswith("/accounts/login/")


def test_a_stranger_gets_404_on_asks_and_returns(client, bob, ask, amir):
    progress_return = ProgressReturnFactory(pilot=ask.plan.pilot, submitted_by=amir)
    client.force_login(bob)
    for url in (
        "/pilots/birmingham/asks/",
        "/pilots/birmingham/asks/new/",
        f"/pilots/birmingham/asks/{ask.pk}/",
        "/pilots/birmingham/returns/",
        "/pilots/birmingham/returns/new/",
        f"/pilots/birmingham/returns/{progress_return.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/pilots/birmingham/asks/{ask.pk}/comment/", {"text": "hi"}).status_code == 404
    assert client.post(f"/pilots/birmingham/asks/{ask.pk}/move/", {"status": "agreed"}).status_code == 404


@pytest.mark.parametrize("actor", ["alice", "amir", "carol", "dan"])
def test_members_and_central_staff_see_asks_and_returns(client, request, ask, actor):
    client.force_login(request.getfixturevalue(actor))
    assert client.get("/pilots/birmingham/asks/").status_code == 200
    assert client.get(f"/pilots/birmingham/asks/{ask.pk}/").status_code == 200
    assert client.get("/pilots/birmingham/returns/").status_code == 200


def test_an_officer_raises_an_ask(client, alice, plan):
    client.force_login(alice)
    response = client.post("/pilots/birmingham/asks/new/", {"department": "", "request": ""})
    assert "Select the department the ask is for" in response.content.decode()
    response = client.post(
        "/pilots/birmingham/asks/new/", {"department": "moj", "request": "Pool probation money", "reason": "Why not"}
    )
    ask = Ask.objects.get(request="Pool probation money")
    assert response.url == f"/pilots/birmingham/asks/{ask.pk}/"
    assert (ask.status, ask.raised_by) == ("raised", alice)


def test_only_central_staff_move_an_ask(client, alice, amir, carol, ask):
    for user in (alice, amir):
        client.force_login(user)
        assert client.post(f"/pilots/birmingham/asks/{ask.pk}/move/", {"status": "agreed"}).status_code == 404
        with pytest.raises(PermissionDenied):
            actions.move_ask(user, ask, "in_discussion")
    client.force_login(carol)
    response = client.post(f"/pilots/birmingham/asks/{ask.pk}/move/", {"status": "agreed", "resolution": ""})
    assert "Say what was agreed or why it was declined" in response.content.decode()
    client.post(f"/pilots/birmingham/asks/{ask.pk}/move/", {"status": "in_discussion", "comment": "With DWP"})
    response = client.post(
        f"/pilots/birmingham/asks/{ask.pk}/move/", {"status": "agreed", "resolution": "Data shared from April"}
    )
    assert response.status_code == 302
    ask.refresh_from_db()
    assert (ask.status, ask.resolution, ask.resolved_on is not None) == ("agreed", "Data shared from April", True)
    moves = list(ask.comments.values_list("status_from", "status_to", "author__username"))
    assert moves == [("raised", "in_discussion", "carol"), ("in_discussion", "agreed", "carol")]


def test_an_ask_cannot_skip_back_or_stay_put(carol, ask):
    with pytest.raises(ValidationError):
        actions.move_ask(carol, ask, "raised")


def test_members_and_central_staff_comment_on_an_ask(client, alice, carol, ask):
    for user in (alice, carol):
        client.force_login(user)
        assert client.post(f"/pilots/birmingham/asks/{ask.pk}/comment/", {"text": f"From {user}"}).status_code == 302
    assert ask.comments.count() == 2
    response = client.post(f"/pilots/birmingham/asks/{ask.pk}/comment/", {"text": ""})
    assert "Enter a comment" in response.content.decode()


def test_only_an_approver_submits_a_return(client, alice, carol, amir, plan):
    for user in (alice, carol):
        client.force_login(user)
        assert client.get("/pilots/birmingham/returns/new/").status_code == 404
    client.force_login(amir)
    milestone, measure = plan.milestones.get(), plan.measures.get()
    q = quarter("2011/12 Q2")
    response = client.post(
        "/pilots/birmingham/returns/new/",
        {
            "quarter": q.pk,
            "rag": "amber",
            "narrative": "Recruiting key workers",
            f"milestone_{milestone.pk}": "done",
            f"milestone_{milestone.pk}_note": "All twelve in post",
            f"measure_{measure.pk}": "85",
        },
    )
    assert response.status_code == 302
    progress_return = ProgressReturn.objects.get()
    assert (progress_return.quarter, progress_return.submitted_by, progress_return.rag) == (q, amir, "amber")
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.DONE
    reading = MeasureReading.objects.get()
    assert (reading.value, reading.read_on, reading.progress_return) == (85, q.ends_on, progress_return)
    response = client.get("/pilots/birmingham/returns/new/")
    assert f'value="{q.pk}"' not in response.content.decode()  # a quarter is returned once


def test_a_return_form_explains_its_errors(client, amir, plan):
    client.force_login(amir)
    body = client.post("/pilots/birmingham/returns/new/", {}).content.decode()
    for message in ("Select the quarter the return is for", "Select a RAG rating", "Enter the narrative"):
        assert message in body


def test_central_staff_review_a_return(client, carol, alice, amir, plan):
    progress_return = ProgressReturnFactory(pilot=plan.pilot, submitted_by=amir)
    client.force_login(alice)
    assert client.post(f"/pilots/birmingham/returns/{progress_return.pk}/review/", {"text": "x"}).status_code == 404
    client.force_login(carol)
    response = client.post(f"/pilots/birmingham/returns/{progress_return.pk}/review/", {"text": "Good progress"})
    assert response.status_code == 302
    progress_return.refresh_from_db()
    assert progress_return.reviewed_by == carol
    assert "Good progress" in client.get(f"/pilots/birmingham/returns/{progress_return.pk}/").content.decode()


def test_a_return_is_late_the_day_after_its_due_date(amir, pilot):
    q = quarter("2011/12 Q1")
    assert q.due_on == dt.date(2011, 7, 31)
    on_time = ProgressReturnFactory(pilot=pilot, quarter=q, submitted_by=amir)
    assert not on_time.is_late
    on_time.submitted_at = dt.datetime(2011, 8, 1, 9, tzinfo=dt.UTC)
    assert on_time.is_late


def test_missing_returns_are_listed(client, alice, pilot):
    client.force_login(alice)
    body = client.get("/pilots/birmingham/returns/").content.decode()
    due = ReportingQuarter.objects.filter(ends_on__gte=pilot.started_on).count()  # all past due today
    assert f"{due} returns past their due date and not received" in body


def test_return_list_queries_stay_constant(client, alice, amir, pilot, django_assert_max_num_queries):
    quarters = list(ReportingQuarter.objects.all())
    ProgressReturnFactory(pilot=pilot, quarter=quarters[0], submitted_by=amir)
    client.force_login(alice)
    with django_assert_max_num_queries(20) as few:
        client.get("/pilots/birmingham/returns/")
    for q in quarters[1:]:
        ProgressReturnFactory(pilot=pilot, quarter=q, submitted_by=amir)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/pilots/birmingham/returns/").status_code == 200


def test_ask_list_queries_stay_constant(client, alice, plan, django_assert_max_num_queries):
    from tests.factories.programme import AskFactory

    client.force_login(alice)
    with django_assert_max_num_queries(20) as few:
        client.get("/pilots/birmingham/asks/")
    for _ in range(30):
        AskFactory(plan=plan)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/pilots/birmingham/asks/").status_code == 200
    rows = client.get("/pilots/birmingham/asks/?_export=csv")
    assert len(b"".join(rows.streaming_content).decode().splitlines()) == 32  # header and 31 asks


def test_ask_list_filters_by_status(client, carol, plan, django_assert_max_num_queries):
    from tests.factories.programme import AskFactory

    AskFactory(plan=plan, request="Agreed one", status="agreed", resolved_on=dt.date(2011, 7, 1))
    client.force_login(carol)
    body = b"".join(client.get("/pilots/birmingham/asks/?status=agreed&_export=csv").streaming_content).decode()
    assert "Agreed one" in body
    assert "Let key workers see benefit records" not in body
