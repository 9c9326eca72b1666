"""The form pages, posted empty and with hostile date boxes as the user who may use them: each answers with the
form's own message in the users' words, never a 500 and never Django's wording."""

import datetime as dt

import pytest
from django.utils import timezone

from funding import actions
from tests.factories.families import FamilyFactory, PersonFactory, ReferralFactory
from tests.factories.funding import ClaimWindowFactory
from tests.funding.conftest import load_schedules

DIGITS = "9" * 5000  # past Python's limit on int() of a string (4,300 digits)


def _page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def draft(council, alice):
    load_schedules()
    for i in range(2):
        family = FamilyFactory(council=council, reference=f"TF-{i}", attached_on=dt.date(2012, 6, 1))
        ReferralFactory(person=PersonFactory(family=family), referred_on=dt.date(2012, 8, 1))
    return actions.prepare_claim(alice, dt.date(2013, 3, 31))


@pytest.mark.parametrize("part", ["day", "month", "year"])
def test_a_family_date_box_of_5000_digits_is_a_message(client, alice, part):
    client.force_login(alice)
    boxes = {"identified_on_day": "1", "identified_on_month": "4", "identified_on_year": "2012"}
    boxes[f"identified_on_{part}"] = DIGITS
    page = _page(client.post("/families/add/", {"reference": "F-1", **boxes}))
    assert "The date the family was identified must be a real date" in page


def test_the_claim_date_box_of_5000_digits_is_a_message(client, alice):
    client.force_login(alice)
    data = {"results_on_day": "31", "results_on_month": "3", "results_on_year": DIGITS}
    assert "The date the results are judged on must be a real date" in _page(client.post("/claims/prepare/", data))


def test_the_window_date_boxes_of_5000_digits_are_messages(client, carol):
    client.force_login(carol)
    data = {"opens_on_day": DIGITS, "opens_on_month": "4", "opens_on_year": "2013"}
    data |= {"closes_on_day": "1", "closes_on_month": DIGITS, "closes_on_year": "2013"}
    page = _page(client.post("/claims/windows/", data))
    assert "The date the window opens must be a real date" in page
    assert "The date the window closes must be a real date" in page


def test_the_national_picture_date_of_5000_digits_is_a_message(client, carol, seeded):
    client.force_login(carol)
    page = _page(client.get("/national/", {"on_day": DIGITS, "on_month": "3", "on_year": "2013"}))
    assert "must be a real date" in page


def test_the_results_date_is_a_govuk_date_input_and_old_links_still_work(client, alice, draft):
    client.force_login(alice)
    family = draft.lines.first().family
    page = _page(client.get(f"/claims/families/{family.pk}/results/"))
    assert 'type="date"' not in page
    assert 'name="on_day"' in page
    page = _page(client.get(f"/claims/families/{family.pk}/results/", {"on": "2013-03-31"}))
    assert 'name="on_day" type="text" inputmode="numeric" value="31"' in page
    page = _page(client.get(f"/claims/families/{family.pk}/results/", {"on_day": "31", "on_month": "13"}))
    assert "The date the results are judged on must include a year" in page


def blank(*names: str) -> dict:
    """What a browser posts for a form left empty: every box, blank."""
    return {name: "" for name in names}


def _says_no_django(page: str) -> None:
    for words in ("This field is required", "Ensure this value", "Enter a valid", "Select a valid choice", "-----"):
        assert words not in page


def test_preparing_a_claim_posted_empty_asks_for_the_date(client, alice):
    client.force_login(alice)
    page = _page(client.post("/claims/prepare/", blank("results_on_day", "results_on_month", "results_on_year")))
    assert "Enter the date the results are judged on" in page
    _says_no_django(page)


def test_submitting_a_claim_posted_empty_asks_for_each_sign_off(client, amir, draft):
    client.force_login(amir)
    page = _page(client.post(f"/claims/{draft.pk}/submit/", blank("internal_audit", "coordinator")))
    assert "Enter the name of who signed off for internal audit" in page
    assert "Enter the name of the troubled families coordinator who signed off" in page
    assert "Confirm the declaration to submit the claim" in page
    _says_no_django(page)


def test_removing_a_line_posted_empty_asks_why(client, alice, draft):
    client.force_login(alice)
    line = draft.lines.first()
    page = _page(client.post(f"/claims/{draft.pk}/lines/{line.pk}/", blank("reason")))
    assert "Enter the reason the line is removed" in page
    _says_no_django(page)


def test_paying_a_claim_posted_empty_asks_for_the_reference(client, amir, carol, draft):
    today = timezone.localdate()
    ClaimWindowFactory(opens_on=today, closes_on=today + dt.timedelta(days=9), opened_by=carol)
    actions.submit_claim(amir, draft, internal_audit="Helen Marsh", coordinator="Tom Okafor", declared=True)
    client.force_login(carol)
    page = _page(client.post(f"/claims/{draft.pk}/pay/", blank("reference")))
    assert "Enter the payment reference" in page
    _says_no_django(page)


def test_signing_in_posted_empty_asks_for_the_username_and_password(client, db):
    page = _page(client.post("/accounts/login/", blank("username", "password")))
    assert "Enter your username" in page
    assert "Enter your password" in page
    _says_no_django(page)


def test_a_wrong_password_is_said_in_users_words(client, alice):
    page = _page(client.post("/accounts/login/", {"username": "alice", "password": "wrong"}))
    assert "Enter a correct username and password: both are case-sensitive" in page
    assert "Please enter" not in page
