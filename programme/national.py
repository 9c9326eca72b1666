"""The national picture: the programme's figures for central staff, and the same for one council's own staff.

Every figure comes from a fixed number of aggregate queries, whatever the number of councils or families (no
query per council, pilot or family): the page must stay fast at the programme's 120,000 families.

- Troubled-families progress by council and region: identified (by the as-at date) against the department's
  estimate, attached, turned around (families with a not-rejected crime_asb_education or continuous_employment
  claim line: the programme's own definition, DOMAIN.md) and money paid (claim payments, net of recoveries).
- The programme budget (funding.ProgrammeBudget) against money paid.
- Asks by department and status; pilots' latest RAG ratings; overdue milestones; late and missing returns.
- Outcomes against the baseline (see `outcomes`): what the families' records say, beside what was claimed.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import Count, Q, Sum
from django.utils import timezone

from councils.models import Council
from families.models import Family
from funding.models import Claim, ClaimLine, PaymentType, ProgrammeBudget
from programme.models import (
    Ask,
    CouncilSummaryRow,
    Milestone,
    OutcomeSummary,
    OutcomeSummaryRow,
    Pilot,
    ProgressReturn,
    ReportingQuarter,
)
from programme.models_plan import Department

TURNED_AROUND = [PaymentType.CRIME_ASB_EDUCATION, PaymentType.CONTINUOUS_EMPLOYMENT]


def default_as_of() -> date:
    """Today, or the end of the last reporting quarter once the programme is over (so the picture of a finished
    programme is read at its end, not years later with every window empty)."""
    today = timezone.localdate()
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


def progress(
    scope: Scope, on: date, summary: "OutcomeSummary | None"
) -> tuple[list[CouncilRow], list[RegionRow], dict]:
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


# --- Outcomes against the baseline -----------------------------------------------------------------------------

OUTCOMES_SQL = """
INSERT INTO programme_outcomesummaryrow (
    summary_id, council_id, attached, cohort, families, adults, asb_before, asb_after, offences_before,
    offences_after, absence_before, absence_after, exclusions_before, exclusions_after, in_work_before, in_work_after,
    turned_around
)
WITH fam AS (
    SELECT f.id, f.council_id,
           (f.attached_on IS NOT NULL AND f.attached_on <= %(on)s) AS attached,
           CASE WHEN f.attached_on IS NOT NULL AND f.attached_on <= %(on)s THEN f.attached_on
                ELSE f.identified_on END AS anchor
    FROM families_family f
    WHERE f.identified_on <= %(on)s
), cohort AS (
    SELECT id, council_id, attached, anchor,
           (EXTRACT(YEAR FROM anchor)::int - CASE WHEN EXTRACT(MONTH FROM anchor) < 4 THEN 1 ELSE 0 END) AS cohort,
           (anchor - INTERVAL '6 months')::date AS before_from
    FROM fam
    WHERE anchor <= (%(on)s::date - INTERVAL '6 months')::date
), claimed AS (
    SELECT c.council_id, c.attached, c.cohort, COUNT(*) AS turned_around
    FROM cohort c
    WHERE EXISTS (SELECT 1 FROM funding_claimline l WHERE l.family_id = c.id
                  AND l.status = ANY(%(counting)s) AND l.payment_type = ANY(%(turned)s))
    GROUP BY 1, 2, 3
), people AS (
    SELECT c.council_id, c.attached, c.cohort,
           COUNT(DISTINCT c.id) AS families,
           COUNT(p.id) FILTER (WHERE p.role = 'adult') AS adults
    FROM cohort c LEFT JOIN families_person p ON p.family_id = c.id
    GROUP BY 1, 2, 3
), incidents AS (
    SELECT c.council_id, c.attached, c.cohort,
        COUNT(*) FILTER (WHERE i.kind = 'asb' AND i.occurred_on >= c.before_from AND i.occurred_on < c.anchor)
            AS asb_before,
        COUNT(*) FILTER (WHERE i.kind = 'asb' AND i.occurred_on > %(after_from)s AND i.occurred_on <= %(on)s)
            AS asb_after,
        COUNT(*) FILTER (WHERE i.kind = 'offence' AND p.date_of_birth > (i.occurred_on - INTERVAL '18 years')
                         AND i.occurred_on >= c.before_from AND i.occurred_on < c.anchor) AS offences_before,
        COUNT(*) FILTER (WHERE i.kind = 'offence' AND p.date_of_birth > (i.occurred_on - INTERVAL '18 years')
                         AND i.occurred_on > %(after_from)s AND i.occurred_on <= %(on)s) AS offences_after
    FROM cohort c
    JOIN families_person p ON p.family_id = c.id
    JOIN families_incident i ON i.person_id = p.id
    WHERE i.occurred_on >= c.before_from
    GROUP BY 1, 2, 3
), school AS (
    SELECT c.council_id, c.attached, c.cohort,
        AVG(t.unauthorised_absence_pct) FILTER (WHERE t.term_start < c.anchor AND t.term_end > c.before_from)
            AS absence_before,
        AVG(t.unauthorised_absence_pct) FILTER (WHERE t.term_start <= %(on)s AND t.term_end > %(after_from)s)
            AS absence_after,
        SUM(t.fixed_exclusions + t.permanently_excluded::int)
            FILTER (WHERE t.term_start < c.anchor AND t.term_end > c.before_from) AS exclusions_before,
        SUM(t.fixed_exclusions + t.permanently_excluded::int)
            FILTER (WHERE t.term_start <= %(on)s AND t.term_end > %(after_from)s) AS exclusions_after
    FROM cohort c
    JOIN families_person p ON p.family_id = c.id
    JOIN families_schoolterm t ON t.person_id = p.id
    WHERE t.term_end > c.before_from
    GROUP BY 1, 2, 3
), work AS (
    SELECT c.council_id, c.attached, c.cohort,
        COUNT(DISTINCT p.id) FILTER (WHERE e.started_on < c.anchor
                                     AND (e.ended_on IS NULL OR e.ended_on >= c.before_from)) AS in_work_before,
        COUNT(DISTINCT p.id) FILTER (WHERE e.started_on <= %(on)s
                                     AND (e.ended_on IS NULL OR e.ended_on > %(after_from)s)) AS in_work_after
    FROM cohort c
    JOIN families_person p ON p.family_id = c.id AND p.role = 'adult'
    JOIN families_employment e ON e.person_id = p.id
    WHERE e.ended_on IS NULL OR e.ended_on >= c.before_from
    GROUP BY 1, 2, 3
)
SELECT %(summary)s, pe.council_id, pe.attached, pe.cohort, pe.families, pe.adults,
       COALESCE(i.asb_before, 0), COALESCE(i.asb_after, 0),
       COALESCE(i.offences_before, 0), COALESCE(i.offences_after, 0),
       s.absence_before, s.absence_after,
       COALESCE(s.exclusions_before, 0), COALESCE(s.exclusions_after, 0),
       COALESCE(w.in_work_before, 0), COALESCE(w.in_work_after, 0), COALESCE(cl.turned_around, 0)
