"""The national picture's figures laid out as named tables and charts for /national/ and its sections (central
staff; the homes of officers and approvers show work queues instead). Each table is exported as CSV with
`?_export=csv&table=NAME`; each chart draws the figures of a table beside it.
"""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from councils.formats import long_date
from programme import national
from programme.charts import bar_chart
from programme.models import Ask, ProgressReturn
from programme.national import outcomes
from programme.national.tables import Day, FigureTable, Link, council_link, pilot_link, region_link, return_link


def _change_cells(changes: dict) -> list:
    return [changes["asb"], changes["offences"], changes["absence"], changes["exclusions"], changes["in_work"]]


def build(scope: national.Scope, on: date) -> dict:
    """Every figure of the picture for a scope, as of a date: a fixed number of queries."""
    summary = outcomes.outcome_summary(on)
    councils, regions, totals = national.progress(scope, on, summary)
    tables: dict[str, FigureTable] = {}
    charts: dict[str, dict] = {}

    tables["councils"] = FigureTable(
        "councils",
        "Troubled families by council",
        [
            "Council",
            "Region",
            "Estimate",
            "Identified",
            "Identified (% of estimate)",
            "Attached",
            "Turned around",
            "Turned around (% of estimate)",
            "Paid (£)",
        ],
        [
            [
                council_link(r.council),
                region_link(r.council.region),
                r.estimate,
                r.identified,
                r.identified_share,
                r.attached,
                r.turned_around,
                r.turned_around_share,
                r.paid,
            ]
            for r in councils
        ],
        numeric_from=2,
    )
    tables["regions"] = FigureTable(
        "regions",
        "Troubled families by region",
        [
            "Region",
            "Councils",
            "Estimate (councils with a published estimate)",
            "Identified",
            "Attached",
            "Turned around (claims)",
            "Paid (£)",
        ],
        [
            [
                region_link(r.region),
                r.councils,
                f"{r.estimate:,} ({r.estimate_known})",
                r.identified,
                r.attached,
                r.turned_around,
                r.paid,
            ]
            for r in regions
        ],
    )
    charts["regions"] = bar_chart(
        "Troubled families by region: identified, attached and turned around",
        ["Identified", "Attached", "Turned around"],
        [(r.region, [r.identified, r.attached, r.turned_around]) for r in regions],
    )
    money = national.budget(totals["paid"])
    tables["budget"] = FigureTable(
        "budget",
        "The programme budget against money paid",
        ["Figure", "Amount (£)"],
        [
            ["Programme budget", money["total"]],
            ["Paid to councils", money["paid"]],
            ["Not yet paid", money["remaining"]],
            ["Share paid (%)", money["share"]],
        ],
    )
    charts["budget"] = bar_chart(
        "The programme budget against money paid",
        ["Amount"],
        [("Programme budget", [money["total"]]), ("Paid to councils", [money["paid"]])],
        unit="£",
    )

    asks, statuses = national.asks_by_department(scope)
    tables["asks"] = FigureTable(
        "asks",
        "Asks of Whitehall by department and status",
        ["Department", *[label for _, label in statuses], "Open", "Total"],
        [[a["department"], *[a[value] for value, _ in statuses], a["open"], a["total"]] for a in asks],
    )
    charts["asks"] = bar_chart(
        "Open and closed asks by department",
        ["Open", "Agreed", "Declined"],
        [(a["department"], [a["open"], a[Ask.Status.AGREED], a[Ask.Status.DECLINED]]) for a in asks],
    )

    rag = national.latest_rag(scope)
    tables["rag"] = FigureTable(
        "rag",
        "Pilots' latest RAG ratings",
        ["Pilot", "Strand", "Latest return", "RAG rating", "Submitted"],
        [
            [
                pilot_link(r["pilot"]),
                r["pilot"].get_strand_display(),
                return_link(r["pilot"], r["return"]) if r["return"] else "None",
                r["return"].get_rag_display() if r["return"] else "No return",
                Day(timezone.localdate(r["return"].submitted_at)) if r["return"] else "",
            ]
            for r in rag
        ],
        numeric_from=99,
    )
    rag_counts = {label: 0 for _, label in ProgressReturn.Rag.choices}
    rag_counts["No return"] = 0
    for r in rag:
        rag_counts[r["return"].get_rag_display() if r["return"] else "No return"] += 1
    tables["rag_counts"] = FigureTable(
        "rag_counts", "Pilots by latest RAG rating", ["RAG rating", "Pilots"], [[k, v] for k, v in rag_counts.items()]
    )
    charts["rag_counts"] = bar_chart(
        "Pilots by latest RAG rating", ["Pilots"], list((k, [v]) for k, v in rag_counts.items())
    )

    overdue = national.overdue_milestones(scope, on)
    tables["milestones"] = FigureTable(
        "milestones",
        "Overdue milestones",
        ["Pilot", "Milestone", "Owner", "Due", "Status", "Days overdue"],
        [
            [
                pilot_link(m.plan.pilot),
                m.title,
                m.owner,
                Day(m.due_on),
                m.get_status_display(),
                (on - m.due_on).days,
            ]
            for m in overdue
        ],
        numeric_from=5,
    )
    late = national.late_returns(scope, on)
    tables["returns"] = FigureTable(
        "returns",
        "Late and missing quarterly returns",
        ["Pilot", "Late (submitted after the due date)", "Missing (past due, not received)", "Late", "Missing"],
        [
            [
                Link(r.pilot.name, reverse("programme:returns", args=[r.pilot.slug])),
                "; ".join(f"{q.label} (on {long_date(d)})" for q, d in r.late),
                "; ".join(q.label for q in r.missing),
                len(r.late),
                len(r.missing),
            ]
            for r in late
        ],
        numeric_from=3,
    )

    outcome_rows = outcomes.outcomes(scope, summary)
    tables["outcomes"] = FigureTable(
        "outcomes",
        "Outcomes against the baseline: change from the six months before attachment to the latest six months (%)",
        [
            "Council",
            "Cohort (year attached)",
            "Families attached",
            "ASB incidents",
            "Offences by under-18s",
            "Unauthorised absence",
            "Exclusions",
            "Adults in work",
            "Turned around by claims (%)",
            "Naive comparison: families identified, not attached",
            "Comparison: ASB incidents",
            "Comparison: offences by under-18s",
            "Comparison: unauthorised absence",
            "Comparison: exclusions",
            "Comparison: adults in work",
            "Claims and records disagree",
        ],
        [
            [
                council_link(r.council),
                r.cohort,
                r.attached.get("families", 0),
                *_change_cells(r.attached_changes),
                r.turned_around_share,
                r.comparison.get("families", 0),
                *_change_cells(r.comparison_changes),
                "Yes" if r.disagrees else "No",
            ]
            for r in outcome_rows
        ],
        numeric_from=2,
        csv_only=True,  # 16 columns: on the page as the two tables below
    )
    tables["outcomes_attached"] = FigureTable(
        "outcomes_attached",
        "Families attached: change from the six months before attachment to the latest six months (%)",
        [
            "Council",
            "Cohort",
            "Families attached",
            "ASB incidents",
            "Offences (under-18s)",
            "Unauthorised absence",
            "Exclusions",
            "Adults in work",
            "Turned around",
            "Claims and records differ",
        ],
        [
            [
                council_link(r.council),
                r.cohort,
                r.attached.get("families", 0),
                *_change_cells(r.attached_changes),
                r.turned_around_share,
                "Yes" if r.disagrees else "No",
            ]
            for r in outcome_rows
        ],
        numeric_from=2,
    )
    tables["outcomes_comparison"] = FigureTable(
        "outcomes_comparison",
        "Naive comparison, families identified but not attached: the same change (%)",
        [
            "Council",
            "Cohort",
            "Families identified, not attached",
            "ASB incidents",
            "Offences (under-18s)",
            "Unauthorised absence",
            "Exclusions",
            "Adults in work",
        ],
        [
            [council_link(r.council), r.cohort, r.comparison.get("families", 0), *_change_cells(r.comparison_changes)]
            for r in outcome_rows
        ],
        numeric_from=2,
    )
    tables["outcome_figures"] = FigureTable(
        "outcome_figures",
        "Outcome figures before and after, by council and cohort",
        [
            "Council",
            "Cohort",
            "Group",
            "Families",
            "Adults",
            *[n.replace("_", " ") for n in outcomes.OUTCOME_FIELDS[2:]],
            "Turned around by claims",
        ],
        [
            [
                council_link(r.council),
                r.cohort,
                label,
                *[group.get(n) for n in outcomes.OUTCOME_FIELDS],
                r.turned_around if label == "Attached" else "",
            ]
            for r in outcome_rows
            for label, group in (("Attached", r.attached), ("Identified, not attached", r.comparison))
            if group
        ],
        numeric_from=3,
        csv_only=True,
    )
    cohorts = outcomes.by_cohort(outcome_rows)
    tables["cohorts"] = FigureTable(
        "cohorts",
        "Change in ASB incidents and offences by under-18s, by cohort (%), beside the share turned around by claims",
        [
            "Cohort",
            "Attached: ASB",
            "Attached: offences by under-18s",
            "Not attached (naive): ASB",
            "Not attached (naive): offences by under-18s",
            "Turned around by claims (%)",
        ],
        [
            [
                c.cohort,
                c.attached_changes["asb"],
                c.attached_changes["offences"],
                c.comparison_changes["asb"],
                c.comparison_changes["offences"],
                c.turned_around_share,
            ]
            for c in cohorts
        ],
    )
    charts["cohorts"] = bar_chart(
        "Change in ASB incidents by cohort (%), beside the share turned around by claims",
        ["Attached: ASB change", "Not attached (naive): ASB change", "Turned around by claims"],
        [(c.cohort, [c.attached_changes["asb"], c.comparison_changes["asb"], c.turned_around_share]) for c in cohorts],
        unit="%",
    )
    return {
        "tables": tables,
        "charts": charts,
        "totals": totals,
        "on": on,
        "outcome_summary": summary,
        "disagreements": sum(1 for r in outcome_rows if r.disagrees),
        "overdue_count": len(overdue),
        "late_count": sum(len(r.late) + len(r.missing) for r in late),
    }
