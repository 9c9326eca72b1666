from datetime import date

import pytest

from families.models import Incident, Person, SchoolTerm
from tests.factories.families import ChildFactory, FamilyFactory, IncidentFactory, PersonFactory


@pytest.fixture
def family(council):
    family = FamilyFactory(council=council, reference="BHM-1")
    PersonFactory(family=family, reference="1")
    ChildFactory(family=family, reference="2")
    return family


def test_an_officer_adds_a_household_member(client, alice, family):
    client.force_login(alice)
    response = client.post(
        f"/families/{family.pk}/people/add/",
        {
            "reference": "3",
            "role": "child",
            "date_of_birth_day": "9",
            "date_of_birth_month": "9",
            "date_of_birth_year": "2005",
            "name": "Sam",
        },
    )
    assert response.status_code == 302
    person = family.people.get(reference="3")
    assert (person.role, person.date_of_birth, person.name) == ("child", date(2005, 9, 9), "Sam")


def test_the_person_form_says_what_is_wrong(client, alice, family):
    client.force_login(alice)
    response = client.post(f"/families/{family.pk}/people/add/", {"reference": "1", "date_of_birth_year": "2005"})
    errors = response.context["form"].errors
    assert errors["reference"] == ["Someone in this family already has this reference"]
    assert errors["role"] == ["Select adult or child"]
    assert errors["date_of_birth"] == ["The date of birth must include a day and month"]


def test_an_officer_records_an_incident_and_it_is_on_the_timeline(client, alice, family):
    client.force_login(alice)
    adult = family.people.get(reference="1")
    response = client.post(
        f"/families/{family.pk}/incidents/add/",
        {
            "person": adult.pk,
            "kind": "asb",
            "occurred_on_day": "14",
            "occurred_on_month": "2",
            "occurred_on_year": "2012",
        },
    )
    assert response.status_code == 302
    assert Incident.objects.get().occurred_on == date(2012, 2, 14)
    page = client.get(family.get_absolute_url()).content.decode()
    assert "14 February 2012" in page and "Anti-social behaviour" in page


def test_school_terms_are_for_children_and_end_after_they_start(client, alice, family):
    client.force_login(alice)
    adult = family.people.get(reference="1")
    response = client.post(
        f"/families/{family.pk}/school-terms/add/",
        {
            "person": adult.pk,
            "term_start_day": "3",
            "term_start_month": "9",
            "term_start_year": "2012",
            "term_end_day": "1",
            "term_end_month": "9",
            "term_end_year": "2012",
            "unauthorised_absence_pct": "120",
            "fixed_exclusions": "-1",
        },
    )
    errors = response.context["form"].errors
    assert errors["person"] == ["Select the child from the list"]
    assert errors["term_end"] == ["The last day of term must be after the first day"]
    assert errors["unauthorised_absence_pct"] == ["Unauthorised absence must be 100% or less"]
    assert errors["fixed_exclusions"] == ["The number of fixed-term exclusions must be 0 or more"]
    assert not SchoolTerm.objects.exists()


def test_employment_ends_after_it_starts_and_referrals_need_a_provision(client, alice, family):
    client.force_login(alice)
    adult = family.people.get(reference="1")
    response = client.post(
        f"/families/{family.pk}/employment/add/",
        {
            "person": adult.pk,
            "benefit": "jsa",
            "started_on_day": "1",
            "started_on_month": "9",
            "started_on_year": "2012",
            "ended_on_day": "1",
            "ended_on_month": "8",
            "ended_on_year": "2012",
        },
    )
    assert response.context["form"].errors["ended_on"] == [
        "The last day in work must be the same as or after the first day"
    ]
    response = client.post(f"/families/{family.pk}/work-programme/add/", {"person": adult.pk})
    errors = response.context["form"].errors
    assert errors["provision"] == ["Select the Work Programme or ESF provision"]
    assert errors["referred_on"] == ["Enter the date referred"]


def test_an_officer_edits_and_removes_a_record(client, alice, family):
    incident = IncidentFactory(person=family.people.get(reference="1"), kind="asb")
    client.force_login(alice)
    url = f"/families/{family.pk}/incidents/{incident.pk}/"
    response = client.post(
        url + "edit/",
        {
            "person": incident.person_id,
            "kind": "offence",
            "occurred_on_day": "1",
            "occurred_on_month": "3",
            "occurred_on_year": "2012",
        },
    )
    assert response.status_code == 302
    assert Incident.objects.get().kind == "offence"
    assert client.get(url + "delete/").status_code == 200
    assert client.post(url + "delete/").status_code == 302
    assert not Incident.objects.exists()
    assert Incident.history.filter(history_type="-", history_user=alice).count() == 1
    assert "Removed incident" in client.get(family.get_absolute_url()).content.decode()


def test_removing_a_person_removes_their_records(client, alice, family):
    person = family.people.get(reference="1")
    IncidentFactory(person=person)
    client.force_login(alice)
    assert client.post(f"/families/{family.pk}/people/{person.pk}/delete/").status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not Incident.objects.exists()


def test_a_record_of_another_family_is_not_found_through_this_one(client, alice, family, council):
    elsewhere = IncidentFactory(person__family=FamilyFactory(council=council))
    client.force_login(alice)
    assert client.get(f"/families/{family.pk}/incidents/{elsewhere.pk}/edit/").status_code == 404
    assert client.post(f"/families/{family.pk}/incidents/{elsewhere.pk}/delete/").status_code == 404
    assert client.get(f"/families/{family.pk}/burglaries/add/").status_code == 404
    assert Incident.objects.filter(pk=elsewhere.pk).exists()


def test_the_family_page_reads_in_a_fixed_number_of_queries(client, alice, family):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.families import SchoolTermFactory

    client.force_login(alice)

    def queries() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(family.get_absolute_url())
        assert response.status_code == 200
        return len(captured), response.content.decode()

    before, _ = queries()
    child = family.people.get(reference="2")
    for year in range(2005, 2012):
        SchoolTermFactory(person=child, term_start=date(year, 9, 3), term_end=date(year, 12, 20))
        IncidentFactory(person=child, occurred_on=date(year, 3, 1))
    after, page = queries()
    assert page.count("School term") == 7
    assert after == before
    assert after <= 27  # the page, its session and the results judged on it
