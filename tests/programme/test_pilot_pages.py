import csv
import io

import pytest

from tests.factories.programme import MembershipFactory, PilotFactory


def _csv(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_it_sends_anonymous_users_to_sign_in(client, db):
    pilot = PilotFactory()
    for url in ("/pilots/", f"/pilots/{pilot.slug}/", "/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")


def test_pilot_list_filters_by_phase_and_strand(client, alice, seeded):
    client.force_login(alice)
    rows = _csv(client.get("/pilots/", {"phase": "second", "strand": "neighbourhood", "_export": "csv"}))
    assert len(rows) == 11  # header and the 10 neighbourhood pilots
    rows = _csv(client.get("/pilots/", {"phase": "first", "_export": "csv"}))
    assert len(rows) == 17


def test_pilot_page_shows_members_lead_localities_and_champion(client, carol, seeded):
    from programme.models import Pilot

    Pilot.objects.filter(slug="newcastle-cowgate-kenton-bar-and-montagu").update(whitehall_champion="Jo Champion")
    client.force_login(carol)
    body = client.get("/pilots/newcastle-cowgate-kenton-bar-and-montagu/").content.decode()
    for text in ("Newcastle upon Tyne", "(lead council)", "Cowgate", "Kenton Bar", "Montagu", "Jo Champion"):
        assert text in body


def test_unknown_pilot_is_404(client, alice, db):
    client.force_login(alice)
    assert client.get("/pilots/no-such-pilot/").status_code == 404


def test_pilot_list_queries_stay_constant_as_rows_grow(client, alice, django_assert_max_num_queries):
    client.force_login(alice)
    for _ in range(3):
        MembershipFactory(pilot=PilotFactory(), is_lead=True)
    with django_assert_max_num_queries(10) as few:
        client.get("/pilots/")
    for _ in range(40):
        MembershipFactory(pilot=PilotFactory(), is_lead=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/pilots/").status_code == 200


@pytest.mark.parametrize(
    ("actor", "heading"),
    [
        ("alice", "Birmingham"),
        ("amir", "Birmingham"),
        ("carol", "The pilot programme"),
        ("dan", "The pilot programme"),
    ],
)
def test_home_depends_on_role(client, request, actor, heading):
    user = request.getfixturevalue(actor)
    client.force_login(user)
    body = client.get("/").content.decode()
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in body
    assert ("Edit the roster in admin" in body) == (actor == "dan")


def test_health_answers_without_sign_in(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.content == b"ok"
