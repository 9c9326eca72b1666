"""The benchmark's page measures on a small data set: every council's claims are built through the claim actions,
and every page the benchmark times (each role's home, each section of the national picture, the review queue, a
claim with its lines) answers through the test client as users reach it."""

import random

import pytest
from django.db import connection

from bench import funding as bench_funding
from bench import programme as bench_programme
from bench.dataset import CopyText, generate, key_workers_for, next_ids, reset_sequences
from bench.harness import Bench
from bench.run import bench_users
from councils.models import Council
from funding.models import Claim, ClaimLine, ClaimWindow


@pytest.fixture
def bench(seeded, settings):
    settings.PROGRAMME_DATE = bench_funding.AS_OF
    councils = list(Council.objects.filter(gss_code__in=["E08000025", "E06000001"]).order_by("pk"))
    largest = next(c for c in councils if c.gss_code == "E08000025")
    with connection.cursor() as cursor:
        copy = CopyText(next_ids(cursor.cursor))
        for council in councils:
            workers = [w.pk for w in key_workers_for(council, 3)] if council == largest else []
            copy.add(council.pk, generate(random.Random(council.gss_code), council.gss_code, 60, workers))
        copy.load(cursor.cursor)
        reset_sequences(cursor)
    measuring = Bench(largest, bench_users(largest))
    measuring.repeat = 1
    return measuring


def test_every_council_claims_through_the_actions(bench):
    built = bench_funding.build_claims(bench)
    window = ClaimWindow.objects.open_on(bench_funding.AS_OF).get()
    for council in Council.objects.filter(families__isnull=False).distinct():
        paid = Claim.objects.get(council=council, results_on=bench_funding.PAID_ON)
        assert paid.status == Claim.Status.PAID
        assert paid.amount_paid == sum(paid.lines.values_list("amount", flat=True)) > 0
        assert not paid.lines.exclude(status=ClaimLine.Status.ACCEPTED, paid_at__isnull=False).exists()
        in_review = Claim.objects.get(council=council, results_on=bench_funding.IN_REVIEW_ON)
        assert in_review.status == Claim.Status.SUBMITTED and in_review.window == window
        assert in_review in Claim.objects.awaiting_review(bench_funding.AS_OF)
    assert Claim.objects.get(council=bench.council, status=Claim.Status.SUBMITTED).sample_seed is not None
    assert built["claims"] == Claim.objects.count() == 4
    assert bench_funding.build_claims(bench)["claims"] == 4  # built once


def test_every_measured_page_answers(bench):
    bench_funding.measure(bench)
    bench_programme.measure(bench)
    measured = {figure.label: figure.figures for figure in bench.results}
    for role in ("officer", "approver", "central", "admin"):
        assert measured[f"programme: home, the {role}'s work queue"]["queries"] > 0
    for section in bench_programme.SECTIONS:
        assert measured[f"programme: national picture, {section}"]["path"] == f"/national/{section}/"
    claim = Claim.objects.get(council=bench.council, status=Claim.Status.SUBMITTED)
    assert measured["funding: claim page with its lines (largest council, central)"]["path"] == f"/claims/{claim.pk}/"
    assert measured["funding: review queue (central)"]["path"] == "/claims/?stage=review"
    # The draft is prepared through the officer's form, committed, and discarded after each run.
    assert measured["funding: draft claim (the officer's Prepare, largest council, committed)"]["queries"] > 0
    assert not Claim.objects.filter(council=bench.council, status=Claim.Status.DRAFT).exists()
