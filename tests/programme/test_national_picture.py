"""The national picture's figures against ones worked out by hand on a small fixture, who may see it, its CSV
exports, and its query count as families grow."""

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from families.models import Incident
from programme import actions, national
from programme.national import outcomes
from tests.factories.councils import UserFactory
from tests.factories.families import ChildFactory, EmploymentFactory, FamilyFactory, IncidentFactory, PersonFactory
from tests.factories.funding import ClaimFactory, ClaimLineFactory
from tests.factories.programme import MilestoneFactory, ProgressReturnFactory, quarter

ON = dt.date(2014, 3, 31)  # the latest six months: 1 October 2013 to 31 March 2014


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def _paid(line):
    line.status, line.paid_at = "accepted", timezone.now()
    line.save()
    return line


@pytest.fixture
def fixture(council, other_council, plan, amir):
    council.region, other_council.region = "West Midlands", "North West"
    council.save()
    other_council.save()
    f1 = FamilyFactory(
        council=council, reference="F1", identified_on=dt.date(2012, 5, 1), attached_on=dt.date(2012, 6, 1)
    )
    f2 = FamilyFactory(
        council=council, reference="F2", identified_on=dt.date(2012, 5, 1), attached_on=dt.date(2012, 6, 1)
    )
    f3 = FamilyFactory(council=council, reference="F3", identified_on=dt.date(2012, 5, 1), attached_on=None)
    f4 = FamilyFactory(
        council=other_council, reference="F4", identified_on=dt.date(2013, 4, 1), attached_on=dt.date(2013, 5, 1)
    )
    FamilyFactory(council=council, reference="F5", identified_on=dt.date(2014, 6, 1), attached_on=None)  # after ON

    child = ChildFactory(family=f1, date_of_birth=dt.date(2000, 9, 1))
    for day in (dt.date(2011, 12, 5), dt.date(2012, 2, 1), dt.date(2012, 5, 20)):  # before attachment
        IncidentFactory(person=child, kind=Incident.Kind.ASB, occurred_on=day)
    IncidentFactory(person=child, kind=Incident.Kind.ASB, occurred_on=dt.date(2014, 1, 10))  # latest six months
    IncidentFactory(person=child, kind=Incident.Kind.OFFENCE, occurred_on=dt.date(2012, 1, 10))  # aged 11
    IncidentFactory(person=child, kind=Incident.Kind.ASB, occurred_on=dt.date(2013, 1, 10))  # in neither window

    adult = PersonFactory(family=f2)
    IncidentFactory(person=adult, kind=Incident.Kind.ASB, occurred_on=dt.date(2012, 3, 1))
    IncidentFactory(person=adult, kind=Incident.Kind.ASB, occurred_on=dt.date(2012, 4, 1))
    IncidentFactory(person=adult, kind=Incident.Kind.ASB, occurred_on=dt.date(2013, 11, 1))
    IncidentFactory(person=adult, kind=Incident.Kind.ASB, occurred_on=dt.date(2014, 2, 1))
    IncidentFactory(person=adult, kind=Incident.Kind.OFFENCE, occurred_on=dt.date(2012, 3, 2))  # an adult's
    EmploymentFactory(person=adult, started_on=dt.date(2013, 10, 1))

    neighbour = PersonFactory(family=f3)
    IncidentFactory(person=neighbour, kind=Incident.Kind.ASB, occurred_on=dt.date(2012, 1, 1))
    IncidentFactory(person=neighbour, kind=Incident.Kind.ASB, occurred_on=dt.date(2014, 3, 1))

    claim = ClaimFactory(council=council)
    _paid(ClaimLineFactory(claim=claim, family=f1, payment_type="attachment", amount=3200))
    _paid(ClaimLineFactory(claim=claim, family=f2, payment_type="attachment", amount=3200))
    _paid(ClaimLineFactory(claim=claim, family=f1, payment_type="crime_asb_education", amount=700))
    ClaimLineFactory(claim=claim, family=f2, payment_type="continuous_employment", amount=800)  # proposed
    # The department paid this claim: its accepted lines (7,100) less nothing recovered.
    now = timezone.now()
    central = UserFactory(username="payer", role="central", council=None)
    claim.status, claim.submitted_by, claim.submitted_at = "paid", amir, now
    claim.approved_by, claim.approved_at, claim.paid_by, claim.paid_at = central, now, central, now
    claim.amount_paid = 7100
    claim.save()
    other_claim = ClaimFactory(council=other_council)
    ClaimLineFactory(claim=other_claim, family=f4, payment_type="attachment", amount=2400, financial_year="2013/14")
    ClaimLineFactory(
        claim=other_claim,
        family=f4,
        payment_type="crime_asb_education",
        amount=1500,
        financial_year="2013/14",
        status="rejected",
        status_reason="Spot check: ASB did not fall",
    )

    MilestoneFactory(plan=plan, title="Done on time", due_on=dt.date(2011, 9, 30), status="done")
    ProgressReturnFactory(pilot=plan.pilot, quarter=quarter("2011/12 Q1"), submitted_by=amir)
    ProgressReturnFactory(
        pilot=plan.pilot,
        quarter=quarter("2011/12 Q2"),
        submitted_by=amir,
        submitted_at=dt.datetime(2011, 11, 5, 12, tzinfo=dt.UTC),
        rag="red",
    )
    actions.refresh_outcomes(None, ON)
    return plan


