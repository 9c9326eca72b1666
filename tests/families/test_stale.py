"""Family.objects.stale_on: open cases attached six months or more before a day with no record of any kind in the
six months to it (the officer's home page counts them; the families list filters them). Each kind's boundaries; and
the stored latest record date it reads first (Family.latest_record_on), kept by every change to records or people,
and agreeing with the records themselves and with each kind's `recent_in`."""

import random
from datetime import date, timedelta

import pytest
from django.db.models import Exists, OuterRef

from councils.calendar import months_before
from families.casefile import write_workbook
from families.examples import example_sheets
from families.imports import import_case_file
from families.kinds import RECORD_KINDS
from families.models import Family, Incident
from tests.factories.families import (
    ChildFactory,
    EmploymentFactory,
    FamilyFactory,
    IncidentFactory,
    PersonFactory,
    ReferralFactory,
    SchoolTermFactory,
)

ON = date(2013, 6, 30)
SINCE = date(2012, 12, 30)  # six months before ON: the window is from the day after, to ON


def is_stale(family: Family) -> bool:
    return Family.objects.stale_on(ON).filter(pk=family.pk).exists()


def stored_date(family: Family) -> date | None:
    return Family.objects.values_list("latest_record_on", flat=True).get(pk=family.pk)


def latest_from_records(family: Family) -> date | None:
    """Worked out from scratch: the latest of every date on the family's people's records."""
    dates = []
    for kind in RECORD_KINDS:
        for values in kind.model.objects.filter(person__family=family).values_list(*kind.dates):
            dates += [value for value in values if value is not None]
    return max(dates, default=None)


def stale_by_definition(families, on: date) -> set[int]:
    """The stale cases by each kind's `recent_in` alone, reading every family's records (no stored date)."""
    since = months_before(on, 6)
    stale = families.open().filter(attached_on__lte=since)
    for kind in RECORD_KINDS:
        recent = kind.model.objects.filter(kind.recent_in(since, on), person__family=OuterRef("pk"))
        stale = stale.filter(~Exists(recent))
    return set(stale.values_list("pk", flat=True))


@pytest.fixture
def family(council):
    return FamilyFactory(council=council, attached_on=date(2012, 6, 1))


def test_a_family_with_no_record_is_stale_but_not_once_closed_or_attached_since(council, family):
    assert is_stale(family)
    assert not is_stale(FamilyFactory(council=council, attached_on=date(2012, 12, 31)))
    assert not is_stale(FamilyFactory(council=council, attached_on=date(2012, 6, 1), closed_on=date(2013, 1, 1)))


@pytest.mark.parametrize(
    ("occurred_on", "stale"), [(SINCE, True), (date(2012, 12, 31), False), (ON, False), (date(2013, 7, 1), True)]
)
def test_an_incident_in_the_six_months(family, occurred_on, stale):
    IncidentFactory(person=PersonFactory(family=family), occurred_on=occurred_on)
    assert is_stale(family) is stale


@pytest.mark.parametrize(
    ("referred_on", "stale"), [(SINCE, True), (date(2012, 12, 31), False), (ON, False), (date(2013, 7, 1), True)]
)
def test_a_referral_in_the_six_months(family, referred_on, stale):
    ReferralFactory(person=PersonFactory(family=family), referred_on=referred_on)
    assert is_stale(family) is stale


@pytest.mark.parametrize(
    ("started_on", "ended_on", "stale"),
    [
        (date(2012, 12, 31), None, False),  # started in the six months
        (date(2012, 7, 1), date(2012, 12, 31), False),  # ended in them
        (date(2012, 7, 1), SINCE, True),  # ended the day before they start
        (date(2012, 7, 1), None, True),  # in work all along: nothing dated in them
    ],
)
def test_a_job_started_or_ended_in_the_six_months(family, started_on, ended_on, stale):
    EmploymentFactory(person=PersonFactory(family=family), started_on=started_on, ended_on=ended_on)
    assert is_stale(family) is stale


@pytest.mark.parametrize(
    ("term_start", "term_end", "stale"),
    [
        (date(2012, 9, 3), SINCE, True),  # ended the day before the six months
        (date(2012, 9, 3), date(2012, 12, 31), False),  # ended in them
        (date(2013, 4, 15), date(2013, 7, 19), False),  # in progress
        (date(2013, 7, 1), date(2013, 7, 19), True),  # not started yet
    ],
)
def test_a_term_ended_in_the_six_months_or_in_progress(family, term_start, term_end, stale):
    SchoolTermFactory(person=ChildFactory(family=family), term_start=term_start, term_end=term_end)
    assert is_stale(family) is stale


@pytest.mark.parametrize(
    ("dates", "stale"),
    [
        ([date(2013, 7, 1)], True),  # only after the day: nothing in the six months
        ([date(2013, 7, 1), ON], False),  # after the day, and one in the six months
        ([date(2013, 7, 1), SINCE], True),  # after the day, and one the day before the six months
    ],
)
def test_a_family_with_a_record_after_the_day_is_judged_on_its_records(family, dates, stale):
    person = PersonFactory(family=family)
    for occurred_on in dates:
        IncidentFactory(person=person, occurred_on=occurred_on)
    assert stored_date(family) > ON
    assert is_stale(family) is stale


