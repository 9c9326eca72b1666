"""Every claims page for each role: anonymous users sign in, strangers get 404, each role sees its own."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from funding import actions
from funding.models import Claim, ClaimLine, ClaimWindow, Grant, GrantPayment
from tests.factories.families import FamilyFactory, PersonFactory, ReferralFactory
from tests.factories.funding import ClaimWindowFactory

D = dt.date
ON = D(2013, 3, 31)


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


@pytest.fixture
def families(council, schedules):
    made = []
    for i in range(3):
        family = FamilyFactory(council=council, reference=f"TF-{i:03d}", attached_on=D(2012, 6, 1))
        ReferralFactory(person=PersonFactory(family=family, name=f"Secret Name {i}"), referred_on=D(2012, 8, 1))
        made.append(family)
    return made


@pytest.fixture
def draft(families, alice):
    return actions.prepare_claim(alice, ON)


@pytest.fixture
def submitted(draft, amir, carol):
    today = timezone.localdate()
    ClaimWindowFactory(opens_on=today, closes_on=today + dt.timedelta(days=9), opened_by=carol)
    return actions.submit_claim(amir, draft, internal_audit="I. Auditor", coordinator="C. Ord", declared=True)


def pages(claim, family):
    line = claim.lines.first()
    return [
        "/claims/",
        f"/claims/{claim.pk}/",
        f"/claims/{claim.pk}/lines/{line.pk}/",
        f"/claims/families/{family.pk}/results/",
        "/claims/progress/",
        "/claims/statements/",
    ]


def test_anonymous_users_are_sent_to_sign_in(client, draft, families):
    for url in [
        *pages(draft, families[0]),
        "/claims/grants/",
        "/claims/budget/",
        "/claims/windows/",
        "/claims/monitoring/",
        "/claims/prepare/",
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/accounts/login/"), url


def test_a_stranger_gets_404_for_another_councils_claim_and_family(client, bob, draft, families):
    client.force_login(bob)
    for url in pages(draft, families[0])[1:4]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/claims/{draft.pk}/submit/").status_code == 404
    assert client.get("/claims/").status_code == 200
    assert f"#{draft.pk}" not in client.get("/claims/").content.decode()


@pytest.mark.parametrize("who", ["alice", "amir", "carol", "dan"])
def test_each_role_reads_the_claim_pages(client, request, who, submitted, families):
    client.force_login(request.getfixturevalue(who))
    for url in pages(submitted, families[0]):
        if who in ("carol", "dan") and url in ("/claims/progress/", "/claims/statements/"):
            url += "?council=E08000025"
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Secret Name" not in response.content.decode() or who in ("alice", "amir", "dan"), url


def test_central_staff_never_see_names(client, carol, submitted, families):
    client.force_login(carol)
    for url in pages(submitted, families[0]):
        body = client.get(url + ("?council=E08000025" if "progress" in url or "statements" in url else "")).content
        assert b"Secret Name" not in body and b"1980" not in body


def test_an_officer_prepares_from_the_page(client, alice, families):
    client.force_login(alice)
    assert client.get("/claims/prepare/").status_code == 200
    response = client.post(
        "/claims/prepare/", {"results_on_day": "31", "results_on_month": "3", "results_on_year": "2013"}
    )
    claim = Claim.objects.get()
    assert response.status_code == 302 and response.url == f"/claims/{claim.pk}/"
    assert claim.lines.count() == 6


def test_prepare_says_what_is_wrong(client, alice, families):
    client.force_login(alice)
    body = client.post(
        "/claims/prepare/", {"results_on_day": "31", "results_on_month": "13", "results_on_year": "2013"}
    )
    assert "The date the results are judged on must be a real date" in body.content.decode()
    body = client.post("/claims/prepare/", {"results_on_day": "1", "results_on_month": "5", "results_on_year": "2012"})
    assert "nothing to claim" in body.content.decode()


@pytest.mark.parametrize("who", ["amir", "carol", "dan"])
def test_only_officers_may_prepare(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/claims/prepare/").status_code == 404


def test_an_officer_removes_a_line_with_a_reason(client, alice, draft):
    client.force_login(alice)
    line = draft.lines.first()
    response = client.post(f"/claims/{draft.pk}/lines/{line.pk}/", {"reason": ""})
    assert "This field is required" in response.content.decode() or "error" in response.content.decode()
    response = client.post(f"/claims/{draft.pk}/lines/{line.pk}/", {"reason": "Awaiting evidence"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.status == ClaimLine.Status.REMOVED


def test_the_approver_submits_from_the_page(client, amir, alice, draft):
    client.force_login(alice)
    assert client.get(f"/claims/{draft.pk}/submit/").status_code == 404
    client.force_login(amir)
    response = client.post(f"/claims/{draft.pk}/submit/", {"internal_audit": "A", "coordinator": "B"})
    assert "Confirm the declaration" in response.content.decode()
    answers = {"internal_audit": "A", "coordinator": "B", "declared": "on"}
    response = client.post(f"/claims/{draft.pk}/submit/", answers)
    assert "Check the claim before you submit it" in response.content.decode()  # nothing submitted yet
    draft.refresh_from_db()
    assert draft.status == Claim.Status.DRAFT
    response = client.post(f"/claims/{draft.pk}/submit/", {**answers, "confirm": "1"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Claim.Status.SUBMITTED
    page = client.get(f"/claims/{draft.pk}/").content.decode()
    assert "It waits for the next claim window; none has been planned yet." in page


def test_central_review_journey_through_the_pages(client, carol, sam, submitted):
    client.force_login(carol)
    assert f"#{submitted.pk}" in client.get("/claims/").content.decode()  # in the review queue
    client.post(f"/claims/{submitted.pk}/sample/", {"rate": "5"})
    check = submitted.spot_checks.get()
    response = client.post(f"/claims/{submitted.pk}/checks/{check.pk}/", {"outcome": "failed", "notes": ""})
    assert "Say what the check found" in response.content.decode()
    client.post(f"/claims/{submitted.pk}/checks/{check.pk}/", {"outcome": "passed", "notes": "Seen"})
    client.post(f"/claims/{submitted.pk}/accept-remaining/")
    client.force_login(sam)  # who checked a line cannot approve its claim
    client.post(f"/claims/{submitted.pk}/approve/")
    client.force_login(carol)  # who approved cannot pay
    response = client.post(f"/claims/{submitted.pk}/pay/", {"reference": "PAY-9", "confirm": "1"})
    submitted.refresh_from_db()
    assert submitted.status == Claim.Status.PAID and submitted.amount_paid == 9900
    timeline = client.get(f"/claims/{submitted.pk}/").content.decode()
    for step in ("Prepared", "Submitted", "Spot-check sample drawn", "Spot check passed", "Approved", "Paid"):
        assert step in timeline


@pytest.mark.parametrize("who", ["alice", "amir", "bob", "dan"])
def test_only_central_staff_review(client, request, who, submitted):
    client.force_login(request.getfixturevalue(who))
    assert client.post(f"/claims/{submitted.pk}/approve/").status_code == 404
    assert client.post(f"/claims/{submitted.pk}/sample/").status_code == 404
    assert client.get(f"/claims/{submitted.pk}/pay/").status_code == 404
    assert client.get("/claims/windows/").status_code == 404


@pytest.mark.parametrize("who", ["carol", "dan"])
def test_a_draft_is_not_central_staffs_to_discard(client, request, who, draft):
    """The action refuses who it is (councils.access.permit): the page answers 404, as for any page not theirs."""
    client.force_login(request.getfixturevalue(who))
    assert client.post(f"/claims/{draft.pk}/discard/").status_code == 404
    assert Claim.objects.filter(pk=draft.pk).exists()


def test_a_refusal_of_the_claims_state_is_said_on_the_page(client, alice, submitted):
    """The action refuses the state of the claim (councils.access.require): the page says why."""
    client.force_login(alice)
    response = client.post(f"/claims/{submitted.pk}/discard/", follow=True)
    assert "Only a draft can be discarded." in response.content.decode()
    assert Claim.objects.filter(pk=submitted.pk).exists()


def test_central_staff_open_and_close_windows(client, carol):
    client.force_login(carol)
    today = timezone.localdate()
    data = {
        "opens_on_day": today.day,
        "opens_on_month": today.month,
        "opens_on_year": today.year,
        "closes_on_day": today.day,
        "closes_on_month": today.month,
        "closes_on_year": today.year + 1,
    }
    assert client.post("/claims/windows/", data).status_code == 302
    window = ClaimWindow.objects.get()
    client.post(f"/claims/windows/{window.pk}/close/")
    window.refresh_from_db()
    assert window.closes_on == today


def test_claims_list_exports_csv_with_few_queries(client, carol, council, schedules, django_assert_max_num_queries):
    from tests.factories.funding import ClaimFactory, ClaimLineFactory

    for _ in range(30):
        ClaimLineFactory(claim=ClaimFactory(council=council))
    client.force_login(carol)
    with django_assert_max_num_queries(12):
        rows = _csv(client.get("/claims/", {"_export": "csv"}))
    assert len(rows) == 31
    with django_assert_max_num_queries(14):
        assert client.get("/claims/").status_code == 200


def test_claim_lines_export(client, alice, draft, django_assert_max_num_queries):
    client.force_login(alice)
    with django_assert_max_num_queries(12):
        rows = _csv(client.get(f"/claims/{draft.pk}/", {"_export": "csv"}))
    assert rows[0][:4] == ["Family", "Payment", "Amount", "Schedule"]
    assert len(rows) == 7


def test_family_results_page_explains_each_payment(client, alice, families):
    client.force_login(alice)
    page = client.get(f"/claims/families/{families[0].pk}/results/", {"on": "2013-03-31"}).content.decode()
    assert "Referred to Work Programme on 1 August 2012" in page
    assert "Claimable" in page


def test_the_family_page_shows_its_results_judged_today(client, alice, carol, families, draft):
    """The family page judges the family as a claim would today: the lines in the draft claim are claimed."""
    for user in (alice, carol):
        client.force_login(user)
        page = client.get(families[0].get_absolute_url()).content.decode()
        assert "Judged today" in page
        assert "Already claimed (£3,200). On this date: Attached on 1 June 2012" in page
        assert "Referred to Work Programme on 1 August 2012" in page
        assert ("Secret Name 0" in page) is (user is alice)  # names for the council's officer only


def test_progress_return_and_its_csv(client, alice, amir, families):
    client.force_login(alice)
    page = client.get("/claims/progress/", {"on": "2013-03-31"}).content.decode()
    assert "Families worked with (attached)" in page
    rows = _csv(client.get("/claims/progress/", {"on": "2013-03-31", "_export": "csv"}))
    assert rows[2][3:] == ["Families worked with (attached)", "3", "0.1"]  # 3 of 4,180


def test_grants_and_budget_pages(client, alice, seeded):
    from funding.models import ProgrammeBudget

    ProgrammeBudget.objects.get_or_create(  # seeded by a migration; transactional tests may have emptied it
        name="Troubled Families 2012-15",
        defaults={"total": 448_000_000, "first_year": "2012/13", "last_year": "2014/15"},
    )
    grant = Grant.objects.filter(scheme="dissemination_hub").first()
    GrantPayment.objects.create(grant=grant, recipient="Hub Area", paid_on=D(2012, 5, 1), amount=50000)
    client.force_login(alice)
    page = client.get("/claims/grants/").content.decode()
    assert "Hub Area" in page and "£50,000" in page
    page = client.get("/claims/budget/").content.decode()
    assert "£448,000,000" in page and "None entered" in page


@pytest.mark.parametrize("who", ["alice", "amir", "bob"])
def test_monitoring_extract_is_for_central_staff(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/claims/monitoring/").status_code == 404


def test_monitoring_extract_is_a_reproducible_anonymous_sample(client, carol, council, schedules):
    for i in range(25):
        family = FamilyFactory(council=council, reference=f"REF-{i}", attached_on=D(2012, 6, 1))
        PersonFactory(family=family, name=f"Secret {i}")
    for i in range(5):
        FamilyFactory(council=council, reference=f"LATE-{i}", identified_on=D(2013, 5, 1), attached_on=D(2013, 6, 1))
    client.force_login(carol)
    first = _csv(client.get("/claims/monitoring/", {"_export": "csv"}))
    assert first == _csv(client.get("/claims/monitoring/", {"_export": "csv"}))
    years = [row[2] for row in first[1:]]
    assert years.count("2012/13") == 3 and years.count("2013/14") == 1  # 10% rounded up
    text = "\n".join(",".join(row) for row in first)
    assert "REF-" not in text and "Secret" not in text and "1980" not in text


def test_the_claim_page_with_many_lines_takes_few_queries(
    client, alice, council, schedules, django_assert_max_num_queries
):
    for i in range(40):
        family = FamilyFactory(council=council, reference=f"MANY-{i:03d}", attached_on=D(2012, 6, 1))
        ReferralFactory(person=PersonFactory(family=family), referred_on=D(2012, 8, 1))
    claim = actions.prepare_claim(alice, ON)
    assert claim.lines.count() == 80
    client.force_login(alice)
    with django_assert_max_num_queries(16):
        assert client.get(f"/claims/{claim.pk}/").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(f"/claims/{claim.pk}/", {"page": 2}).status_code == 200


def test_on_a_phone_each_line_of_a_claim_is_a_card_led_by_its_columns_names(client, alice, draft):
    """The lines table carries the class that stacks it on a narrow screen, and each cell its column's name, shown
    only there (static/app.css), so a reader of a card knows which figure is which."""
    client.force_login(alice)
    page = client.get(f"/claims/{draft.pk}/").content.decode()
    table = page.split('aria-label="Lines of the claim"')[1].split("</table>")[0]
    assert "app-table--cards" in table.split(">")[1]
    first_row = table.split("<tbody")[1].split("</tr>")[0]
    for name in ("Payment", "Amount", "Reason", "Status"):
        assert f'<span class="app-table__label">{name}: </span>' in first_row
    assert "app-table__label" not in page.split("<tbody")[0].split('aria-label="Lines of the claim"')[1]


def test_a_long_review_queue_shows_the_claims_submitted_first_and_links_to_all(client, carol, monkeypatch):
    """The claims page's queue is the oldest submissions first; past QUEUE_SHOWN it links to the whole queue."""
    from funding import views
    from tests.factories.councils import UserFactory
    from tests.factories.funding import ClaimFactory

    window = ClaimWindowFactory(opens_on=D(2013, 4, 1), closes_on=D(2013, 4, 30), opened_by=carol)
    claims = []
    for day in (3, 1, 2):
        claim = ClaimFactory(results_on=ON, window=window)
        claim.status = Claim.Status.SUBMITTED
        claim.submitted_by = UserFactory(role="approver", council=claim.council)
        claim.submitted_at = timezone.make_aware(dt.datetime(2013, 4, day, 10))
        claim.internal_audit, claim.coordinator = "I. Auditor", "C. Ord"
        claim.save()
        claims.append(claim)
    first, second, third = sorted(claims, key=lambda c: c.submitted_at)
    monkeypatch.setattr(views, "QUEUE_SHOWN", 2)
    monkeypatch.setattr("funding.views.programme_today", lambda: D(2013, 4, 10))
    client.force_login(carol)
    page = client.get("/claims/").content.decode()
    queue = page.split("Review queue</h2>")[1].split("All claims</h2>")[0]
    assert "3 claims wait for review; the 2 submitted first are below." in queue
    assert 'href="?stage=review"' in queue
    assert queue.index(f">#{first.pk}<") < queue.index(f">#{second.pk}<") and f">#{third.pk}<" not in queue
    monkeypatch.setattr(views, "QUEUE_SHOWN", 3)
    queue = client.get("/claims/").content.decode().split("Review queue</h2>")[1].split("All claims</h2>")[0]
    assert "3 claims wait for review, the first submitted first." in queue and f">#{third.pk}<" in queue
    first.delete()
    second.delete()
    queue = client.get("/claims/").content.decode().split("Review queue</h2>")[1].split("All claims</h2>")[0]
    assert "1 claim waits for review." in queue


def test_a_draft_can_be_discarded_by_its_council_only(client, alice, bob, amir, draft):
    client.force_login(bob)
    assert client.post(f"/claims/{draft.pk}/discard/").status_code == 404
    client.force_login(amir)
    assert client.post(f"/claims/{draft.pk}/discard/").status_code == 302
    assert not Claim.objects.exists()
    assert not ClaimLine.objects.exists()


@pytest.mark.parametrize(
    ("today", "quarter_end"),
    [(D(2013, 3, 31), D(2013, 3, 31)), (D(2013, 4, 1), D(2013, 3, 31)), (D(2013, 1, 15), D(2012, 12, 31))],
)
def test_the_return_is_for_the_last_quarter_ended(today, quarter_end):
    from funding.reports import last_quarter_end

    assert last_quarter_end(today) == quarter_end
