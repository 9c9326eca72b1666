"""Who may open what: every family URL for anonymous, the stranger (bob), alice, amir, carol and dan."""

import csv
import io
from datetime import date

import pytest

from tests.factories.families import ChildFactory, FamilyFactory, IncidentFactory, PersonFactory


@pytest.fixture
def family(council, alice):
    family = FamilyFactory(council=council, reference="BHM-1", key_worker=alice)
    adult = PersonFactory(family=family, reference="1", name="Jane Secretname", date_of_birth=date(1979, 3, 2))
    ChildFactory(family=family, reference="2", name="Kid Secretname", date_of_birth=date(2001, 7, 14))
    IncidentFactory(person=adult)
    return family


def urls(family) -> dict[str, str]:
    person = family.people.get(reference="1")
    incident = person.incidents.get()
    base = f"/families/{family.pk}/"
    return {
        "detail": base,
        "edit": base + "edit/",
        "add person": base + "people/add/",
        "edit person": base + f"people/{person.pk}/edit/",
        "delete person": base + f"people/{person.pk}/delete/",
        "add incident": base + "incidents/add/",
        "edit incident": base + f"incidents/{incident.pk}/edit/",
        "delete incident": base + f"incidents/{incident.pk}/delete/",
    }


COUNCIL_PAGES = ["/families/add/", "/families/import/", "/families/import/template.xlsx"]


def test_anonymous_users_are_sent_to_sign_in(client, family):
    for url in ["/families/", "/families/import/example.xlsx", *COUNCIL_PAGES, *urls(family).values()]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/accounts/login/?next="), url


def test_another_councils_family_is_not_found_on_every_url(client, bob, family):
    client.force_login(bob)
    for url in urls(family).values():
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
    assert "BHM-1" not in client.get("/families/").content.decode()


@pytest.mark.parametrize("actor", ["alice", "amir"])
def test_the_councils_officers_and_approvers_open_and_change_everything(client, request, actor, family):
    client.force_login(request.getfixturevalue(actor))
    for url in ["/families/", *COUNCIL_PAGES, *urls(family).values()]:
        assert client.get(url).status_code == 200, url
    page = client.get(f"/families/{family.pk}/").content.decode()
    assert "Jane Secretname" in page
    assert "2 March 1979" in page


@pytest.mark.parametrize("actor", ["carol", "dan"])
def test_central_staff_and_admins_read_but_do_not_change(client, request, actor, family):
    client.force_login(request.getfixturevalue(actor))
    assert client.get("/families/").status_code == 200
    assert client.get(f"/families/{family.pk}/").status_code == 200
    for name, url in urls(family).items():
        if name != "detail":
            assert client.get(url).status_code == 403, url
            assert client.post(url, {}).status_code == 403, url
    for url in COUNCIL_PAGES[:2]:
        assert client.get(url).status_code == 403, url
    assert client.get("/families/import/template.xlsx").status_code == 200  # only column headings


def test_central_staff_never_see_a_name_or_date_of_birth(client, carol, alice, family):
    # Give the family a history that touches personal details.
    client.force_login(alice)
    person = family.people.get(reference="1")
    client.post(
        f"/families/{family.pk}/people/{person.pk}/edit/",
        {
            "reference": "1",
            "role": "adult",
            "date_of_birth_day": "3",
            "date_of_birth_month": "3",
            "date_of_birth_year": "1979",
            "name": "Jane Newname",
        },
    )
    client.force_login(carol)
    pages = [
        client.get(f"/families/{family.pk}/").content.decode(),
        client.get("/families/").content.decode(),
        b"".join(client.get("/families/", {"_export": "csv"}).streaming_content).decode(),
    ]
    for page in pages:
        for secret in ("Secretname", "Newname", "1979", "2 March", "3 March", "14 July", "2001"):
            assert secret not in page
    detail = pages[0]
    assert "Person 1 (adult)" in detail
    assert "Person 2 (child)" in detail
    assert "Age when identified" in detail
    assert "25 to 34" in detail and "5 to 10" in detail  # age bands on the day identified, not dates of birth
    assert "Name changed" in detail  # the history says that it changed, not what to
    rows = list(csv.reader(io.StringIO(pages[2])))
    assert rows[1][0] == "BHM-1"


def test_admins_see_names(client, dan, family):
    client.force_login(dan)
    assert "Jane Secretname" in client.get(f"/families/{family.pk}/").content.decode()


def test_an_upload_is_seen_only_by_its_councils_officers_and_approvers(client, council, alice, amir, bob, carol, dan):
    from families.models import CaseUpload

    upload = CaseUpload.objects.create(council=council, uploaded_by=alice, filename="x.xlsx", content=b"x")
    url = f"/families/import/{upload.pk}/"
    assert client.get(url).url.startswith("/accounts/login/?next=")
    for user, status in [(alice, 200), (amir, 200), (bob, 404), (carol, 403), (dan, 403)]:
        client.force_login(user)
        assert client.get(url).status_code == status, user


@pytest.mark.parametrize("actor", ["alice", "carol", "dan"])
def test_every_role_that_reads_families_finds_them_in_the_navigation(client, request, actor):
    client.force_login(request.getfixturevalue(actor))
    page = client.get("/").content.decode()
    assert 'href="/families/"' in page