def test_the_stored_date_is_the_latest_of_every_date_on_every_record(family):
    assert stored_date(family) is None
    adult, child = PersonFactory(family=family), ChildFactory(family=family)
    SchoolTermFactory(person=child, term_start=date(2012, 9, 3), term_end=date(2012, 12, 20))
    assert stored_date(family) == date(2012, 12, 20)  # the term's end
    IncidentFactory(person=adult, occurred_on=date(2013, 1, 5))
    assert stored_date(family) == date(2013, 1, 5)
    EmploymentFactory(person=adult, started_on=date(2012, 10, 1), ended_on=date(2013, 2, 1))
    assert stored_date(family) == date(2013, 2, 1)  # the job's end
    EmploymentFactory(person=adult, started_on=date(2013, 3, 1), ended_on=None)
    assert stored_date(family) == date(2013, 3, 1)  # a job still going: its start
    ReferralFactory(person=adult, referred_on=date(2013, 4, 2))
    assert stored_date(family) == date(2013, 4, 2) == latest_from_records(family)


def test_saving_a_family_leaves_its_stored_date_as_it_is(family):
    loaded = Family.objects.get(pk=family.pk)
    IncidentFactory(person=PersonFactory(family=family), occurred_on=ON)
    loaded.closure_reason = "Moved away"
    loaded.save()  # with the date it was loaded with (none), which is out of date now
    assert stored_date(family) == ON
    assert Family.objects.get(pk=family.pk).closure_reason == "Moved away"


def test_the_record_pages_keep_the_stored_date(client, alice, family):
    adult = PersonFactory(family=family)
    client.force_login(alice)

    def incident(url: str, on: date) -> None:
        fields = {"person": adult.pk, "kind": "asb", "occurred_on_day": on.day, "occurred_on_month": on.month}
        assert client.post(url, {**fields, "occurred_on_year": on.year}).status_code == 302

    incident(f"/families/{family.pk}/incidents/add/", date(2013, 2, 14))
    assert stored_date(family) == date(2013, 2, 14) == latest_from_records(family)
    assert not is_stale(family)
    record = Incident.objects.get()
    incident(f"/families/{family.pk}/incidents/{record.pk}/edit/", date(2012, 11, 1))
    assert stored_date(family) == date(2012, 11, 1) == latest_from_records(family)
    assert is_stale(family)
    incident(f"/families/{family.pk}/incidents/add/", date(2013, 3, 1))
    assert client.post(f"/families/{family.pk}/incidents/{record.pk}/delete/").status_code == 302
    assert stored_date(family) == date(2013, 3, 1) == latest_from_records(family)
    assert client.post(f"/families/{family.pk}/people/{adult.pk}/delete/").status_code == 302  # with its records
    assert stored_date(family) is None
    assert is_stale(family)


def load(council, sheets: dict) -> None:
    import_case_file(council, write_workbook(sheets), filename="cases.xlsx")


def test_an_import_keeps_the_stored_date(council, alice):
    sheets = example_sheets(key_worker=alice.email)
    load(council, sheets)
    families = list(Family.objects.filter(council=council))
    assert [stored_date(f) for f in families] == [latest_from_records(f) for f in families]
    assert stored_date(families[0]) is not None
    assert stored_date(families[1]) is None  # only identified: no records
    latest = max(sheets["school_terms"], key=lambda term: term["term_end"])
    sheets["school_terms"].remove(latest)
    load(council, sheets)
    assert stored_date(families[0]) == latest_from_records(families[0]) < latest["term_end"]
    sheets["people"] = [p for p in sheets["people"] if p["family_reference"] != families[0].reference]
    for kind in RECORD_KINDS:
        sheets[kind.sheet] = []
    load(council, sheets)  # the household removed, with its records
    assert stored_date(families[0]) is None


def test_the_stored_date_and_stale_on_agree_with_the_records_over_a_mixed_data_set(council):
    rng = random.Random(2013)
    day = lambda: date(2012, 1, 1) + timedelta(days=rng.randrange(900))  # noqa: E731
    families = []
    for n in range(40):
        attached = date(2012, 1, 1) + timedelta(days=rng.randrange(400))
        closed = attached + timedelta(days=500) if n % 7 == 0 else None
        family = FamilyFactory(council=council, identified_on=attached, attached_on=attached, closed_on=closed)
        families.append(family)
        adult, child = PersonFactory(family=family), ChildFactory(family=family)
        for _ in range(rng.randrange(3)):
            start = day()
            SchoolTermFactory(person=child, term_start=start, term_end=start + timedelta(days=rng.randrange(1, 120)))
        for _ in range(rng.randrange(3)):
            IncidentFactory(person=rng.choice([adult, child]), occurred_on=day())
        for _ in range(rng.randrange(2)):
            started = day()
            ended = started + timedelta(days=rng.randrange(200)) if rng.random() < 0.5 else None
            EmploymentFactory(person=adult, started_on=started, ended_on=ended)
        for _ in range(rng.randrange(2)):
            ReferralFactory(person=adult, referred_on=day())
    assert [stored_date(f) for f in families] == [latest_from_records(f) for f in families]
    assert Family.objects.filter(latest_record_on__isnull=True).exists()
    everyone = Family.objects.filter(council=council)
    compared = 0
    for on in [date(2012, 6, 30) + timedelta(days=days) for days in range(0, 730, 23)]:
        stale = set(everyone.stale_on(on).values_list("pk", flat=True))
        assert stale == stale_by_definition(everyone, on), on
        compared += bool(stale) and everyone.filter(latest_record_on__gt=on).exists()
    assert compared > 5  # days on which families were stale, and some had records dated after them
    Family.objects.update(latest_record_on=None)
    Family.objects.refresh_latest_record_on()
    assert [stored_date(f) for f in families] == [latest_from_records(f) for f in families]
