import csv
import io

import pytest
from django.urls import reverse

from councils.lists import neutralise
from tests.factories.councils import CouncilFactory
from tests.factories.programme import MembershipFactory, PilotFactory


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_it_sends_anonymous_users_to_sign_in(client, council):
    for url in ("/councils/", f"/councils/{council.gss_code}/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/?next=")


@pytest.mark.parametrize("actor", ["alice", "amir", "bob", "carol", "dan"])
def test_every_role_reads_the_roster(client, request, actor, council):
    client.force_login(request.getfixturevalue(actor))
    assert client.get("/councils/").status_code == 200
    response = client.get(f"/councils/{council.gss_code}/")
    assert response.status_code == 200
    assert "3,483" in response.content.decode()  # funded: five sixths of 4,180


def test_unknown_council_is_404(client, alice):
    client.force_login(alice)
    assert client.get("/councils/E99999999/").status_code == 404


def test_it_filters_by_kind_region_and_pilot_membership(client, alice, council):
    county = CouncilFactory(name="Kentish", kind="county", region="South East")
    CouncilFactory(name="Lonely", kind="county", region="South East")
    MembershipFactory(council=county, pilot=PilotFactory(strand="families"), is_lead=True)
    client.force_login(alice)
    rows = _csv(client.get("/councils/", {"kind": "county", "region": "South East", "pilot": "any", "_export": "csv"}))
    assert [r[0] for r in rows[1:]] == ["Kentish"]
    rows = _csv(client.get("/councils/", {"pilot": "none", "kind": "county", "_export": "csv"}))
    assert [r[0] for r in rows[1:]] == ["Lonely"]


def test_it_sorts_by_estimate(client, alice):
    CouncilFactory(name="Big", troubled_families_estimate=900)
    CouncilFactory(name="Small", troubled_families_estimate=10)
    client.force_login(alice)
    rows = _csv(client.get("/councils/", {"sort": "-troubled_families_estimate", "_export": "csv"}))
    estimates = [int(r[4]) for r in rows[1:] if r[4].isdigit()]
    assert estimates == sorted(estimates, reverse=True)
    names = [r[0] for r in rows[1:]]
    assert names.index("Big") < names.index("Small")


def test_csv_export_neutralises_formulas(client, alice):
    CouncilFactory(name='=HYPERLINK("http://evil")', official_name="+danger")
    client.force_login(alice)
    response = client.get("/councils/", {"_export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    assert rows[0][:2] == ["Name", "GSS code"]
    names = [r[0] for r in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in names
    assert not any(name.startswith("=") for name in names)


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_neutralise_prefixes_dangerous_cells(value):
    assert neutralise(value) == "'" + value


def test_neutralise_leaves_numbers_and_plain_text(db):
    assert neutralise(-5) == -5
    assert neutralise("Birmingham") == "Birmingham"


def test_council_list_queries_stay_constant_as_rows_grow(client, alice, django_assert_max_num_queries):
    client.force_login(alice)
    CouncilFactory.create_batch(5)
    with django_assert_max_num_queries(12) as few:
        client.get("/councils/")
    CouncilFactory.create_batch(60)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/councils/").status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/councils/", {"_export": "csv"}).status_code == 200


def test_council_page_lists_its_pilots_with_lead(client, alice, council):
    pilot = PilotFactory(name="Brum pilot")
    MembershipFactory(pilot=pilot, council=council, is_lead=True)
    client.force_login(alice)
    body = client.get(reverse("councils:detail", args=[council.gss_code])).content.decode()
    assert "Brum pilot" in body
    assert "Lead council" in body
