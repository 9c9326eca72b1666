"""Each role's work queue on its home: true counts, each linking to a list of exactly what was counted, in a
bounded number of queries."""

import datetime as dt
import html
import re

import pytest
from django.utils import timezone

from councils.models import Invitation
from funding import actions
from funding.models import ClaimableFigure
from programme.models import Ask
from tests.factories.councils import UserFactory
from tests.factories.families import FamilyFactory, PersonFactory, ReferralFactory
from tests.factories.funding import ClaimWindowFactory
from tests.factories.programme import (
    AskFactory,
    MembershipFactory,
    PilotFactory,
    PlanFactory,
    ProgressReturnFactory,
    quarter,
)

D = dt.date
TODAY = D(2013, 3, 31)


@pytest.fixture
def schedules(db):
    from tests.funding.conftest import load_schedules

    return load_schedules()


@pytest.fixture(autouse=True)
def programme_date(settings):
    settings.PROGRAMME_DATE = TODAY


def queue(client) -> dict[str, tuple[int, str]]:
    """The home's queue: label -> (count, link)."""
    page = client.get("/").content.decode()
    block = page.split('id="work-queue"')[1].split("</ul>\n")[0]
    items = {}
    for href, count, label in re.findall(
        r'<a class="govuk-link govuk-task-list__link" href="([^"]+)"[^>]*>(\d+) ([^<]+)</a>', block
    ):
        items[html.unescape(label.strip())] = (int(count), html.unescape(href))
    for count, label in re.findall(r"<span>(\d+) ([^<]+)</span>", block):
        items[html.unescape(label.strip())] = (int(count), "")
    return items


@pytest.fixture
def cases(council, alice, schedules):
    """F-1: no key worker, a recent record; F-2: a key worker, nothing recorded for six months; F-3: closed."""
    f1 = FamilyFactory(council=council, reference="F-1", attached_on=D(2012, 6, 1), key_worker=None)
    ReferralFactory(person=PersonFactory(family=f1), referred_on=D(2013, 1, 10))
    f2 = FamilyFactory(council=council, reference="F-2", attached_on=D(2012, 6, 1), key_worker=alice)
    FamilyFactory(
        council=council, reference="F-3", attached_on=D(2012, 6, 1), closed_on=D(2012, 12, 1), key_worker=None
    )
    return f1, f2


def test_the_officer_queue_counts_and_links(client, alice, cases):
    client.force_login(alice)
    items = queue(client)
    count, url = items["open case has no key worker"]
    assert (count, url) == (1, "/families/?needs=key_worker")
    listed = client.get(url).content.decode()
    assert "F-1" in listed and "F-2" not in listed and "F-3" not in listed
    count, url = items["open case has no record in the last six months"]
    assert (count, url) == (1, "/families/?needs=records")
    listed = client.get(url).content.decode()
    assert "F-2" in listed and "F-1" not in listed
    figure = ClaimableFigure.objects.get(council=alice.council)
    label = next(k for k in items if "results you can claim now" in k)
    assert items[label][0] == len(figure.family_ids) > 0
    listed = client.get(items[label][1]).content.decode()
    for reference in ("F-1", "F-2"):
        assert (reference in listed) == (reference in {line[1] for line in figure.lines})
    assert "£" in client.get("/").content.decode().split("results you can claim now")[1][:300]


def test_the_officer_home_is_not_the_national_dashboard(client, alice, cases):
    client.force_login(alice)
    page = client.get("/").content.decode()
    assert "late or missing return" not in page
    assert "Today is 31 March 2013." in page


def test_preparing_a_draft_works_the_figure_out_again(client, alice, cases):
    client.force_login(alice)
    before = queue(client)
    assert before["draft claims wait for your approver's sign-off"][0] == 0
    client.post("/claims/prepare/", {"results_on_day": "31", "results_on_month": "3", "results_on_year": "2013"})
    after = queue(client)
    claimable = next(k for k in after if "results you can claim now" in k)
    assert after[claimable][0] == 0  # the draft holds them all
    count, url = after["draft claim waits for your approver's sign-off"]
    assert count == 1 and url.startswith("/claims/")


def test_the_officer_home_takes_a_fixed_number_of_queries(
    client, alice, council, schedules, django_assert_max_num_queries
):
    for i in range(40):
        FamilyFactory(council=council, reference=f"B-{i:03d}", attached_on=D(2012, 6, 1))
    client.force_login(alice)
    client.get("/")  # works out the claimable figure once
    with django_assert_max_num_queries(20):
        client.get("/")


@pytest.fixture
def pilot(council):
    pilot = PilotFactory(name="Birmingham", slug="birmingham", started_on=D(2012, 4, 1))
    MembershipFactory(pilot=pilot, council=council, is_lead=True)
    return pilot


