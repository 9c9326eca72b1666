"""The benchmark's synthetic families are valid cases: a case file of them loads, and their COPY text loads."""

import random

from django.db import connection

from bench.dataset import CopyText, generate, key_workers_for, next_ids, spread, write_case_file
from families.imports import import_case_file
from families.models import Family, Person


def test_the_synthetic_case_file_loads_cleanly(council, tmp_path):
    workers = key_workers_for(council, 3)
    families = generate(random.Random("test"), "SYN", 30, [w.pk for w in workers])
    path = write_case_file(tmp_path / "cases", families, {w.pk: w.email for w in workers})
    result = import_case_file(council, path)
    assert (result.created, result.rows) == (30, sum(f.rows for f in families))
    assert import_case_file(council, path).unchanged == 30


def test_the_copy_text_loads(council):
    families = generate(random.Random("test"), "SYN", 10, [])
    with connection.cursor() as cursor:
        copy = CopyText(next_ids(cursor.cursor))
        copy.add(council.pk, families)
        copy.load(cursor.cursor)
        copy.load_history(cursor.cursor, copy.history_buffers())
    assert Family.objects.filter(council=council).count() == 10
    assert Family.history.filter(history_type="+").count() == 10
    assert Person.objects.count() == sum(len(f.people) for f in families)


def test_families_are_spread_by_estimate(council, other_council):
    council.troubled_families_estimate = 4180
    other_council.troubled_families_estimate = None
    assert spread([council, other_council], total=5000) == {council.pk: 4180, other_council.pk: 820}


def test_the_expanded_programme_scales_every_estimate(council, other_council):
    council.troubled_families_estimate = 4180
    other_council.troubled_families_estimate = None
    counts = spread([council, other_council], total=20_000, scale=400_000 / 120_000)
    assert counts == {council.pk: 13_933, other_council.pk: 20_000 - 13_933}
