from datetime import date

import pytest

from families.models import Family
from tests.factories.families import FamilyFactory


def family_data(**overrides) -> dict:
    data = {
        "reference": "BHM-NEW",
        "identified_on_day": "1",
        "identified_on_month": "5",
        "identified_on_year": "2012",
        "crime_asb": "on",
        "education": "on",
        "work": "on",
        "local_discretion": "",
        "key_worker": "",
        "attached_on_day": "",
        "attached_on_month": "",
        "attached_on_year": "",
        "closed_on_day": "",
        "closed_on_month": "",
        "closed_on_year": "",
        "closure_reason": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_an_officer_adds_a_family_for_their_council(client, alice):
    client.force_login(alice)
    response = client.post(
        "/families/add/",
        family_data(key_worker=alice.pk, attached_on_day="4", attached_on_month="6", attached_on_year="2012"),
    )
    family = Family.objects.get(reference="BHM-NEW")
    assert response.status_code == 302 and response.url == family.get_absolute_url()
    assert (family.council, family.key_worker, family.attached_on) == (alice.council, alice, date(2012, 6, 4))
    assert family.criteria_met == 3
    assert family.history.get().history_user == alice


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"reference": ""}, "reference", "Enter the case reference"),
        (
            {"identified_on_day": "", "identified_on_month": "", "identified_on_year": ""},
            "identified_on",
            "Enter the date the family was identified",
        ),
        (
            {"identified_on_day": "31", "identified_on_month": "2"},
            "identified_on",
            "The date the family was identified must be a real date",
        ),
        (
            {"identified_on_year": "2099"},
            "identified_on",
            "The date the family was identified must be today or in the past",
        ),
        (
            {"attached_on_day": "30", "attached_on_month": "4", "attached_on_year": "2012"},
            "attached_on",
            "The date attached must be the same as or after the date identified",
        ),
        (
            {"closed_on_day": "30", "closed_on_month": "4", "closed_on_year": "2012"},
            "closed_on",
            "The date closed must be the same as or after the date work started",
        ),
        (
            {"closed_on_day": "30", "closed_on_month": "6", "closed_on_year": "2012"},
            "closure_reason",
            "Enter why the case closed",
        ),
    ],
)
def test_the_family_form_says_what_is_wrong(client, alice, overrides, field, message):
    client.force_login(alice)
    response = client.post("/families/add/", family_data(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert not Family.objects.exists()


def test_a_reference_is_unique_in_the_council_only(client, alice, council, other_council):
    FamilyFactory(council=other_council, reference="BHM-NEW")
    FamilyFactory(council=council, reference="TAKEN")
    client.force_login(alice)
    response = client.post("/families/add/", family_data(reference="TAKEN"))
    assert response.context["form"].errors["reference"] == ["Your council already has a family with this reference"]
    assert client.post("/families/add/", family_data()).status_code == 302


def test_the_form_warns_when_fewer_than_three_criteria_are_met(client, alice, council):
    family = FamilyFactory(council=council, work=False, education=False)
    client.force_login(alice)
    page = client.get(f"/families/{family.pk}/edit/").content.decode()
    assert "Meets 1 of the 4 criteria: a troubled family meets at least 3." in page
    assert "Meets 1 of the 4 criteria" in client.get(family.get_absolute_url()).content.decode()
    response = client.post("/families/add/", family_data(work=None, reference=""))
    assert "Meets 2 of the 4 criteria" in response.content.decode()


def test_closing_a_case_keeps_the_reason(client, alice, council):
    family = FamilyFactory(council=council)
    client.force_login(alice)
    data = family_data(
        reference=family.reference,
        attached_on_day="1",
        attached_on_month="6",
        attached_on_year="2012",
        closed_on_day="1",
        closed_on_month="3",
        closed_on_year="2013",
        closure_reason="Moved to another council",
        version=family.version,
    )
    assert client.post(f"/families/{family.pk}/edit/", data).status_code == 302
    family.refresh_from_db()
    assert (family.status, family.closure_reason, family.version) == ("closed", "Moved to another council", 2)
    page = client.get(family.get_absolute_url()).content.decode()
    assert "Moved to another council" in page
    assert "Closed on: blank → 1 March 2013" in page