def test_progress_by_council_and_region_matches_hand_counts(fixture, council, other_council):
    scope = national.Scope(councils=[council, other_council], pilots=[fixture.pilot])
    councils, regions, totals = national.progress(scope, ON, outcomes.outcome_summary(ON))
    birmingham, manchester = councils
    assert (birmingham.identified, birmingham.attached, birmingham.turned_around, birmingham.paid) == (3, 2, 2, 7100)
    assert (manchester.identified, manchester.attached, manchester.turned_around, manchester.paid) == (1, 1, 0, 0)
    assert birmingham.identified_share == round(100 * 3 / 4180, 1)
    assert [(r.region, r.identified, r.estimate) for r in regions] == [
        ("North West", 1, 2385),
        ("West Midlands", 3, 4180),
    ]
    assert (totals["identified"], totals["paid"]) == (4, 7100)
    assert national.budget(totals["paid"]) == {
        "total": 448_000_000,
        "paid": 7100,
        "remaining": 448_000_000 - 7100,
        "share": 0.0,
    }


def test_outcomes_match_hand_counts(fixture, council, other_council):
    scope = national.Scope(councils=[council, other_council], pilots=[])
    rows = {(r.council.name, r.cohort): r for r in outcomes.outcomes(scope, outcomes.outcome_summary(ON))}
    assert set(rows) == {("Birmingham", "2012/13"), ("Manchester", "2013/14")}
    bham = rows["Birmingham", "2012/13"]
    assert bham.attached["families"] == 2
    assert (bham.attached["asb_before"], bham.attached["asb_after"]) == (5, 3)
    assert (bham.attached["offences_before"], bham.attached["offences_after"]) == (1, 0)  # the adult's not counted
    assert (bham.attached["in_work_before"], bham.attached["in_work_after"]) == (0, 1)
    assert bham.attached_changes["asb"] == -40.0
    assert bham.attached_changes["offences"] == -100.0
    assert bham.attached_changes["in_work"] is None  # nobody in work before: no percentage
    assert bham.turned_around == 2
    assert bham.turned_around_share == 100.0
    assert not bham.disagrees
    assert (bham.comparison["families"], bham.comparison["asb_before"], bham.comparison["asb_after"]) == (1, 1, 1)
    assert bham.comparison_changes["asb"] == 0.0
    manchester = rows["Manchester", "2013/14"]
    assert (manchester.attached["families"], manchester.turned_around) == (1, 0)  # a rejected line does not count