def test_the_approver_queue(client, amir, alice, cases, pilot, django_assert_max_num_queries):
    actions.prepare_claim(alice, TODAY)
    client.force_login(amir)
    items = queue(client)
    count, url = items["claim waits for your sign-off"]
    assert (count, url) == (1, "/claims/?status=draft")
    late_label = next(k for k in items if "late" in k)
    late = items[late_label][0]
    assert late > 0
    page = client.get("/").content.decode()
    assert "2012/13 Q1, due by" in page and "/pilots/birmingham/returns/new/" in page
    ProgressReturnFactory(pilot=pilot, quarter=quarter("2012/13 Q1"), submitted_by=amir)
    items = queue(client)
    assert items[next(k for k in items if "late" in k)][0] == late - 1
    with django_assert_max_num_queries(20):
        client.get("/")


def test_the_central_queue(client, carol, alice, amir, cases, pilot, django_assert_max_num_queries):
    today = timezone.localdate()
    ClaimWindowFactory(opens_on=D(2013, 3, 1), closes_on=D(2013, 4, 30), opened_by=carol)
    claim = actions.prepare_claim(alice, TODAY)
    actions.submit_claim(amir, claim, internal_audit="A", coordinator="B", declared=True)
    assert today  # the real date is not the programme's
    plan = PlanFactory(pilot=pilot)
    AskFactory(plan=plan, request="Raised one", status=Ask.Status.RAISED)
    AskFactory(plan=plan, request="Discussed one", status=Ask.Status.IN_DISCUSSION)
    ProgressReturnFactory(pilot=pilot, submitted_by=amir, quarter=quarter("2012/13 Q1"))
    client.force_login(carol)
    items = queue(client)
    count, url = items["claim waits for review"]
    assert (count, url) == (1, "/claims/?stage=review")
    assert f"#{claim.pk}" in client.get(url).content.decode()
    count, url = items["ask of Whitehall is raised and not answered"]
    assert (count, url) == (1, "/asks/?status=raised")
    listed = client.get(url).content.decode()
    assert "Raised one" in listed and "Discussed one" not in listed
    count, url = items["quarterly return waits for review"]
    assert (count, url) == (1, "/returns/?reviewed=no")
    assert "2012/13 Q1" in client.get(url).content.decode()
    late_label = next(k for k in items if "late or missing" in k)
    national = client.get("/national/").content.decode()
    assert f"{items[late_label][0]} late or missing return" in national
    with django_assert_max_num_queries(25):
        client.get("/")


def test_the_admin_queue(client, dan, council):
    waiting = UserFactory(username="newcomer", council=council)
    Invitation.objects.create(user=waiting, token_hash="x" * 64, expires_at=timezone.now() + dt.timedelta(days=1))
    client.force_login(dan)
    items = queue(client)
    count, url = items["invitation has not been accepted yet"]
    assert (count, url) == (1, "/accounts/users/?invitation=pending")
    listed = client.get(url).content.decode()
    assert "newcomer" in listed and "dan" not in listed.split("<tbody")[1]
    assert items["accounts are locked out"][0] == 0


def test_the_council_home_writes_numbers_with_commas(client, alice, council):
    client.force_login(alice)
    summary = client.get("/").content.decode().split("Your council</h2>")[1]
    assert ">4,180<" in summary and ">4180<" not in summary


def test_a_long_list_under_a_queue_item_is_folded_away(client, carol):
    """Councils with no return: up to five are listed in the item; more are behind a "Show all" the user opens."""
    from tests.factories.councils import CouncilFactory

    pilots = [PilotFactory(started_on=D(2011, 4, 1)) for _ in range(6)]
    for n, pilot in enumerate(pilots):
        MembershipFactory(pilot=pilot, council=CouncilFactory(name=f"Shire {n}"), is_lead=True)
    client.force_login(carol)

    def item_of_councils() -> str:
        block = client.get("/").content.decode().split('id="work-queue"')[1]
        return block.split("have no return for")[1].split("</li>\n")[0]

    folded = item_of_councils()
    assert "Show all 6" in folded and "<details" in folded and folded.count("Shire ") == 6
    pilots[0].delete()
    listed = item_of_councils()
    assert "<details" not in listed and listed.count("Shire ") == 5


def test_a_returned_claim_is_on_the_councils_queues(client, alice, amir, bob, carol, cases):
    ClaimWindowFactory(opens_on=D(2013, 3, 1), closes_on=D(2013, 4, 30), opened_by=carol)
    claim = actions.prepare_claim(alice, TODAY)
    claim = actions.submit_claim(amir, claim, internal_audit="I. Auditor", coordinator="C. Ord", declared=True)
    for who in (alice, amir):
        client.force_login(who)
        assert queue(client)["claims were returned to you to correct"] == (0, "")
    actions.return_claim(carol, claim, reason="Sign-off missing")
    for who in (alice, amir):
        client.force_login(who)
        assert queue(client)["claim was returned to you to correct"] == (1, f"/claims/{claim.pk}/")
        assert "central staff said why on the claim" in client.get("/").content.decode()
    client.force_login(amir)
    listed = client.get("/claims/", {"stage": "returned"}).content.decode()
    assert f'href="/claims/{claim.pk}/"' in listed
    client.force_login(bob)
    assert queue(client)["claims were returned to you to correct"] == (0, "")
    actions.submit_claim(amir, claim, internal_audit="I. Auditor", coordinator="C. Ord", declared=True)
    client.force_login(amir)
    assert queue(client)["claims were returned to you to correct"] == (0, "")
