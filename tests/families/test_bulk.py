from django.utils import timezone

from families import bulk
from families.models import Incident
from tests.factories.families import IncidentFactory, PersonFactory


def test_insert_reserves_ids_and_writes_one_history_row_each(council, alice):
    person = PersonFactory(family__council=council)
    rows = [{"person_id": person.pk, "kind": "asb", "occurred_on": f"2012-03-0{day}"} for day in (1, 2, 3)]
    bulk.insert(Incident, rows)
    bulk.insert_history(Incident, rows, "+", alice, "test", timezone.now())
    assert sorted(Incident.objects.values_list("pk", flat=True)) == sorted(row["id"] for row in rows)
    history = Incident.history.filter(history_change_reason="test")
    assert sorted(history.values_list("id", flat=True)) == sorted(row["id"] for row in rows)
    assert {h.history_user for h in history} == {alice}


def test_history_of_ids_with_gaps_is_written_for_those_ids_only(council):
    first, middle, last = IncidentFactory.create_batch(3, person=PersonFactory(family__council=council))
    rows = [{"id": first.pk}, {"id": last.pk}]
    bulk.insert_history(Incident, rows, "~", None, "gaps", timezone.now())
    written = Incident.history.filter(history_change_reason="gaps")
    assert sorted(written.values_list("id", flat=True)) == [first.pk, last.pk]
    assert middle.pk not in written.values_list("id", flat=True)