FROM people pe
LEFT JOIN incidents i USING (council_id, attached, cohort)
LEFT JOIN school s USING (council_id, attached, cohort)
LEFT JOIN work w USING (council_id, attached, cohort)
LEFT JOIN claimed cl USING (council_id, attached, cohort)
"""
OUTCOME_FIELDS = [
    "families",
    "adults",
    "asb_before",
    "asb_after",
    "offences_before",
    "offences_after",
    "absence_before",
    "absence_after",
    "exclusions_before",
    "exclusions_after",
    "in_work_before",
    "in_work_after",
]


def change(before, after) -> float | None:
    """Percentage change from before to after; none when there was nothing before."""
    if before is None or after is None or not before:
        return None
    return round(100 * (float(after) - float(before)) / float(before), 1)


@dataclass
class OutcomeRow:
    council: Council
    cohort: str
    attached: dict = field(default_factory=dict)
    comparison: dict = field(default_factory=dict)  # identified, not (yet) attached: the naive comparison
    turned_around: int = 0

    @property
    def turned_around_share(self) -> float | None:
        return percent(self.turned_around, self.attached.get("families"))

    def changes(self, group: dict) -> dict:
        return {
            "asb": change(group.get("asb_before"), group.get("asb_after")),
            "offences": change(group.get("offences_before"), group.get("offences_after")),
            "absence": change(group.get("absence_before"), group.get("absence_after")),
            "exclusions": change(group.get("exclusions_before"), group.get("exclusions_after")),
            "in_work": change(group.get("in_work_before"), group.get("in_work_after")),
        }

    @property
    def attached_changes(self) -> dict:
        return self.changes(self.attached)

    @property
    def comparison_changes(self) -> dict:
        return self.changes(self.comparison)

    @property
    def disagrees(self) -> bool:
        """Claims say most families turned around while their records show no fall in ASB or offending."""
        share = self.turned_around_share
        c = self.attached_changes
        fell = [v for v in (c["asb"], c["offences"]) if v is not None]
        return bool(share and share >= 50 and fell and min(fell) > -33)


def store_outcomes(summary: OutcomeSummary) -> None:
    """Work out, from every family's records, the outcome rows of a summary as at its date: one statement.

    For families attached at least six months before the date, by council and cohort (financial year of
    attachment): the six months before attachment against the latest six months (to the date), in ASB incidents,
    offences by under-18s, unauthorised school absence (mean of the terms overlapping each window) and exclusions,
    and adults in work at any time in each window. The same figures for families identified at least six months
    before the date and not attached by it (their baseline is the six months before identification): a naive
    comparison, since they were not chosen at random."""
    with connection.cursor() as cursor:
        params = {
            "on": summary.as_of,
            "after_from": _six_months_before(summary.as_of),
            "summary": summary.pk,
            "counting": [str(s) for s in ClaimLine.COUNTING],
            "turned": [str(t) for t in TURNED_AROUND],
        }
        cursor.execute(OUTCOMES_SQL, params)
        cursor.execute(TURNED_AROUND_SQL, params)


TURNED_AROUND_SQL = """
INSERT INTO programme_councilsummaryrow (summary_id, council_id, turned_around)
SELECT %(summary)s, l.council_id, COUNT(DISTINCT l.family_id)
FROM funding_claimline l
WHERE l.status = ANY(%(counting)s) AND l.payment_type = ANY(%(turned)s)
GROUP BY l.council_id
"""


def outcome_summary(on: date) -> OutcomeSummary | None:
    """The summary as at `on` if there is one, else the latest computed."""
    return OutcomeSummary.objects.filter(as_of=on).first() or OutcomeSummary.objects.order_by("-computed_at").first()


def outcomes(scope: Scope, summary: OutcomeSummary | None) -> list[OutcomeRow]:
    """The summary's rows for the scope's councils (one query)."""
    if summary is None:
        return []
    councils = {c.pk: c for c in scope.councils}
    rows: dict[tuple, OutcomeRow] = {}
    for r in OutcomeSummaryRow.objects.filter(summary=summary, council_id__in=councils).values():
        cohort = f"{r['cohort']}/{(r['cohort'] + 1) % 100:02d}"
        row = rows.setdefault((r["council_id"], cohort), OutcomeRow(council=councils[r["council_id"]], cohort=cohort))
        setattr(row, "attached" if r["attached"] else "comparison", {name: r[name] for name in OUTCOME_FIELDS})
        if r["attached"]:
            row.turned_around = r["turned_around"]
    return sorted(rows.values(), key=lambda r: (r.council.name, r.cohort))


def _six_months_before(on: date) -> date:
    year, month = (on.year, on.month - 6) if on.month > 6 else (on.year - 1, on.month + 6)
    return date(year, month, min(on.day, calendar.monthrange(year, month)[1]))


def by_cohort(rows: list[OutcomeRow]) -> list[dict]:
    """The outcome rows summed over councils, per cohort: counts add up; absence is left out (it is a mean)."""
    cohorts: dict[str, OutcomeRow] = {}
    for row in rows:
        total = cohorts.setdefault(row.cohort, OutcomeRow(council=None, cohort=row.cohort))
        for group in ("attached", "comparison"):
            into = getattr(total, group)
            for name, value in getattr(row, group).items():
                if not name.startswith("absence") and value is not None:
                    into[name] = into.get(name, 0) + value
        total.turned_around += row.turned_around
    return [cohorts[k] for k in sorted(cohorts)]
