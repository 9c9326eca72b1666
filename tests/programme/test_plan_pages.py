"""The plan on the pilot page, editing its parts, publishing, versions and compare, for every role."""

import pytest

from programme import actions
from programme.models import Partner, PlanVersion


def test_anonymous_users_are_sent_to_sign_in(client, plan):
    for url in ("/pilots/birmingham/", "/pilots/birmingham/plan/partnership/", "/pilots/birmingham/plan/versions/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("actor", ["alice", "amir", "carol", "dan"])
def test_members_and_central_staff_see_the_draft(client, request, plan, actor):
    client.force_login(request.getfixturevalue(actor))
    body = client.get("/pilots/birmingham/").content.decode()
    assert "You see the current draft" in body
    assert "West Midlands Police" in body
    assert "Let key workers see benefit records" in body  # asks are shown to members and central staff
    assert "History of changes" in body


def test_a_stranger_reads_only_the_published_plan(client, bob, amir, plan):
    client.force_login(bob)
    body = client.get("/pilots/birmingham/").content.decode()
    assert "has not published its plan yet" in body
    assert "West Midlands Police" not in body

    actions.publish_plan(amir, plan.pilot, note="First version")
    Partner.objects.create(plan=plan, agency="Probation Trust")  # a draft change after publishing
    body = client.get("/pilots/birmingham/").content.decode()
    assert "West Midlands Police" in body
    assert "Probation Trust" not in body  # the draft stays private
    assert "Let key workers see benefit records" not in body  # asks are private even when published
    assert "History of changes" not in body
    assert client.get("/pilots/birmingham/plan/versions/1/").status_code == 200


@pytest.mark.parametrize("part", ["partnership", "resources", "themes", "measures", "families", "setup"])
def test_strangers_and_central_staff_cannot_edit_a_part(client, bob, carol, plan, part):
    for user in (bob, carol):
        client.force_login(user)
        assert client.get(f"/pilots/birmingham/plan/{part}/").status_code == 404


@pytest.mark.parametrize("part", ["partnership", "resources", "themes", "measures", "families", "setup"])
def test_an_officer_opens_every_part(client, alice, plan, part):
    client.force_login(alice)
    assert client.get(f"/pilots/birmingham/plan/{part}/").status_code == 200


def test_an_officer_adds_a_partner_to_the_draft(client, alice, plan):
    client.force_login(alice)
    partner = plan.partners.get()
    response = client.post(
        "/pilots/birmingham/plan/partnership/",
        {
            "partnership": "A new partnership",
            "partners-TOTAL_FORMS": "2",
            "partners-INITIAL_FORMS": "1",
            "partners-0-id": partner.pk,
            "partners-0-agency": partner.agency,
            "partners-0-role": "Leads on crime",
            "partners-1-agency": "Jobcentre Plus",
            "partners-1-role": "Employment advisers",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.partnership == "A new partnership"
    assert plan.updated_by == alice
    assert sorted(plan.partners.values_list("agency", flat=True)) == ["Jobcentre Plus", "West Midlands Police"]
    assert Partner.history.filter(agency="Jobcentre Plus").get().history_user == alice


def test_a_bad_contribution_is_explained(client, alice, plan):
    client.force_login(alice)
    response = client.post(
        "/pilots/birmingham/plan/resources/",
        {
            "contributions-TOTAL_FORMS": "1",
            "contributions-INITIAL_FORMS": "0",
            "contributions-0-agency": "Police",
            "contributions-0-kind": "pooled",
            "contributions-0-financial_year": "2012/14",
            "contributions-0-amount": "ten",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Enter the financial year like 2012/13" in body
    assert "Enter the amount in whole pounds" in body


def test_only_an_approver_publishes(client, alice, amir, bob, carol, plan):
    for user in (alice, bob, carol):
        client.force_login(user)
        assert client.post("/pilots/birmingham/plan/publish/").status_code == 404
    client.force_login(amir)
    assert client.get("/pilots/birmingham/plan/publish/").status_code == 200
    response = client.post("/pilots/birmingham/plan/publish/", {"note": "Agreed by the board"})
    assert response.status_code == 302
    version = PlanVersion.objects.get()
    assert (version.number, version.published_by, version.note) == (1, amir, "Agreed by the board")
    assert version.snapshot["partners"] == [{"agency": "West Midlands Police", "role": "Seconds officers"}]
    response = client.post("/pilots/birmingham/plan/publish/", {"note": "Again"})
    assert "Nothing has changed since the last published version" in response.content.decode()


def test_a_reading_is_not_a_change_to_the_plan_but_a_partner_is(client, amir, plan):
    import datetime as dt

    from programme.models import MeasureReading

    actions.publish_plan(amir, plan.pilot)
    client.force_login(amir)
    MeasureReading.objects.create(measure=plan.measures.get(), read_on=dt.date(2012, 6, 30), value=80)
    assert "Unpublished changes" not in client.get("/pilots/birmingham/").content.decode()
    response = client.post("/pilots/birmingham/plan/publish/", {"note": "Only a reading"})
    assert "Nothing has changed since the last published version" in response.content.decode()

    Partner.objects.create(plan=plan, agency="Probation Trust")
    assert "Unpublished changes" in client.get("/pilots/birmingham/").content.decode()
    assert client.post("/pilots/birmingham/plan/publish/", {"note": "New partner"}).status_code == 302
    assert PlanVersion.objects.count() == 2


def test_versions_are_kept_and_compared(client, amir, bob, plan):
    actions.publish_plan(amir, plan.pilot)
    plan.partners.update(role="Leads the crime work")
    Partner.objects.create(plan=plan, agency="Probation Trust")
    plan.milestones.all().delete()
    actions.publish_plan(amir, plan.pilot, note="Probation joins")
    assert list(PlanVersion.objects.values_list("number", flat=True).order_by("number")) == [1, 2]

    client.force_login(bob)  # published versions are readable by every signed-in user
    body = client.get("/pilots/birmingham/plan/compare/?from=1&to=2").content.decode()
    assert "Added: Probation Trust" in body
    assert "Removed: Key workers recruited" in body
    assert "Seconds officers → Leads the crime work" in body
    assert client.get("/pilots/birmingham/plan/compare/?from=1&to=draft").status_code == 404
    rows = client.get("/pilots/birmingham/plan/versions/?_export=csv")
    assert b"Probation joins" in b"".join(rows.streaming_content)


def test_members_compare_the_draft_with_the_last_version(client, alice, amir, plan):
    actions.publish_plan(amir, plan.pilot)
    plan.partnership = "Rewritten"
    plan.save()
    client.force_login(alice)
    body = client.get("/pilots/birmingham/plan/compare/?from=1&to=draft").content.decode()
    assert "Rewritten" in body


def test_a_whole_place_plan_groups_projects_under_themes(client, alice, plan):
    from programme.models import OutcomeTheme, Project

    plan.pilot.strand, plan.pilot.phase = "whole_place", "second"
    plan.pilot.save()
    theme = OutcomeTheme.objects.create(plan=plan, name="Best start in life")
    Project.objects.create(theme=theme, name="Troubled families")
    client.force_login(alice)
    response = client.post(
        "/pilots/birmingham/plan/themes/",
        {
            "themes-TOTAL_FORMS": "1",
            "themes-INITIAL_FORMS": "1",
            "themes-0-id": theme.pk,
            "themes-0-name": theme.name,
            "projects-TOTAL_FORMS": "2",
            "projects-INITIAL_FORMS": "1",
            "projects-0-id": theme.projects.get().pk,
            "projects-0-theme": theme.pk,
            "projects-0-name": "Troubled families",
            "projects-1-theme": theme.pk,
            "projects-1-name": "Youth support",
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert list(theme.projects.values_list("name", flat=True)) == ["Troubled families", "Youth support"]
    body = client.get("/pilots/birmingham/").content.decode()
    assert "Best start in life" in body
    assert "Youth support" in body


def test_the_measure_chart_has_its_figures_in_a_table(client, alice, plan):
    import datetime as dt

    from programme.models import MeasureReading

    measure = plan.measures.get()
    MeasureReading.objects.create(measure=measure, read_on=dt.date(2011, 6, 30), value=80)
    client.force_login(alice)
    body = client.get("/pilots/birmingham/").content.decode()
    assert "<svg" in body
    assert "Target 40" in body
    assert "Baseline 100" in body
    assert "Reading 2011-06-30" in body
    assert "style=" not in body


def test_pilot_page_queries_do_not_grow_with_the_plan(client, alice, plan, django_assert_max_num_queries):
    from tests.factories.programme import AskFactory, MilestoneFactory, PartnerFactory

    client.force_login(alice)
    with django_assert_max_num_queries(40) as few:
        client.get("/pilots/birmingham/")
    for _ in range(30):
        PartnerFactory(plan=plan)
        MilestoneFactory(plan=plan)
        AskFactory(plan=plan)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/pilots/birmingham/").status_code == 200


def test_milestone_is_overdue_the_day_after_it_is_due(plan):
    import datetime as dt

    from programme.models import Milestone

    milestone = plan.milestones.get()
    assert not milestone.is_overdue(milestone.due_on)
    assert milestone.is_overdue(milestone.due_on + dt.timedelta(days=1))
    assert list(Milestone.objects.overdue(milestone.due_on + dt.timedelta(days=1))) == [milestone]
    milestone.status = Milestone.Status.DONE
    assert not milestone.is_overdue(milestone.due_on + dt.timedelta(days=1))


def test_resources_are_totalled_by_kind_and_year(plan):
    assert plan.contributions.totals() == {"total": 2_500_000, "pooled": 2_000_000, "aligned": 500_000}
