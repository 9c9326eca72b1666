"""A plan as plain data: what a published version freezes, what the pilot page shows, and what compare diffs.

`snapshot_of(plan)` reads the live draft (a fixed number of queries, however large the plan); `compare(old, new)`
lists, part by part, what was added, removed and changed between two snapshots. Rows are matched on their
natural key (a partner's agency, a milestone's title...), so a renamed row shows as one removed and one added.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch

from programme.models import Measure, OutcomeTheme, Plan

# The parts in the order of a community-budget proposal; each list part names the fields that identify a row.
PARTS = [
    ("partnership", "The partnership"),
    ("partners", "Partner agencies"),
    ("steering_body", "Ward committee or resident body"),
    ("contributions", "Resources"),
    ("asks", "Asks of Whitehall"),
    ("themes", "Outcome themes and projects"),
    ("measures", "Outcomes and success measures"),
    ("approach_to_families", "Approach to families with multiple problems"),
    ("milestones", "Set-up plan"),
]
KEYS = {
    "partners": ("agency",),
    "contributions": ("agency", "kind", "financial_year"),
    "asks": ("department", "request"),
    "themes": ("name",),
    "measures": ("name",),
    "milestones": ("title",),
}
# Readings accumulate every quarter; comparing versions is about the plan, so they are not diffed.
IGNORED_IN_COMPARE = {"readings"}
PRIVATE_PARTS = {"asks"}  # asks are for member councils and central staff only, even in a published version


def _text(value) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def snapshot_of(plan: Plan) -> dict:
    plan = (
        Plan.objects.filter(pk=plan.pk)
        .prefetch_related(
            "partners",
            "contributions",
            "asks",
            "milestones",
            Prefetch("themes", queryset=OutcomeTheme.objects.prefetch_related("projects")),
            Prefetch("measures", queryset=Measure.objects.select_related("theme").prefetch_related("readings")),
        )
        .get()
    )
    return {
        "partnership": plan.partnership,
        "partners": [{"agency": p.agency, "role": p.role} for p in plan.partners.all()],
        "steering_body": plan.steering_body,
        "contributions": [
            {"agency": c.agency, "kind": c.kind, "financial_year": c.financial_year, "amount": c.amount}
            for c in plan.contributions.all()
        ],
        "asks": [
            {
                "department": a.department,
                "request": a.request,
                "reason": a.reason,
                "status": a.status,
                "resolution": a.resolution,
            }
            for a in plan.asks.all()
        ],
        "themes": [
            {"name": t.name, "projects": [{"name": p.name, "description": p.description} for p in t.projects.all()]}
            for t in plan.themes.all()
        ],
        "measures": [
            {
                "name": m.name,
                "theme": m.theme.name if m.theme else "",
                "unit": m.unit,
                "baseline": _text(m.baseline),
                "target": _text(m.target),
                "target_on": _text(m.target_on),
                "readings": [[_text(r.read_on), _text(r.value)] for r in m.readings.all()],
            }
            for m in plan.measures.all()
        ],
        "approach_to_families": plan.approach_to_families,
        "milestones": [
            {"title": m.title, "owner": m.owner, "due_on": _text(m.due_on), "status": m.status}
            for m in plan.milestones.all()
        ],
    }


def same_plan(a: dict, b: dict) -> bool:
    """Whether two snapshots hold the same plan: readings, which each quarter's return adds, are not a change to it."""

    def plan_only(snapshot: dict) -> dict:
        measures = [{k: v for k, v in m.items() if k not in IGNORED_IN_COMPARE} for m in snapshot.get("measures", [])]
        return {**snapshot, "measures": measures}

    return plan_only(a) == plan_only(b)


def public_view(snapshot: dict) -> dict:
    """What a signed-in user outside the pilot may read of a published version."""
    return {key: value for key, value in snapshot.items() if key not in PRIVATE_PARTS}


