"""Identification evidence where people meet it: the family page and form, the reviewer's line and spot-check
pages, the spot-check sample and the monitoring extract. Central staff see no names or dates of birth."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from families.models import Family
from funding import actions
from funding.models import SpotCheck
from tests.factories.families import ChildFactory, FamilyFactory, IncidentFactory, PersonFactory, ReferralFactory
from tests.factories.funding import ClaimWindowFactory
from tests.families.test_family_forms import family_data
from tests.funding.conftest import load_schedules

D = dt.date
ON = D(2013, 3, 31)


def _family(council, reference: str, *, supported: bool) -> Family:
    """A family identified on 1 May 2012 on crime/ASB, education and work, with a referral to claim progress to
    work. With `supported`, an ASB incident in the 12 months before identification backs its crime/ASB flag."""
    made = FamilyFactory(council=council, reference=reference, attached_on=D(2012, 6, 1))
    adult = PersonFactory(family=made, name=f"Hidden Name {reference}", date_of_birth=D(1979, 3, 14))
    ChildFactory(family=made, name=f"Hidden Child {reference}", date_of_birth=D(2001, 7, 9))
    ReferralFactory(person=adult, referred_on=D(2012, 8, 1))
    if supported:
        IncidentFactory(person=adult, occurred_on=D(2012, 2, 1))
    return made


@pytest.fixture
def schedules(db):
    return load_schedules()


PERSONAL = ["Hidden Name", "Hidden Child", "14 March 1979", "9 July 2001", "1979-03-14", "14/03/1979"]


def test_the_family_page_shows_each_criterion_against_the_records(client, alice, carol, council):
    made = _family(council, "EV-1", supported=False)
    client.force_login(alice)
    page = client.get(made.get_absolute_url()).content.decode()
    assert "Identification evidence" in page
    assert "Not supported by the records held" in page and "No proven offence by a child and no ASB" in page
    assert "Records cannot say" in page and "Record the evidence relied on" in page
    client.force_login(carol)
    page = client.get(made.get_absolute_url()).content.decode()
    assert "Not supported by the records held" in page and "Record the evidence relied on" not in page
    assert not [detail for detail in PERSONAL if detail in page]


def test_the_council_records_the_evidence_it_relied_on_with_history(client, alice, council):
    made = _family(council, "EV-2", supported=True)
    client.force_login(alice)
    data = family_data(
        reference="EV-2",
        attached_on_day="1",
        attached_on_month="6",
        attached_on_year="2012",
        identification_evidence="  Police ASB referral of 1 February 2012; school attendance report  ",
        version=str(made.version),
    )
    response = client.post(f"/families/{made.pk}/edit/", data)
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.identification_evidence == "Police ASB referral of 1 February 2012; school attendance report"
    latest = made.history.first()
    assert latest.history_user == alice and latest.identification_evidence == made.identification_evidence
    page = client.get(made.get_absolute_url()).content.decode()
    assert "Police ASB referral of 1 February 2012" in page and "Supported by records" in page


def test_the_evidence_has_a_length_limit_in_the_officers_words(client, alice):
    client.force_login(alice)
    response = client.post("/families/add/", family_data(identification_evidence="x" * 2001))
    message = "Enter the evidence relied on in 2,000 characters or fewer"
    assert response.context["form"].errors["identification_evidence"] == [message]
    assert message in response.content.decode() and not Family.objects.exists()


def test_only_the_owning_council_edits_the_evidence(client, bob, carol, council):
    made = _family(council, "EV-3", supported=True)
    data = family_data(reference="EV-3", identification_evidence="Changed", version=str(made.version))
    client.force_login(bob)
    assert client.get(f"/families/{made.pk}/edit/").status_code == 404
    assert client.post(f"/families/{made.pk}/edit/", data).status_code == 404
    client.force_login(carol)
    assert client.post(f"/families/{made.pk}/edit/", data).status_code == 403
    made.refresh_from_db()
    assert made.identification_evidence == ""


@pytest.fixture
def claim(council, schedules, alice, amir, carol):
    """A submitted claim of 20 families, of which one family's crime/ASB flag the records do not
    support."""
    for i in range(19):
        _family(council, f"OK-{i:02d}", supported=True)
    _family(council, "GAP-1", supported=False)
    today = timezone.localdate()
    ClaimWindowFactory(opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=9), opened_by=carol)
    draft = actions.prepare_claim(alice, ON)
    return actions.submit_claim(amir, draft, internal_audit="I. Auditor", coordinator="C. Ord", declared=True)


def test_lines_of_a_family_with_unsupported_flags_are_drawn_first(claim, carol):
    lines = claim.lines.count()
    assert lines == 59  # 19 families with three lines, the other with two
    checks = actions.draw_sample(carol, claim, seed=11)
    assert len(checks) == 3  # 5% of 59 lines, rounded up: the sample's size is unchanged
    drawn = SpotCheck.objects.filter(claim=claim).select_related("line__family")
    marked = sorted((c.for_evidence_gap, c.line.family.reference.startswith("GAP")) for c in drawn)
    assert marked == [(False, False), (True, True), (True, True)]  # both GAP-1 lines, and one other
    event = claim.events.get(action="Spot-check sample drawn")
    assert "2 of them drawn first, of 2 lines whose identification the records do not support" in event.detail


def test_the_sample_stays_reproducible_from_its_seed():
    ids = list(range(1, 101))
    plain = actions.choose_sample(ids, Decimal(5), Decimal(1), 1234)
    assert plain == actions.choose_sample(ids, Decimal(5), Decimal(1), 1234, first=set())
    assert plain == actions.choose_sample(ids, Decimal(5), Decimal(1), 1234, first=set(ids))  # all gaps: as before
    first = {7, 70}
    chosen = actions.choose_sample(ids, Decimal(5), Decimal(1), 1234, first=first)
    assert len(chosen) == 5 and first <= set(chosen)
    assert chosen == actions.choose_sample(list(reversed(ids)), Decimal(5), Decimal(1), 1234, first=first)
    many = set(range(1, 21))
    assert set(actions.choose_sample(ids, Decimal(5), Decimal(1), 1234, first=many)) <= many


def test_the_reviewer_sees_the_gaps_on_the_line_and_the_check(client, claim, carol):
    actions.draw_sample(carol, claim, seed=11)
    check = SpotCheck.objects.filter(claim=claim).first()
    client.force_login(carol)
    for url in (f"/claims/{claim.pk}/checks/{check.pk}/", f"/claims/{claim.pk}/lines/{check.line_id}/"):
        page = client.get(url).content.decode()
        assert "Identification evidence" in page and "Not supported by the records held" in page, url
        assert not [detail for detail in PERSONAL if detail in page], url
    page = client.get(f"/claims/{claim.pk}/checks/{check.pk}/").content.decode()
    assert "Drawn because the records held do not support a criterion" in page


def test_the_monitoring_extract_gives_each_criterions_evidence(client, carol, council, schedules):
    for i in range(9):
        _family(council, f"MON-{i}", supported=True)
    _family(council, "MON-GAP", supported=False)
    client.force_login(carol)
    response = client.get("/claims/monitoring/", {"_export": "csv"})
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    header = rows[0]
    assert header[-4:] == ["crime_asb_evidence", "education_evidence", "work_evidence", "local_discretion_evidence"]
    assert len(rows) == 2  # 10% of 10 families
    assert rows[1][-4:] in (
        ["supported", "cannot_say", "cannot_say", "not_met"],
        ["not_supported", "cannot_say", "cannot_say", "not_met"],
    )
    assert not [detail for detail in PERSONAL if detail in body]
