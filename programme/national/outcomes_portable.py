"""The outcomes against the baseline worked out in Python from the ORM, for databases other than PostgreSQL
(the embedded SQLite default of `make run`). The same rules as programme.national.outcomes.OUTCOMES_SQL, row for row:
tests/programme/test_outcomes_portable.py works out both on PostgreSQL and compares them. Seven queries, each
streamed; fine for a demo or a single council, while PostgreSQL's one statement serves national scale."""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from councils.calendar import financial_year_start, months_before
from families.models import Employment, Family, Incident, Person, SchoolTerm
from funding.models import ClaimLine
from programme.models import CouncilSummaryRow, OutcomeSummary, OutcomeSummaryRow

CHUNK = 2000


def store_outcomes(summary: OutcomeSummary, turned: list[str]) -> None:
    on = summary.as_of
    after_from = months_before(on, 6)
    latest_anchor = months_before(on, 6)
    fams: dict[int, tuple] = {}  # family id -> (group key, anchor, before_from)
    for pk, council_id, attached_on, identified_on in (
        Family.objects.filter(identified_on__lte=on)
        .values_list("pk", "council_id", "attached_on", "identified_on")
        .iterator(CHUNK)
    ):
        attached = attached_on is not None and attached_on <= on
        anchor = attached_on if attached else identified_on
        if anchor <= latest_anchor:
            fams[pk] = ((council_id, attached, financial_year_start(anchor)), anchor, months_before(anchor, 6))
    groups: dict[tuple, dict] = defaultdict(
        lambda: {
            "families": set(),
            "adults": 0,
            "asb_before": 0,
            "asb_after": 0,
            "offences_before": 0,
            "offences_after": 0,
            "absence_before": [],
            "absence_after": [],
            "exclusions_before": 0,
            "exclusions_after": 0,
            "in_work_before": set(),
            "in_work_after": set(),
            "turned_around": 0,
        }
    )
    for pk, (key, _anchor, _before) in fams.items():
        groups[key]["families"].add(pk)
    people: dict[int, tuple] = {}  # person id -> (family id, role, date of birth)
    in_scope = {"person__family__identified_on__lte": on}
    for pk, family_id, role, born in (
        Person.objects.filter(family__identified_on__lte=on)
        .values_list("pk", "family_id", "role", "date_of_birth")
        .iterator(CHUNK)
    ):
        if family_id in fams:
            people[pk] = (family_id, role, born)
            if role == Person.Role.ADULT:
                groups[fams[family_id][0]]["adults"] += 1
    for person_id, kind, occurred in (
        Incident.objects.filter(**in_scope).values_list("person_id", "kind", "occurred_on").iterator(CHUNK)
    ):
        if person_id not in people:
            continue
        family_id, _role, born = people[person_id]
        key, anchor, before_from = fams[family_id]
        if kind == Incident.Kind.OFFENCE and not born > months_before(occurred, 18 * 12):
            continue  # offences count for under-18s only
        name = "asb" if kind == Incident.Kind.ASB else "offences"
        if before_from <= occurred < anchor:
            groups[key][f"{name}_before"] += 1
        if after_from < occurred <= on:
            groups[key][f"{name}_after"] += 1
    for person_id, start, end, absence, fixed, permanent in (
        SchoolTerm.objects.filter(**in_scope)
        .values_list(
            "person_id",
            "term_start",
            "term_end",
            "unauthorised_absence_pct",
            "fixed_exclusions",
            "permanently_excluded",
        )
        .iterator(CHUNK)
    ):
        if person_id not in people:
            continue
        key, anchor, before_from = fams[people[person_id][0]]
        for window, applies in (
            ("before", start < anchor and end > before_from),
            ("after", start <= on and end > after_from),
        ):
            if applies:
                groups[key][f"absence_{window}"].append(absence)
                groups[key][f"exclusions_{window}"] += fixed + int(permanent)
    for person_id, started, ended in (
        Employment.objects.filter(**in_scope).values_list("person_id", "started_on", "ended_on").iterator(CHUNK)
    ):
        if person_id not in people or people[person_id][1] != Person.Role.ADULT:
            continue
        key, anchor, before_from = fams[people[person_id][0]]
        if started < anchor and (ended is None or ended >= before_from):
            groups[key]["in_work_before"].add(person_id)
        if started <= on and (ended is None or ended > after_from):
            groups[key]["in_work_after"].add(person_id)
    claimed = set(
        ClaimLine.objects.turned_around(on).filter(payment_type__in=turned).values_list("family_id", "council_id")
    )
    for family_id in {f for f, _c in claimed}:
        if family_id in fams:
            groups[fams[family_id][0]]["turned_around"] += 1
    OutcomeSummaryRow.objects.bulk_create(
        OutcomeSummaryRow(
            summary=summary,
            council_id=council_id,
            attached=attached,
            cohort=cohort,
            families=len(g["families"]),
            adults=g["adults"],
            asb_before=g["asb_before"],
            asb_after=g["asb_after"],
            offences_before=g["offences_before"],
            offences_after=g["offences_after"],
            absence_before=_mean(g["absence_before"]),
            absence_after=_mean(g["absence_after"]),
            exclusions_before=g["exclusions_before"],
            exclusions_after=g["exclusions_after"],
            in_work_before=len(g["in_work_before"]),
            in_work_after=len(g["in_work_after"]),
            turned_around=g["turned_around"],
        )
        for (council_id, attached, cohort), g in groups.items()
    )
    per_council: dict[int, set] = defaultdict(set)
    for family_id, council_id in claimed:
        per_council[council_id].add(family_id)
    CouncilSummaryRow.objects.bulk_create(
        CouncilSummaryRow(summary=summary, council_id=council_id, turned_around=len(families))
        for council_id, families in per_council.items()
    )


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
