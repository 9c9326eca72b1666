"""Whether the records the service holds support the criteria a family was identified on.

A family's criteria are yes/no answers given by its council. The records can speak to some of them, on the day
of identification (DOMAIN.md "three of four criteria"; docs/identification.md says the same for users):

- crime/ASB: a proven offence by a child under 18 on the day, or an ASB incident of any member, in the 12 months
  before identification (from the day after the same day 12 months earlier up to the day of identification);
- education: a child's last three consecutive school terms ending on or before identification (terms are
  consecutive when each starts no more than 60 days after the one before ends, as in the results rules) hold a
  permanent exclusion, or 3 or more fixed-term exclusions in total, or (three terms) a mean unauthorised absence
  of 15% or more, compared on the exact values. Our reading: with fewer than three terms recorded, exclusions can
  still support the criterion, absence cannot. Pupil referral units and children off roll are not in the records;
  with no terms before identification the records cannot say;
- work: an adult's move off an out-of-work benefit into work that started on or after identification shows the
  adult was on that benefit when the family was identified (our reading). When every adult recorded was in work on
  that day, the records do not support it. The records hold no benefit claims as such: otherwise they cannot say;
- local discretion: a local factor is the council's judgement, in words; no record can speak to it.

With no household member recorded the records cannot say anything. Each finding is one of four states; a
criterion the family was not identified on is not checked.

Everything here is pure except the two loaders: `evidence_of` (one family, four queries) and `evidence_for`
(any number of families, five queries).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_DOWN, Decimal

from councils.calendar import age_on, months_before
from councils.formats import long_date
from families.kinds import EmploymentRow, IncidentRow, PersonRow, TermRow, kind_of, rows_from_people
from families.models import Employment, Family, Incident, Person, SchoolTerm

LOOK_BACK_MONTHS = 12
# The programme's school facts, read by identification here and by the results rules (funding/rules.py) alike.
TERMS = 3  # "the last three consecutive terms"
# Our reading of "consecutive" (CASE_FILE.md): a term starting at most 60 days after the one before it ends follows
# a school holiday (the summer holiday is about six weeks); a longer gap is a missing term.
TERM_GAP_DAYS = 60
EXCLUSIONS_AT_LEAST = 3
ABSENCE_AT_LEAST_PCT = 15
ADULT_AGE = 18  # 18 or older: an adult, whose offences the crime criterion and result do not count

SUPPORTED = "supported"
NOT_SUPPORTED = "not_supported"
CANNOT_SAY = "cannot_say"
NOT_MET = "not_met"

STATE_LABELS = {
    SUPPORTED: "Supported by records",
    NOT_SUPPORTED: "Not supported by the records held",
    CANNOT_SAY: "Records cannot say",
    NOT_MET: "Not met at identification",
}

CRITERIA = [
    ("crime_asb", "Crime or anti-social behaviour"),
    ("education", "Education"),
    ("work", "Out-of-work benefits"),
    ("local_discretion", "Local factor"),
]


@dataclass
class Records:
    """What the evidence is judged on: a family's people and their dated records."""

    people: list[PersonRow] = field(default_factory=list)
    terms: list[TermRow] = field(default_factory=list)
    incidents: list[IncidentRow] = field(default_factory=list)
    employments: list[EmploymentRow] = field(default_factory=list)


@dataclass
class Finding:
    criterion: str
    label: str
    state: str
    reason: str

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass
class Evidence:
    findings: list[Finding]
    relied_on: str = ""  # what the council says it relied on (Family.identification_evidence)

    @property
    def unsupported(self) -> list[Finding]:
        return [f for f in self.findings if f.state == NOT_SUPPORTED]

    @property
    def has_gaps(self) -> bool:
        """A criterion the family was identified on that the records held do not support."""
        return bool(self.unsupported)

    def state_of(self, criterion: str) -> str:
        return next(f.state for f in self.findings if f.criterion == criterion)


def _crime_asb(family: Family, records: Records) -> tuple[str, str]:
    identified = family.identified_on
    start = months_before(identified, LOOK_BACK_MONTHS) + timedelta(days=1)
    people = {p.pk: p for p in records.people}
    asb = offences = 0
    for incident in records.incidents:
        if not start <= incident.occurred_on <= identified or incident.person_id not in people:
            continue
        if incident.kind == Incident.Kind.ASB:
            asb += 1
        elif age_on(people[incident.person_id].date_of_birth, incident.occurred_on) < ADULT_AGE:
            offences += 1
    period = f"{long_date(start)} to {long_date(identified)}"
    if asb or offences:
        found = []
        if offences:
            found.append(f"{offences} proven offence{'s' if offences != 1 else ''} by a child under 18")
        if asb:
            found.append(f"{asb} ASB incident{'s' if asb != 1 else ''}")
        return SUPPORTED, f"{' and '.join(found)} in the 12 months before identification ({period})"
    return NOT_SUPPORTED, f"No proven offence by a child and no ASB recorded from {period}"


def _last_run(terms: list[TermRow]) -> list[TermRow]:
    """The child's last consecutive terms (at most three), ending with the latest."""
    ordered = sorted(terms, key=lambda t: t.term_start)
    run = ordered[-1:]
    for earlier in reversed(ordered[:-1]):
        if len(run) == TERMS or run[0].term_start - earlier.term_end > timedelta(days=TERM_GAP_DAYS):
            break
        run.insert(0, earlier)
    return run


def _percent(value: Decimal) -> str:
    """Two places, cut (never rounded) so that no value below the threshold prints as the threshold."""
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_DOWN)}%"


