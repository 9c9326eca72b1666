"""What the officer's home says the council could claim now, once a draft is prepared: written without judging the
families again when the draft is for today's results (it took every line), worked out when it is for an earlier
date. Checked against the rules on families of every kind: the funded number reached, the cap, progress to work
paid instead, terms in progress."""

import datetime as dt
import random

import pytest

from families.casefile import write_zip
from families.demo import family_sheets
from families.imports import import_case_file
from funding import actions, claimable
from funding.models import ClaimableFigure, PaymentType
from funding.results import claimable_lines

D = dt.date
TODAY = D(2015, 3, 31)  # the demo's families are recorded to the programme's last day


@pytest.fixture(autouse=True)
def programme_date(settings):
    settings.PROGRAMME_DATE = TODAY


@pytest.fixture
def council_with_cases(council, schedules):
    sheets = family_sheets(random.Random("claimable-figure"), "CF", 80, "")
    import_case_file(council, write_zip(sheets), filename="cases.zip", today=TODAY)
    lines = claimable_lines(council, TODAY)
    attachments = sum(1 for _, decision in lines if decision.payment_type == PaymentType.ATTACHMENT)
    # A funded number below the attached families, so some fees are refused for it.
    council.troubled_families_estimate = attachments
    council.save(update_fields=["troubled_families_estimate"])
    assert council.funded_families < attachments
    return council


def test_the_data_has_every_kind_of_line(council_with_cases):
    types = {decision.payment_type for _, decision in claimable_lines(council_with_cases, TODAY)}
    assert types == set(PaymentType.values)


def test_after_a_draft_for_today_nothing_is_left_to_claim_today(council_with_cases, alice, client):
    client.force_login(alice)
    client.post("/claims/prepare/", {"results_on_day": "31", "results_on_month": "3", "results_on_year": "2015"})
    figure = ClaimableFigure.objects.get(council=council_with_cases)
    assert (figure.results_on, figure.lines) == (TODAY, [])
    assert claimable_lines(council_with_cases, TODAY) == []  # what the rules say, judging every family again


def test_after_a_draft_for_an_earlier_date_what_is_left_is_worked_out(council_with_cases, alice):
    actions.prepare_claim(alice, D(2014, 3, 31))
    left = claimable_lines(council_with_cases, TODAY)
    assert left
    figure = claimable.after_draft(council_with_cases, D(2014, 3, 31))
    assert figure.results_on == TODAY
    assert figure.lines == [[family.pk, family.reference, d.payment_type, d.amount] for family, d in left]