def test_claims_and_records_disagree_is_flagged(fixture, council):
    # Without F1's earlier record, ASB rose from 2 to 3 while claims still say both families turned around.
    Incident.objects.filter(person__family__reference="F1", occurred_on__lt=dt.date(2013, 1, 1)).delete()
    summary = actions.refresh_outcomes(None, ON)
    row = outcomes.outcomes(national.Scope(councils=[council], pilots=[]), summary)[0]
    assert row.attached_changes["asb"] == 50.0
    assert row.disagrees


def test_pilot_figures_match_hand_counts(fixture):
    scope = national.Scope(councils=[], pilots=[fixture.pilot])
    assert [m.title for m in national.overdue_milestones(scope, ON)] == ["Key workers recruited"]
    assert national.overdue_milestones(scope, dt.date(2011, 9, 30)) == []  # due today is not yet overdue
    (late,) = national.late_returns(scope, ON)
    assert [(q.label, on) for q, on in late.late] == [("2011/12 Q2", dt.date(2011, 11, 5))]
    assert len(late.missing) == 9  # 2011/12 Q3 to 2013/14 Q3: due before 31 March 2014, not received
    assert [r["return"].rag for r in national.latest_rag(scope)] == ["red"]


SECTIONS = ["/national/families/", "/national/money/", "/national/outcomes/", "/national/community-budgets/"]
AS_AT = {"on_day": "31", "on_month": "3", "on_year": "2014"}


def test_central_staff_see_the_national_picture_in_sections(client, carol, fixture):
    client.force_login(carol)
    body = client.get("/national/", AS_AT).content.decode()
    assert "Figures as at 31 March 2014" in body
    for section in SECTIONS:  # the overview links to every section, keeping the filters
        assert f'href="{section}?on_day=31&amp;on_month=3&amp;on_year=2014"' in body
    families = client.get("/national/families/", AS_AT).content.decode()
    assert "Figures as at 31 March 2014" in families
    assert "<svg" in families and "style=" not in families
    assert ">West Midlands</text>" in families and ">Identified: 3</text>" in families  # bars say their figures
    assert '<a class="govuk-link" href="/councils/E08000025/">Birmingham</a>' in families
    assert "naive comparison" in client.get("/national/outcomes/", AS_AT).content.decode()
    pilots = client.get("/national/community-budgets/", AS_AT).content.decode()
    assert f'href="/pilots/{fixture.pilot.slug}/"' in pilots
    assert f'href="/pilots/{fixture.pilot.slug}/returns/"' in pilots  # late returns link to the pilot's returns
    rows = _csv(client.get("/national/", {**AS_AT, "_export": "csv", "table": "councils"}))
    birmingham = next(r for r in rows if r[0] == "Birmingham")
    assert birmingham[2:] == ["4180", "3", "0.1", "2", "2", "0.0", "7100"]
    assert client.get("/national/", {"_export": "csv", "table": "nope"}).status_code == 404


def test_the_council_table_is_sorted_and_paginated(client, carol, fixture):
    from tests.factories.councils import CouncilFactory

    for i in range(30):
        CouncilFactory(gss_code=f"E0600{i:04d}", name=f"Council {i:02d}", region="London")
    client.force_login(carol)
    body = client.get("/national/families/").content.decode()
    assert 'aria-label="Page 2"' in body and "Council 23" in body and "Council 24" not in body  # 25 a page
    body = client.get("/national/families/", {"councils-sort": "-c0"}).content.decode()
    assert body.index("Manchester") < body.index("Council 29")  # sorted by name, Z to A
    assert "Birmingham" not in body  # on page 2 now
    assert client.get("/national/families/", {"councils-page": "2", "councils-sort": "-c0"}).status_code == 200


