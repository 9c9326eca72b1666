"""Outcomes against the baseline, which the real programme never showed: what the families' own records say
happened, beside what was claimed.

For families attached at least six months before the as-at date, by council and cohort (financial year of
attachment): the six months before attachment against the latest six months, in ASB incidents, offences by
under-18s, unauthorised school absence and exclusions, and adults in work; beside the same figures for families
identified and not attached (a naive comparison), and beside the share "turned around" by claims.

Reading every family's records takes seconds at national scale, so `store_outcomes` writes them into a summary
(programme.actions.refresh_outcomes, nightly or on demand) and the pages read the summary: see
docs/decisions/0004-national-outcomes-summary.md.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import connection

from councils.calendar import financial_year_label, months_before
from councils.models import Council
from funding.models import TURNED_AROUND, turned_around_params, turned_around_sql
from programme.models import OutcomeSummary, OutcomeSummaryRow
from programme.national import Scope, percent

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
    WHERE EXISTS (SELECT 1 FROM funding_claimline l JOIN funding_claim k ON k.id = l.claim_id
                  WHERE l.family_id = c.id AND {turned_around})
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
""".replace("{turned_around}", turned_around_sql("l", "k"))
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
    if connection.vendor != "postgresql":  # the embedded default (SQLite): the same rules, in Python
        from programme.national import outcomes_portable

        outcomes_portable.store_outcomes(summary, [str(t) for t in TURNED_AROUND])
        return
    with connection.cursor() as cursor:
        params = {
            "on": summary.as_of,
            "after_from": months_before(summary.as_of, 6),
            "summary": summary.pk,
            **turned_around_params(summary.as_of),
        }
        cursor.execute(OUTCOMES_SQL, params)
        cursor.execute(TURNED_AROUND_SQL, params)


TURNED_AROUND_SQL = """
INSERT INTO programme_councilsummaryrow (summary_id, council_id, turned_around)
SELECT %(summary)s, l.council_id, COUNT(DISTINCT l.family_id)
FROM funding_claimline l JOIN funding_claim k ON k.id = l.claim_id
WHERE {turned_around}
GROUP BY l.council_id
""".replace("{turned_around}", turned_around_sql("l", "k"))


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
        cohort = financial_year_label(r["cohort"])
        row = rows.setdefault((r["council_id"], cohort), OutcomeRow(council=councils[r["council_id"]], cohort=cohort))
        setattr(row, "attached" if r["attached"] else "comparison", {name: r[name] for name in OUTCOME_FIELDS})
        if r["attached"]:
            row.turned_around = r["turned_around"]
    return sorted(rows.values(), key=lambda r: (r.council.name, r.cohort))


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