def _education(family: Family, records: Records) -> tuple[str, str]:
    identified = family.identified_on
    children = {p.pk: p for p in records.people if p.role == Person.Role.CHILD}
    by_child: dict[int, list[TermRow]] = defaultdict(list)
    for term in records.terms:
        if term.person_id in children and term.term_end <= identified:
            by_child[term.person_id].append(term)
    if not by_child:
        return CANNOT_SAY, (
            "No school term recorded before identification (a child in a pupil referral unit or off roll is not "
            "in the records)"
        )
    supported, checked = [], []
    for person_id in sorted(by_child, key=lambda pk: children[pk].reference):
        run = _last_run(by_child[person_id])
        who = f"child {children[person_id].reference}"
        exclusions = sum(t.fixed_exclusions for t in run)
        permanent = any(t.permanently_excluded for t in run)
        total = sum(Decimal(t.unauthorised_absence_pct) for t in run)
        found = []
        if permanent:
            found.append("permanently excluded")
        if exclusions >= EXCLUSIONS_AT_LEAST:
            found.append(f"{exclusions} fixed-term exclusions")
        if len(run) == TERMS and total >= ABSENCE_AT_LEAST_PCT * TERMS:
            found.append(f"mean unauthorised absence {_percent(total / TERMS)}")
        terms = f"{len(run)} term{'s' if len(run) != 1 else ''} to {long_date(run[-1].term_end)}"
        if found:
            supported.append(f"{who} {', '.join(found)} ({terms})")
        else:
            mean = f", mean unauthorised absence {_percent(total / len(run))}"
            checked.append(f"{who} {exclusions} fixed-term exclusions{mean} ({terms})")
    if supported:
        return SUPPORTED, "; ".join(supported)
    return NOT_SUPPORTED, "No child's last three terms before identification meet it: " + "; ".join(checked)


def _work(family: Family, records: Records) -> tuple[str, str]:
    identified = family.identified_on
    adults = {p.pk: p for p in records.people if p.role == Person.Role.ADULT}
    if not adults:
        return CANNOT_SAY, "No adult recorded in the household"
    in_work = {
        job.person_id
        for job in records.employments
        if job.person_id in adults
        and job.started_on < identified
        and (job.ended_on is None or job.ended_on >= identified)
    }
    for job in sorted(records.employments, key=lambda j: j.started_on):
        if job.person_id in adults and job.person_id not in in_work and job.started_on >= identified:
            benefit = Employment.Benefit(job.benefit).label
            who = f"adult {adults[job.person_id].reference}"
            return SUPPORTED, f"{who} left {benefit} for work on {long_date(job.started_on)}, after identification"
    if in_work == set(adults):
        return NOT_SUPPORTED, "Every adult recorded was in work on the day the family was identified"
    return CANNOT_SAY, (
        "No record can speak to this: the records hold moves off benefits into work, not benefit claims"
    )


def judge_evidence(family: Family, records: Records) -> Evidence:
    """Each of the four criteria: not met, or met and supported, not supported or not spoken to by the records."""
    findings = []
    for criterion, label in CRITERIA:
        if not getattr(family, criterion):
            findings.append(Finding(criterion, label, NOT_MET, ""))
            continue
        if criterion == "local_discretion":
            state, reason = CANNOT_SAY, "No record can speak to this: a local factor is the council's judgement"
        elif not records.people:
            state, reason = CANNOT_SAY, "No household member recorded"
        else:
            state, reason = {"crime_asb": _crime_asb, "education": _education, "work": _work}[criterion](
                family, records
            )
        findings.append(Finding(criterion, label, state, reason))
    return Evidence(findings, family.identification_evidence)


# --- loading ----------------------------------------------------------------------------------------------------


# The kinds of record the evidence reads, by the name of their rows in Records (families/kinds.py).
READ_KINDS = [kind_of(SchoolTerm), kind_of(Incident), kind_of(Employment)]


def records_from_people(people: Iterable[Person]) -> Records:
    """Records from people already loaded with their records prefetched (the family page has them): no query."""
    people_rows, rows = rows_from_people(people, READ_KINDS)
    return Records(people=people_rows, **rows)


def _load(family_ids: list[int]) -> dict[int, Records]:
    """Four queries, whatever the number of families."""
    records: dict[int, Records] = {pk: Records() for pk in family_ids}
    family_of: dict[int, int] = {}
    people = Person.objects.filter(family_id__in=family_ids).values_list(
        "id", "family_id", "reference", "role", "date_of_birth"
    )
    for row in map(PersonRow._make, people):
        records[row.family_id].people.append(row)
        family_of[row.pk] = row.family_id
    for kind in READ_KINDS:
        for row in kind.load_rows(person__family_id__in=family_ids):
            getattr(records[family_of[row.person_id]], kind.loaded_as).append(row)
    return records


EVIDENCE_FIELDS = ["id", "identified_on", "crime_asb", "education", "work", "local_discretion"]


def evidence_of(family: Family) -> Evidence:
    """One family's evidence (four queries)."""
    return judge_evidence(family, _load([family.pk])[family.pk])


def evidence_for(family_ids: Iterable[int]) -> dict[int, Evidence]:
    """Many families' evidence, family id -> Evidence (five queries)."""
    ids = sorted(set(family_ids))
    if not ids:
        return {}
    families = Family.objects.filter(pk__in=ids).only(*EVIDENCE_FIELDS, "identification_evidence")
    records = _load(ids)
    return {family.pk: judge_evidence(family, records[family.pk]) for family in families}