@dataclass
class PartChange:
    part: str
    title: str
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    changed: list = field(default_factory=list)  # (key, [(field, before, after), ...])
    text_before: str | None = None
    text_after: str | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.text_before is not None)


def _display(value) -> str:
    if isinstance(value, list):
        return "; ".join(item.get("name", "") if isinstance(item, dict) else str(item) for item in value) or "None"
    return "" if value is None else str(value)


def _key(part: str, row: dict) -> tuple:
    return tuple(row.get(name, "") for name in KEYS[part])


def _label(part: str, row: dict) -> str:
    return ", ".join(str(row.get(name, "")) for name in KEYS[part])


def compare(old: dict, new: dict, parts: list[tuple[str, str]] = PARTS) -> list[PartChange]:
    """What changed between two snapshots, part by part; parts without a change are left out."""
    changes = []
    for part, title in parts:
        change = PartChange(part, title)
        before, after = old.get(part), new.get(part)
        if part not in KEYS:
            if (before or "") != (after or ""):
                change.text_before, change.text_after = before or "", after or ""
        else:
            old_rows = {_key(part, r): r for r in before or []}
            new_rows = {_key(part, r): r for r in after or []}
            change.added = [_label(part, new_rows[k]) for k in new_rows if k not in old_rows]
            change.removed = [_label(part, old_rows[k]) for k in old_rows if k not in new_rows]
            for k in new_rows.keys() & old_rows.keys():
                fields = [
                    (name, _display(old_rows[k].get(name)), _display(value))
                    for name, value in new_rows[k].items()
                    if name not in IGNORED_IN_COMPARE and old_rows[k].get(name) != value
                ]
                if fields:
                    change.changed.append((_label(part, new_rows[k]), fields))
            change.changed.sort()
        if not change.is_empty:
            changes.append(change)
    return changes


def for_display(snapshot: dict, on: date) -> dict:
    """The snapshot with what a page shows beside it: labels, resource totals, overdue milestones, measure charts."""
    from programme.charts import measure_chart
    from programme.models import Ask, Contribution, Department, Milestone

    plan = {**snapshot}
    kinds, departments = dict(Contribution.Kind.choices), dict(Department.choices)
    statuses, milestone_statuses = dict(Ask.Status.choices), dict(Milestone.Status.choices)
    contributions = [{**c, "kind_label": kinds.get(c["kind"], c["kind"])} for c in snapshot.get("contributions", [])]
    years: dict[str, int] = {}
    for c in contributions:
        years[c["financial_year"]] = years.get(c["financial_year"], 0) + c["amount"]
    plan["contributions"] = contributions
    plan["resource_totals"] = {
        "total": sum(c["amount"] for c in contributions),
        "pooled": sum(c["amount"] for c in contributions if c["kind"] == "pooled"),
        "aligned": sum(c["amount"] for c in contributions if c["kind"] == "aligned"),
        "by_year": sorted(years.items()),
    }
    if "asks" in snapshot:
        plan["asks"] = [
            {
                **a,
                "department_label": departments.get(a["department"], a["department"]),
                "status_label": statuses.get(a["status"], a["status"]),
            }
            for a in snapshot["asks"]
        ]
    plan["milestones"] = [
        {
            **m,
            "due": date.fromisoformat(m["due_on"]),
            "status_label": milestone_statuses.get(m["status"], m["status"]),
            "is_overdue": m["status"] != "done" and date.fromisoformat(m["due_on"]) < on,
        }
        for m in snapshot.get("milestones", [])
    ]
    plan["overdue_count"] = sum(1 for m in plan["milestones"] if m["is_overdue"])
    plan["measures"] = [
        {**m, "target_date": date.fromisoformat(m["target_on"]), "chart": measure_chart(m), "chart_id": f"measure-{i}"}
        for i, m in enumerate(snapshot.get("measures", []), start=1)
    ]
    plan["is_empty"] = not any(
        snapshot.get(k) for k in ("partnership", "partners", "contributions", "themes", "measures", "milestones")
    ) and not snapshot.get("approach_to_families")
    return plan
