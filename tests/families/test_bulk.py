from datetime import date

from django.utils import timezone

from families import bulk
from families.models import Incident, Person
from tests.factories.families import PersonFactory


def test_insert_reserves_ids_and_writes_one_history_row_each(council, alice):
    person = PersonFactory(family__council=council)
    rows = [{"person_id": person.pk, "kind": "asb", "occurred_on": f"2012-03-0{day}"} for day in (1, 2, 3)]
    bulk.insert(Incident, rows)
    bulk.insert_history(Incident, rows, "+", alice, "test", timezone.now())
    assert sorted(Incident.objects.values_list("pk", flat=True)) == sorted(row["id"] for row in rows)
    history = Incident.history.filter(history_change_reason="test")
    assert sorted(history.values_list("id", flat=True)) == sorted(row["id"] for row in rows)
    assert {h.history_user for h in history} == {alice}


def test_empty_text_stays_empty_and_history_rows_copy_the_values(council):
    family = PersonFactory(family__council=council).family
    rows = [
        {"family_id": family.pk, "reference": "P-EMPTY", "role": "adult", "date_of_birth": "1980-01-02", "name": ""},
        {"family_id": family.pk, "reference": "P-SLASH", "role": "child", "date_of_birth": "2005-06-07", "name": "\\N"},
        {
            "family_id": family.pk,
            "reference": "P-COMMA",
            "role": "adult",
            "date_of_birth": "1980-01-02",
            "name": 'A, "B"',
        },
    ]
    bulk.insert(Person, rows)
    bulk.insert_history(Person, rows, "+", None, "round trip", timezone.now())
    stored = {p.reference: (p.name, p.date_of_birth) for p in Person.objects.filter(pk__in=[r["id"] for r in rows])}
    assert stored == {
        "P-EMPTY": ("", date(1980, 1, 2)),
        "P-SLASH": ("\\N", date(2005, 6, 7)),
        "P-COMMA": ('A, "B"', date(1980, 1, 2)),
    }
    history = Person.history.filter(history_change_reason="round trip")
    assert {(h.reference, h.name, h.date_of_birth, h.history_type) for h in history} == {
        ("P-EMPTY", "", date(1980, 1, 2), "+"),
        ("P-SLASH", "\\N", date(2005, 6, 7), "+"),
        ("P-COMMA", 'A, "B"', date(1980, 1, 2), "+"),
    }
