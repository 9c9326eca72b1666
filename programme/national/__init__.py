"""The national picture: the programme's figures for central staff, and the same for one council's own staff.

Every figure comes from a fixed number of aggregate queries, whatever the number of councils or families (no
query per council, pilot or family): the page must stay fast at the programme's 120,000 families.

- Troubled-families progress by council and region: identified (by the as-at date) against the department's
  estimate, attached, turned around (funding.models.ClaimLineQuerySet.turned_around: the one definition, read
  by the council's progress return and home page too) and money paid (claim payments, net of recoveries).
- The programme budget (funding.ProgrammeBudget) against money paid.
- Asks by department and status; pilots' latest RAG ratings; overdue milestones; late and missing returns.
- Outcomes against the baseline: see outcomes.py (and outcomes_portable.py, the same rules off PostgreSQL).

This package is the national picture: the aggregates above live here; picture.py lays them out as named tables
and charts, tables.py holds those tables and their cells, lists.py turns the long ones into sortable lists,
views.py serves /national/ and its sections. The stored summaries are programme.models.summaries.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, Sum
from django.utils import timezone

from councils.calendar import programme_today
from councils.models import Council
from families.models import Family
from funding.models import TURNED_AROUND, Claim, ProgrammeBudget  # noqa: F401 (TURNED_AROUND: read from here too)
from programme.models import (
    Ask,
    CouncilSummaryRow,
    Department,
    Milestone,
    OutcomeSummary,
    Pilot,
    ProgressReturn,
    ReportingQuarter,
)


def default_as_of() -> date:
    """Today, or the end of the last reporting quarter once the programme is over (so the picture of a finished
    programme is read at its end, not years later with every window empty)."""
    today = programme_today()
    last = ReportingQuarter.objects.last_end()
    return min(today, last) if last else today


@dataclass
class Scope:
    """Which councils and pilots a picture covers."""

    councils: list[Council]
    pilots: list[Pilot]

    @property
    def council_ids(self) -> list[int]:
        return [c.pk for c in self.councils]

    @property
    def pilot_ids(self) -> list[int]:
        return [p.pk for p in self.pilots]


def national_scope(region: str = "", phase: str = "", strand: str = "") -> Scope:
    """Central staff's scope. Region narrows councils (and pilots to those with a member there); phase and strand
    narrow pilots (and councils to their members)."""
    pilots = Pilot.objects.all()
    councils = Council.objects.all()
    if region:
        councils = councils.filter(region=region)
        pilots = pilots.filter(memberships__council__region=region)
    if phase:
        pilots = pilots.filter(phase=phase)
    if strand:
        pilots = pilots.filter(strand=strand)
    pilots = list(pilots.distinct().order_by("name", "strand"))
    if phase or strand:
        councils = councils.filter(memberships__pilot__in=pilots).distinct()
    return Scope(councils=list(councils.order_by("name")), pilots=pilots)


def council_scope(council: Council) -> Scope:
    return Scope(councils=[council], pilots=list(Pilot.objects.of_council(council).order_by("name")))


@dataclass
class CouncilRow:
    council: Council
    identified: int = 0
    attached: int = 0
    turned_around: int = 0
    paid: int = 0

    @property
    def estimate(self) -> int | None:
        return self.council.troubled_families_estimate

    @property
    def identified_share(self) -> float | None:
        return percent(self.identified, self.estimate)

    @property
    def turned_around_share(self) -> float | None:
        return percent(self.turned_around, self.estimate)


def percent(part, whole) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class RegionRow:
    region: str
    estimate: int = 0
    estimate_known: int = 0  # councils whose estimate is published
    councils: int = 0
    identified: int = 0
    attached: int = 0
    turned_around: int = 0
    paid: int = 0


def progress(scope: Scope, on: date, summary: OutcomeSummary | None) -> tuple[list[CouncilRow], list[RegionRow], dict]:
    """Troubled-families progress by council and by region, and the totals (three aggregate queries). Families
    identified and attached, and money paid, are counted live; families turned around by claims come from the
    summary (see CouncilSummaryRow)."""
    ids = scope.council_ids
    rows = {c.pk: CouncilRow(council=c) for c in scope.councils}
    families = (
        Family.objects.filter(council_id__in=ids, identified_on__lte=on)
        .values("council_id")
        .annotate(identified=Count("pk"), attached=Count("pk", filter=Q(attached_on__lte=on)))
        .order_by()
    )
    for f in families:
        rows[f["council_id"]].identified, rows[f["council_id"]].attached = f["identified"], f["attached"]
    if summary is not None:
        for f in CouncilSummaryRow.objects.filter(summary=summary, council_id__in=ids).values():
            rows[f["council_id"]].turned_around = f["turned_around"]
    # Money paid is what the department paid out: each paid claim's payment, net of recoveries (funding.pay_claim).
    for f in (
        Claim.objects.filter(council_id__in=ids, status=Claim.Status.PAID)
        .values("council_id")
        .annotate(paid=Sum("amount_paid"))
        .order_by()
    ):
        rows[f["council_id"]].paid = f["paid"] or 0

    regions: dict[str, RegionRow] = {}
    for row in rows.values():
        region = regions.setdefault(row.council.region, RegionRow(region=row.council.region))
        region.councils += 1
        if row.estimate is not None:
            region.estimate += row.estimate
            region.estimate_known += 1
        for name in ("identified", "attached", "turned_around", "paid"):
            setattr(region, name, getattr(region, name) + getattr(row, name))
    totals = {
        name: sum(getattr(r, name) for r in regions.values())
        for name in ("estimate", "councils", "estimate_known", "identified", "attached", "turned_around", "paid")
    }
    return list(rows.values()), sorted(regions.values(), key=lambda r: r.region), totals


def budget(paid: int) -> dict:
    total = ProgrammeBudget.objects.aggregate(total=Sum("total"))["total"] or 0
    return {"total": total, "paid": paid, "remaining": max(total - paid, 0), "share": percent(paid, total)}


def asks_by_department(scope: Scope) -> tuple[list[dict], list[tuple[str, str]]]:
    counts = (
        Ask.objects.filter(plan__pilot_id__in=scope.pilot_ids)
        .values("department", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    table: dict[str, dict] = {}
    for c in counts:
        row = table.setdefault(c["department"], {"department": Department(c["department"]).label, "total": 0})
        row[c["status"]] = c["n"]
        row["total"] += c["n"]
    statuses = list(Ask.Status.choices)
    for row in table.values():
        for value, _ in statuses:
            row.setdefault(value, 0)
        row["open"] = row[Ask.Status.RAISED] + row[Ask.Status.IN_DISCUSSION]
    return sorted(table.values(), key=lambda r: (-r["open"], r["department"])), statuses


def latest_rag(scope: Scope) -> list[dict]:
    latest = ProgressReturn.objects.filter(pilot_id__in=scope.pilot_ids).latest_per_pilot()
    return [{"pilot": p, "return": latest.get(p.pk)} for p in scope.pilots]


def overdue_milestones(scope: Scope, on: date) -> list[Milestone]:
    return list(
        Milestone.objects.overdue(on)
        .filter(plan__pilot_id__in=scope.pilot_ids)
        .select_related("plan__pilot")
        .order_by("due_on", "plan__pilot__name")
    )


@dataclass
class LateReturns:
    pilot: Pilot
    late: list = field(default_factory=list)  # (quarter, submitted on)
    missing: list = field(default_factory=list)  # quarters


def late_returns(scope: Scope, on: date) -> list[LateReturns]:
    """Per pilot: returns submitted after their due date, and quarters past due with no return (as at `on`)."""
    quarters = list(ReportingQuarter.objects.due_by(on))
    submitted = {
        (r["pilot_id"], r["quarter_id"]): r["submitted_at"]
        for r in ProgressReturn.objects.filter(pilot_id__in=scope.pilot_ids).values(
            "pilot_id", "quarter_id", "submitted_at"
        )
    }
    out = []
    for pilot in scope.pilots:
        if pilot.status != Pilot.Status.LIVE:
            continue
        row = LateReturns(pilot=pilot)
        for q in quarters:
            if not q.expects_return_from(pilot):
                continue
            at = submitted.get((pilot.pk, q.pk))
            if at is None:
                row.missing.append(q)
            elif timezone.localdate(at) > q.due_on:
                row.late.append((q, timezone.localdate(at)))
        if row.late or row.missing:
            out.append(row)
    return out