@pytest.mark.parametrize("section", SECTIONS)
def test_every_section_exports_and_filters(client, carol, fixture, section):
    client.force_login(carol)
    rows = _csv(client.get(section, {"region": "North West", "_export": "csv", "table": "councils"}))
    assert [r[0] for r in rows[1:]] == ["Manchester"]


@pytest.mark.parametrize("table", ["councils", "regions", "budget", "asks", "rag", "milestones", "returns", "outcomes"])
def test_every_table_exports(client, dan, fixture, table):
    client.force_login(dan)
    response = client.get("/national/", {"_export": "csv", "table": table})
    assert response["Content-Type"].startswith("text/csv")
    assert len(_csv(response)) >= 2


def test_filters_narrow_the_picture(client, carol, fixture):
    client.force_login(carol)
    rows = _csv(client.get("/national/", {"region": "North West", "_export": "csv", "table": "councils"}))
    assert [r[0] for r in rows[1:]] == ["Manchester"]
    rows = _csv(client.get("/national/", {"strand": "whole_place", "_export": "csv", "table": "rag"}))
    assert rows[1:] == []  # the Birmingham pilot is a first-phase families pilot


@pytest.mark.parametrize("address", ["/national/", *SECTIONS])
def test_officers_are_sent_home_and_anonymous_to_sign_in(client, alice, bob, fixture, address):
    assert client.get(address).url.startswith("/accounts/login/")
    for user in (alice, bob):
        client.force_login(user)
        assert client.get(address).url == "/"


def test_an_officer_sees_her_own_council_and_pilots_at_home(client, alice, fixture):
    """The officer's home is her work queue and her council's pilots, not a national-style dashboard."""
    client.force_login(alice)
    body = client.get("/").content.decode()
    assert "What needs you" in body and 'href="/pilots/birmingham/"' in body
    assert "late or missing return" not in body


def test_queries_do_not_grow_with_families(client, carol, fixture, council, django_assert_max_num_queries):
    client.force_login(carol)
    with django_assert_max_num_queries(40) as few:
        client.get("/national/families/")
    for i in range(30):
        family = FamilyFactory(council=council, reference=f"X{i}")
        IncidentFactory(person=PersonFactory(family=family), occurred_on=dt.date(2012, 1, 1))
        MilestoneFactory(plan=fixture, due_on=dt.date(2012, 1, 1))
    actions.refresh_outcomes(None, ON)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/national/families/").status_code == 200


def test_central_staff_recompute_the_outcomes(client, carol, alice, fixture):
    from programme.models import OutcomeSummary

    client.force_login(alice)
    assert client.post("/national/outcomes/refresh/", {"on": "2014-03-31"}).status_code == 404
    with pytest.raises(PermissionDenied):
        actions.refresh_outcomes(alice, ON)
    first = OutcomeSummary.objects.get()
    client.force_login(carol)
    response = client.post("/national/outcomes/refresh/", {"on": "2014-03-31", "query": "region=North+West"})
    assert response.url == "/national/outcomes/?region=North+West"
    summary = OutcomeSummary.objects.get()  # replaced, not added
    assert summary.pk != first.pk
    assert (summary.as_of, summary.computed_by, summary.rows.count()) == (ON, carol, 3)


def test_the_nightly_command_recomputes(fixture):
    from django.core.management import call_command

    from programme.models import OutcomeSummary

    out = io.StringIO()
    call_command("refresh_outcomes", "--on", "2013-12-31", stdout=out)
    assert "Outcomes as at 2013-12-31" in out.getvalue()
    assert OutcomeSummary.objects.filter(as_of=dt.date(2013, 12, 31)).exists()


def test_a_date_in_the_pictures_tables_reads_as_govuk_writes_it_and_exports_sortable():
    import datetime as dt

    from programme.national.tables import Day, cell_html

    day = Day(dt.date(2012, 1, 30))
    assert cell_html(day) == "30 January 2012"
    assert str(day) == "2012-01-30"  # the CSV, and the list's sort
