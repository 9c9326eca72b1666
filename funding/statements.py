"""A council's statement of the programme's money, which an auditor can sign: three queries, whatever the size.

What happened is counted in the financial year it happened:

- claims: every submitted line (lines the council removed from its draft aside), in the year of the claim's
  date. Each line was accepted at review, rejected at review, or is awaiting a decision. A line rejected after it
  was paid was accepted at review: it counts as accepted, and its money comes back as a recovery;
- recoveries: raised in the year the paid line was rejected, deducted in the year of the payment that took it
  back (`pay_claim` deducts the council's recoveries from its next payments, whole, as far as each payment
  covers them), outstanding until then;
- cash: what each payment paid, in the year it was paid (its accepted lines, less the recoveries deducted).

The statement reconciles:

    claimed   = accepted + rejected at review + awaiting a decision
    accepted  - recoveries raised = net accepted
    cash paid = net accepted - accepted not yet paid + recoveries not yet deducted

(a recovery not yet deducted is money the council still holds: until it is deducted, the cash paid is more than
the net). Each year's recoveries also roll forward: outstanding at the start + raised - deducted = outstanding at
the end. `StatementRow.reconciles` and `Statement.reconciles` are what the page shows and the tests assert.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Sum
from django.utils import timezone

from councils.calendar import financial_year_of
from councils.models import Council
from funding.models import Claim, ClaimLine, Recovery


@dataclass
class StatementRow:
    """One financial year."""

    financial_year: str
    claimed: int = 0
    accepted: int = 0
    rejected: int = 0
    awaiting: int = 0
    lines_paid: int = 0  # accepted lines paid in the year (the year of the payment)
    cash_paid: int = 0
    outstanding_at_start: int = 0
    recoveries_raised: int = 0
    recoveries_deducted: int = 0

    @property
    def outstanding_at_end(self) -> int:
        return self.outstanding_at_start + self.recoveries_raised - self.recoveries_deducted

    @property
    def reconciles(self) -> bool:
        """Every line claimed this year is accounted for, and the cash paid this year (the payments' records) is
        the lines paid (the lines' records) less the recoveries deducted (the recoveries' records)."""
        lines_add_up = self.claimed == self.accepted + self.rejected + self.awaiting
        cash_adds_up = self.cash_paid == self.lines_paid - self.recoveries_deducted
        return lines_add_up and cash_adds_up and self.outstanding_at_end >= 0


@dataclass
class Payment:
    claim_pk: int
    results_on: date
    paid_on: date
    reference: str
    due: int  # the claim's accepted lines
    deducted: int  # recoveries taken from it
    cash: int  # what was paid

    @property
    def financial_year(self) -> str:
        return financial_year_of(self.paid_on)


@dataclass
class RecoveryEntry:
    family_reference: str
    payment_type: str
    claim_pk: int
    amount: int
    raised_on: date
    deducted_on: date | None  # the day of the payment that took it back
    deducted_in_pk: int | None

    @property
    def raised_year(self) -> str:
        return financial_year_of(self.raised_on)

    @property
    def deducted_year(self) -> str:
        return financial_year_of(self.deducted_on) if self.deducted_on else ""


@dataclass
class Check:
    """One line of the reconciliation: `left` must equal `right`."""

    statement: str
    left: int
    right: int

    @property
    def holds(self) -> bool:
        return self.left == self.right


@dataclass
class Statement:
    council: Council
    rows: list[StatementRow] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    recoveries: list[RecoveryEntry] = field(default_factory=list)
    accepted_now: int = 0  # lines accepted and not rejected since: the net, counted from the lines themselves
    accepted_unpaid: int = 0  # accepted lines whose claim is not paid yet

    def total(self, name: str) -> int:
        return sum(getattr(row, name) for row in self.rows)

    @property
    def claimed(self) -> int:
        return self.total("claimed")

    @property
    def accepted(self) -> int:
        return self.total("accepted")

    @property
    def rejected(self) -> int:
        return self.total("rejected")

    @property
    def awaiting(self) -> int:
        return self.total("awaiting")

    @property
    def recoveries_raised(self) -> int:
        return self.total("recoveries_raised")

    @property
    def recoveries_deducted(self) -> int:
        return self.total("recoveries_deducted")

    @property
    def outstanding(self) -> int:
        return self.recoveries_raised - self.recoveries_deducted

    @property
    def net(self) -> int:
        return self.accepted_now

    @property
    def cash_paid(self) -> int:
        return self.total("cash_paid")

    @property
    def checks(self) -> list[Check]:
        return [
            Check(
                "Claimed = accepted + rejected at review + awaiting a decision",
                self.claimed,
                self.accepted + self.rejected + self.awaiting,
            ),
            Check("Accepted - recoveries raised = net accepted", self.accepted - self.recoveries_raised, self.net),
            Check(
                "Cash paid = net accepted - accepted not yet paid + recoveries not yet deducted",
                self.cash_paid,
                self.net - self.accepted_unpaid + self.outstanding,
            ),
            Check("Accepted lines paid = the payments' accepted lines", self.lines_paid, self.payments_due),
            Check(
                "Recoveries deducted = what the payments deducted",
                self.recoveries_deducted,
                sum(p.deducted for p in self.payments),
            ),
        ]

    @property
    def lines_paid(self) -> int:
        return self.total("lines_paid")

    @property
    def payments_due(self) -> int:
        return sum(p.due for p in self.payments)

    @property
    def reconciles(self) -> bool:
        return all(row.reconciles for row in self.rows) and all(check.holds for check in self.checks)


def _day(moment: datetime) -> date:
    return timezone.localdate(moment)


def statement(council: Council) -> Statement:
    """The council's statement: its claims, recoveries and payments, each in the year it happened."""
    result = Statement(council)
    rows: dict[str, StatementRow] = {}

    def row(year: str) -> StatementRow:
        return rows.setdefault(year, StatementRow(year))

    # The lines summed in the database by what the statement tells apart (the claim's date, the line's status, the
    # moment it was paid, one for each payment): a few rows, not every line of the council read into Python.
    lines = (
        ClaimLine.objects.filter(claim__council=council)
        .exclude(claim__status=Claim.Status.DRAFT)
        .exclude(status=ClaimLine.Status.REMOVED)
        .order_by()
        .values("claim__results_on", "status", "paid_at")
        .annotate(total=Sum("amount"))
        .values_list("claim__results_on", "status", "total", "paid_at")
    )
    for results_on, status, amount, paid_at in lines:
        year = row(financial_year_of(results_on))
        year.claimed += amount
        if paid_at is not None:
            row(financial_year_of(_day(paid_at))).lines_paid += amount
        if status == ClaimLine.Status.ACCEPTED:
            year.accepted += amount
            result.accepted_now += amount
            if paid_at is None:
                result.accepted_unpaid += amount
        elif status == ClaimLine.Status.REJECTED and paid_at is not None:
            year.accepted += amount  # rejected after payment: it was accepted, and its money is a recovery
        elif status == ClaimLine.Status.REJECTED:
            year.rejected += amount
        else:
            year.awaiting += amount

    payments = (
        Claim.objects.filter(council=council, status=Claim.Status.PAID)
        .order_by("paid_at", "pk")
        .values_list("pk", "results_on", "paid_at", "payment_reference", "amount_paid", "amount_recovered")
    )
    paid_on: dict[int, date] = {}
    for pk, results_on, paid_at, reference, cash, deducted in payments:
        payment = Payment(pk, results_on, _day(paid_at), reference, (cash or 0) + deducted, deducted, cash or 0)
        result.payments.append(payment)
        paid_on[pk] = payment.paid_on
        row(payment.financial_year).cash_paid += payment.cash

    recoveries = (
        Recovery.objects.filter(council=council)
        .order_by("raised_at", "pk")
        .values_list(
            "line__family__reference", "line__payment_type", "line__claim_id", "amount", "raised_at", "recovered_in_id"
        )
    )
    for reference, payment_type, claim_pk, amount, raised_at, recovered_in in recoveries:
        deducted_on = paid_on.get(recovered_in) if recovered_in else None
        entry = RecoveryEntry(reference, payment_type, claim_pk, amount, _day(raised_at), deducted_on, recovered_in)
        result.recoveries.append(entry)
        row(entry.raised_year).recoveries_raised += amount
        if deducted_on:
            row(entry.deducted_year).recoveries_deducted += amount

    outstanding = 0
    for year in sorted(rows):
        rows[year].outstanding_at_start = outstanding
        outstanding = rows[year].outstanding_at_end
    result.rows = [rows[year] for year in sorted(rows)]
    return result
