"""The statement a council's auditor signs: claims, rejections after payment, recoveries across years and partial
deductions, each counted in the year it happened, and a reconciliation that adds up (or says it does not)."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from funding import actions
from funding.models import Claim, ClaimLine, PaymentType, Recovery
from funding.statements import statement
from tests.factories.families import FamilyFactory, PersonFactory, ReferralFactory
from tests.factories.funding import ClaimWindowFactory

D = dt.date


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)


def _family(council, reference: str, attached_on: dt.date, referred_on: dt.date):
    family = FamilyFactory(council=council, reference=reference, attached_on=attached_on)
    ReferralFactory(person=PersonFactory(family=family), referred_on=referred_on)
    return family


def _prepare(alice, amir, results_on: dt.date, families) -> Claim:
    """A claim holding only the lines of `families` (whatever else the rules offer again is removed)."""
    claim = actions.prepare_claim(alice, results_on)
    for line in claim.lines.exclude(family__in=families):
        actions.remove_line(alice, line, "Not in this claim")
    return actions.submit_claim(amir, claim, internal_audit="I. Auditor", coordinator="C. Ord", declared=True)


def _review(carol, claim: Claim, reject=()) -> None:
    actions.draw_sample(carol, claim, seed=1)
    for check in claim.spot_checks.all():
        actions.record_check(carol, check, passed=True, notes="")
    for line in reject:
        actions.decide_line(carol, line, accept=False, reason="Duplicate")


def _pay(carol, claim: Claim, paid_on: dt.date, reference: str) -> Claim:
    actions.accept_remaining_lines(carol, claim)
    actions.approve_claim(carol, claim)
    claim = actions.pay_claim(carol, claim, reference=reference)
    # The payment happened on `paid_on`: the claim and its lines carry that time.
    Claim.objects.filter(pk=claim.pk).update(paid_at=_at(paid_on))
    ClaimLine.objects.filter(claim=claim, paid_at__isnull=False).update(paid_at=_at(paid_on))
    return claim


def _reject_after_payment(carol, line: ClaimLine, on: dt.date) -> None:
    actions.decide_line(carol, line, accept=False, reason="Evidence withdrawn")
    Recovery.objects.filter(line=line).update(raised_at=_at(on))


def _line(claim: Claim, family, payment_type: str) -> ClaimLine:
    return claim.lines.get(family=family, payment_type=payment_type)


@pytest.fixture
def window(carol):
    today = timezone.localdate()
    return ClaimWindowFactory(opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=9))


@pytest.fixture
def history(council, schedules, alice, amir, carol, window):
    """Four claims over three years:

    A (2012/13) £13,200 for four families; £100 rejected at review; £13,100 paid on 20 March 2013.
       In May 2013 (2013/14) two of its paid lines are rejected: recoveries of £3,200 and £100.
    B (2013/14) £2,500, paid 15 July 2013: the £3,200 recovery does not fit, the £100 one is deducted: £2,400 cash.
    C (2013/14) £5,000, paid 1 May 2014 (2014/15): the £3,200 recovery is deducted: £1,800 cash.
    D (2014/15) £1,700 in review: £1,600 accepted, £100 awaiting a decision.
    """
    first = [_family(council, f"A-{i}", D(2012, 6, 1), D(2012, 8, 1)) for i in range(4)]
    b_family = _family(council, "B-0", D(2013, 4, 10), D(2013, 5, 1))
    c_families = [_family(council, f"C-{i}", D(2013, 9, 1), D(2013, 10, 1)) for i in range(2)]
    d_family = _family(council, "D-0", D(2014, 4, 10), D(2014, 5, 1))

    a = _prepare(alice, amir, D(2013, 3, 31), first)
    _review(carol, a, reject=[_line(a, first[3], PaymentType.PROGRESS_TO_WORK)])
    a = _pay(carol, a, D(2013, 3, 20), "PAY-A")
    _reject_after_payment(carol, _line(a, first[0], PaymentType.ATTACHMENT), D(2013, 5, 10))
    _reject_after_payment(carol, _line(a, first[1], PaymentType.PROGRESS_TO_WORK), D(2013, 5, 11))

    b = _prepare(alice, amir, D(2013, 6, 30), [b_family])
    _review(carol, b)
    b = _pay(carol, b, D(2013, 7, 15), "PAY-B")
    return {"a": a, "b": b, "c_families": c_families, "d_family": d_family}


@pytest.fixture
def later(history, alice, amir, carol):
    c = _prepare(alice, amir, D(2014, 3, 31), history["c_families"])
    _review(carol, c)
    c = _pay(carol, c, D(2014, 5, 1), "PAY-C")
    d = _prepare(alice, amir, D(2014, 6, 30), [history["d_family"]])
    _review(carol, d)
    actions.decide_line(carol, _line(d, history["d_family"], PaymentType.ATTACHMENT), accept=True)
    return {**history, "c": c, "d": d}


def _figures(row) -> tuple:
    return (
        row.claimed,
        row.accepted,
        row.rejected,
        row.awaiting,
        row.lines_paid,
        row.recoveries_deducted,
        row.cash_paid,
        row.recoveries_raised,
        row.outstanding_at_end,
    )


def test_a_recovery_is_outstanding_until_a_payment_deducts_it(council, history):
    money = statement(council)
    assert [r.financial_year for r in money.rows] == ["2012/13", "2013/14"]
    first, second = money.rows
    # 2012/13: the lines rejected after payment were accepted that year, and nothing was recovered that year.
    assert _figures(first) == (13200, 13100, 100, 0, 13100, 0, 13100, 0, 0)
    # 2013/14: both recoveries raised; the payment of £2,500 could take back only the £100 one.
    assert _figures(second) == (2500, 2500, 0, 0, 2500, 100, 2400, 3300, 3200)
    assert [(r.amount, r.raised_year, r.deducted_year) for r in money.recoveries] == [
        (3200, "2013/14", ""),
        (100, "2013/14", "2013/14"),
    ]
    assert (money.cash_paid, money.net, money.outstanding) == (15500, 12300, 3200)
    assert all(r.reconciles for r in money.rows) and money.reconciles


def test_recoveries_across_years_and_each_payments_cash(council, later):
    money = statement(council)
    assert [r.financial_year for r in money.rows] == ["2012/13", "2013/14", "2014/15"]
    assert _figures(money.rows[1]) == (7500, 7500, 0, 0, 2500, 100, 2400, 3300, 3200)
    # 2014/15: claim C's payment (for a 2013/14 claim) took back the £3,200; claim D is still in review.
    assert _figures(money.rows[2]) == (1700, 1600, 0, 100, 5000, 3200, 1800, 0, 0)
    assert [(p.reference, p.financial_year, p.due, p.deducted, p.cash) for p in money.payments] == [
        ("PAY-A", "2012/13", 13100, 0, 13100),
        ("PAY-B", "2013/14", 2500, 100, 2400),
        ("PAY-C", "2014/15", 5000, 3200, 1800),
    ]
    assert [r.deducted_year for r in money.recoveries] == ["2014/15", "2013/14"]
    # claimed = accepted + rejected (+ awaiting); accepted - recovered = net; cash = net - unpaid + outstanding.
    assert (money.claimed, money.accepted, money.rejected, money.awaiting) == (22400, 22200, 100, 100)
    assert (money.recoveries_raised, money.net, money.accepted_unpaid, money.outstanding) == (3300, 18900, 1600, 0)
    assert money.cash_paid == 17300 == money.net - money.accepted_unpaid + money.outstanding
    assert [check.holds for check in money.checks] == [True] * len(money.checks)
    assert all(r.reconciles for r in money.rows) and money.reconciles


def test_a_statement_that_does_not_add_up_says_so(client, carol, council, later):
    Claim.objects.filter(pk=later["c"].pk).update(amount_paid=1900)  # £100 more cash than the lines less recoveries
    money = statement(council)
    assert not money.rows[2].reconciles and money.rows[1].reconciles
    assert not money.reconciles
    assert [c.statement for c in money.checks if not c.holds] == [
        "Cash paid = net accepted - accepted not yet paid + recoveries not yet deducted",
        "Accepted lines paid = the payments' accepted lines",
    ]
    client.force_login(carol)
    page = client.get("/claims/statements/", {"council": council.gss_code}).content.decode()
    assert "The statement does not add up" in page and "Does not add up" in page


def test_the_page_shows_cash_recoveries_and_the_reconciliation(client, amir, council, later):
    client.force_login(amir)
    page = client.get("/claims/statements/").content.decode()
    assert "The statement adds up" in page and "Does not add up" not in page
    for text in ("PAY-B", "£2,400", "£17,300", "£18,900", "A-0", "Recoveries outstanding at year end"):
        assert text in page
    assert "Outstanding</strong>" not in page  # both recoveries deducted by now


def test_the_csv_gives_each_year(client, carol, council, later):
    client.force_login(carol)
    response = client.get("/claims/statements/", {"council": council.gss_code, "_export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][2:] == [
        "financial_year",
        "claimed",
        "accepted",
        "rejected",
        "awaiting_decision",
        "accepted_lines_paid",
        "recoveries_raised",
        "recoveries_deducted",
        "cash_paid",
        "recoveries_outstanding_at_year_end",
        "reconciles",
    ]
    assert rows[2][2:] == ["2013/14", "7500", "7500", "0", "0", "2500", "3300", "100", "2400", "3200", "yes"]


def test_the_statement_takes_few_queries(client, carol, council, later, django_assert_max_num_queries):
    client.force_login(carol)
    with django_assert_max_num_queries(10):
        assert client.get("/claims/statements/", {"council": council.gss_code}).status_code == 200


def test_another_councils_officer_sees_only_their_own(client, bob, council, history):
    client.force_login(bob)
    page = client.get("/claims/statements/", {"council": council.gss_code}).content.decode()
    assert "PAY-A" not in page and "has not submitted a claim yet" in page


def test_anonymous_users_sign_in(client):
    response = client.get("/claims/statements/")
    assert response.status_code == 302 and "/accounts/login/" in response.url
