"""The registry of record kinds (families/kinds.py): the case file's contract it builds, and that the forms, the
family page, the history and the loaders of the rules each know every kind from it."""

from datetime import date

import pytest

from families.casefile import SHEETS
from families.evidence import SUPPORTED, evidence_of
from families.kinds import KINDS, PEOPLE, RECORD_KINDS, kind_of
from families.models import SchoolTerm
from funding.records import load_council_records
from tests.factories.families import (
    ChildFactory,
    EmploymentFactory,
    FamilyFactory,
    IncidentFactory,
    PersonFactory,
    ReferralFactory,
    SchoolTermFactory,
)

# CASE_FILE.md, sheet by sheet and column by column, in its order.
CONTRACT = {
    "families": [
        "reference",
        "identified_on",
        "crime_asb",
        "education",
        "work",
        "local_discretion",
        "attached_on",
        "key_worker",
        "closed_on",
    ],
    "people": ["family_reference", "person_reference", "role", "date_of_birth", "name"],
    "school_terms": [
        "family_reference",
        "person_reference",
        "term_start",
        "term_end",
        "unauthorised_absence_pct",
        "fixed_exclusions",
        "permanently_excluded",
    ],
    "incidents": ["family_reference", "person_reference", "kind", "occurred_on"],
    "employment": ["family_reference", "person_reference", "benefit", "started_on", "ended_on"],
    "work_programme": ["family_reference", "person_reference", "provision", "referred_on"],
}
REQUIRED = {
    "families": {"reference", "identified_on", "crime_asb", "education", "work"},
    "people": {"family_reference", "person_reference", "role", "date_of_birth"},
    "school_terms": {
        "family_reference",
        "person_reference",
        "term_start",
        "term_end",
        "unauthorised_absence_pct",
        "fixed_exclusions",
    },
    "incidents": {"family_reference", "person_reference", "kind", "occurred_on"},
    "employment": {"family_reference", "person_reference", "benefit", "started_on"},
    "work_programme": {"family_reference", "person_reference", "provision", "referred_on"},
}


def test_the_case_files_sheets_and_columns_are_the_contracts():
    assert {name: [column.name for column in columns] for name, columns in SHEETS.items()} == CONTRACT
    assert list(SHEETS) == list(CONTRACT)  # the order the sheets are read and their problems listed in
    assert {name: {c.name for c in columns if c.required} for name, columns in SHEETS.items()} == REQUIRED


@pytest.mark.parametrize("kind", KINDS.values(), ids=lambda kind: kind.slug)
def test_each_column_fills_the_field_of_its_name_and_takes_its_choices(kind):
    for column in kind.columns:
        model_field = kind.model._meta.get_field(column.name)
        if model_field.choices:
            for value, _label in model_field.choices:
                assert column.parse(value.upper()) == value
            with pytest.raises(ValueError, match="is not one of"):
                column.parse("none of them")


@pytest.mark.parametrize("kind", KINDS.values(), ids=lambda kind: kind.slug)
def test_each_kinds_form_is_for_its_model(kind):
    assert kind.form_class._meta.model is kind.model
    assert kind_of(kind.model) is kind


@pytest.mark.parametrize(
    ("slug", "offered"),
    [
        ("school-terms", {"child"}),
        ("incidents", {"adult", "child"}),
        ("employment", {"adult"}),
        ("work-programme", {"adult"}),
    ],
)
def test_a_record_form_offers_only_the_people_its_kind_is_for(council, slug, offered):
    family = FamilyFactory(council=council)
    PersonFactory(family=family)
    ChildFactory(family=family)
    people = KINDS[slug].form_class(family=family).fields["person"].queryset
    assert {person.role for person in people} == offered


def test_a_term_may_end_after_today_but_not_start_after_it_as_in_the_case_file(council, settings):
    settings.PROGRAMME_DATE = "2012-10-01"
    family = FamilyFactory(council=council)
    child = ChildFactory(family=family)
    form_class = kind_of(SchoolTerm).form_class

    def errors(start: date, end: date) -> dict:
        data = {"person": child.pk, "unauthorised_absence_pct": "5", "fixed_exclusions": "0"}
        for name, day in (("term_start", start), ("term_end", end)):
            data |= {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}
        form = form_class(data, family=family)
        form.is_valid()
        return form.errors

    assert errors(date(2012, 9, 3), date(2012, 12, 20)) == {}  # a term in progress
    assert list(errors(date(2012, 10, 2), date(2012, 12, 20))) == ["term_start"]


def test_the_family_page_history_and_loaders_know_every_kind(client, alice, council):
    family = FamilyFactory(council=council, reference="BHM-1")
    adult, child = PersonFactory(family=family, reference="1"), ChildFactory(family=family, reference="2")
    SchoolTermFactory(person=child)
    IncidentFactory(person=child)
    EmploymentFactory(person=adult)
    ReferralFactory(person=adult)

    client.force_login(alice)
    page = client.get(family.get_absolute_url()).content.decode()
    for kind in KINDS.values():
        assert f'href="/families/{family.pk}/{kind.slug}/add/"' in page
        assert f"Add {kind.a_noun}" in page
    for kind in RECORD_KINDS:
        record = kind.model.objects.get()
        assert f'href="/families/{family.pk}/{kind.slug}/{record.pk}/edit/"' in page  # on the timeline
        assert f"Added {kind.history_noun} of " in page
    for title in ("School term", "Anti-social behaviour", "Started work", "Referred to Work Programme"):
        assert title in page
    assert f"Added {PEOPLE.history_noun} " in page

    records = load_council_records(council).records[family.pk]
    for kind in RECORD_KINDS:
        (row,) = getattr(records, kind.loaded_as)
        assert row == kind.row_of(kind.model.objects.get())
    assert evidence_of(family).state_of("crime_asb") == SUPPORTED  # the ASB before identification, loaded
