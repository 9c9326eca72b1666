"""The demo built around its programme date shows every state a user meets, and its counts agree across the
home, the national picture and the claims pages."""

import csv
import datetime as dt
import io
import re

import pytest
from django.core.management import call_command

from councils.models import User
from funding.models import BudgetContribution, Claim, GrantPayment, Recovery
from programme.models import Ask, OutcomeSummary, Pilot

ON = dt.date(2014, 6, 30)


@pytest.fixture
def demo(db, settings):
    settings.PROGRAMME_DATE = ON
    call_command("seed_demo", "--force", stdout=io.StringIO())


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def _count(page: str, label: str) -> int:
    match = re.search(r">(\d+) " + re.escape(label), page)
    assert match, label
    return int(match.group(1))


def test_the_demo_shows_every_state(demo):
    assert set(Claim.objects.values_list("status", flat=True)) == {"draft", "submitted", "approved", "paid"}
    assert Recovery.objects.filter(recovered_in__isnull=True).exists()
    paid = Claim.objects.get(status="paid")
    assert paid.paid_at.date() <= ON and paid.approved_by != paid.paid_by  # inside the programme; two people
    assert all(c.prepared_at.date() <= ON for c in Claim.objects.all())
    assert GrantPayment.objects.filter(council__isnull=False).count() >= 6
    contributions = BudgetContribution.objects.all()
    assert sum(c.amount for c in contributions) == 448_000_000
    assert all("Demo figures" in c.source for c in contributions)
    assert Pilot.objects.filter(slug="birmingham").values_list("whitehall_champion", flat=True)[0].endswith("(demo)")
    assert set(Ask.objects.values_list("status", flat=True)) == set(Ask.Status.values)
    summary = OutcomeSummary.objects.get(as_of=ON)
    assert sum(summary.council_rows.values_list("turned_around", flat=True)) > 0


def test_counts_agree_between_home_national_and_claims(demo, client):
    client.force_login(User.objects.get(username="central"))
    home = client.get("/").content.decode()
    national = client.get("/national/").content.decode()
    assert f"{_count(home, 'quarterly returns are late or missing')} late or missing returns" in national
    review = _count(home, "claim waits for review")
    assert review == Claim.objects.awaiting_review(ON).count() == 1
    assert len(_csv(client.get("/claims/", {"stage": "review", "_export": "csv"}))) - 1 == review
    approved = _count(home, "approved claim waits for payment")
    assert len(_csv(client.get("/claims/", {"status": "approved", "_export": "csv"}))) - 1 == approved == 1
    client.force_login(User.objects.get(username="officer"))
    home = client.get("/").content.decode()
    assert "Today is 30 June 2014." in home
    queue = home.split('id="work-queue"')[1].split("</ul>")[0]
    assert str(dt.date.today().year) not in queue  # no real date shown as the business date


def test_turned_around_agrees_between_national_progress_return_and_home(demo, client):
    """One definition of "turned around" (funding.models.ClaimLineQuerySet.turned_around): the national picture,
    the council's progress return and its home page give the same figure for the demo's council."""
    from funding.models import ClaimLine
    from programme import national
    from programme.national import outcomes

    officer = User.objects.get(username="officer")
    council = officer.council
    claimed = ClaimLine.objects.filter(council=council).turned_around(ON).values("family_id").distinct().count()
    assert claimed > 0
    scope = national.national_scope()
    rows, _regions, _totals = national.progress(scope, ON, outcomes.outcome_summary(ON))
    (national_figure,) = [r.turned_around for r in rows if r.council == council]
    client.force_login(officer)
    progress = _csv(client.get("/claims/progress/", {"on": ON.isoformat(), "_export": "csv"}))
    (returned,) = [int(row[4]) for row in progress if "Turned around" in row]
    home = client.get("/").content.decode()
    shown = int(re.search(r'id="turned-around">(\d+)<', home).group(1))
    assert national_figure == returned == shown == claimed
