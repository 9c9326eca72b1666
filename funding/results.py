"""What each family has earned by a date under the Troubled Families payment-by-results rules, and why.

The rules (CASE_FILE.md "How results are read from these records", DOMAIN.md "Payments"):

- A family that meets fewer than three of the four criteria, or is not attached by the as-of date, earns nothing.
- crime/ASB: the baseline is the six calendar months before attachment, the recent period the six calendar months
  ending on the as-of date, which must start on or after attachment. The ASB part (all members) is met when recent
  is at most 40% of the baseline; the offending part (offences by members under 18 on the day) at most 67%. A part
  applies only when the family met crime/ASB and its baseline is above zero.
- education: applies when the family met education. Each child's last three consecutive terms ending by the as-of
  date, all starting on or after attachment: fewer than 3 fixed exclusions, no permanent exclusion, mean
  unauthorised absence below 15%. A child without three such terms is neutral.
- crime_asb_education: at least one part applies and every part that applies is met.
- continuous_employment: an adult's work starting on or after attachment lasting the schedule's weeks (JSA or
  other benefits) by the as-of date, without ending before.
- progress_to_work: a referral between attachment and the as-of date; not proposed when continuous employment is
  met or already claimed (it is paid instead).
- Amounts come from the schedule of the financial year containing the attachment date; lines are proposed in the
  order attachment, crime_asb_education, progress_to_work, continuous_employment, each reduced so the family's
  total (with earlier claims, rejected lines aside) never passes the cap; a line reduced to zero is not proposed.
- A council's attachment fees never exceed its funded number; the earliest attached families come first, ties
  broken by reference.

Everything here is pure: records are loaded in bulk by `load_council_records` (a fixed number of queries,
whatever the number of families), and `decide_council` decides from them.
"""

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Q

from councils.formats import long_date, pounds
from councils.models import Council
from families.models import Employment, Family, Incident, Person, SchoolTerm, WorkProgrammeReferral
from funding.models import ClaimLine, PaymentSchedule, PaymentType

PROPOSAL_ORDER = (
    PaymentType.ATTACHMENT,
    PaymentType.CRIME_ASB_EDUCATION,
    PaymentType.PROGRESS_TO_WORK,
    PaymentType.CONTINUOUS_EMPLOYMENT,
)
ASB_MAX_PCT = 40  # recent ASB at most 40% of the baseline: down by at least 60%
OFFENDING_MAX_PCT = 67  # recent offending at most 67% of the baseline: down by at least 33%
ABSENCE_BELOW_PCT = 15
EXCLUSIONS_BELOW = 3
TERMS = 3
ADULT_AGE = 18
BENEFIT_NAMES = {"jsa": "JSA", "esa": "ESA", "is": "Income Support", "other": "other out-of-work benefits"}


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the last day of the month when that day does not exist)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def percent_down(before: int, after: int) -> int:
    return int((Decimal(before - after) * 100 / before).quantize(Decimal(1), rounding="ROUND_HALF_UP"))


class PersonRecord(NamedTuple):
    pk: int
    family_id: int
    reference: str
    role: str
    date_of_birth: date

    def age_on(self, on: date) -> int:
        dob = self.date_of_birth
        return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


class TermRecord(NamedTuple):
    person_id: int
    term_start: date
    term_end: date
    unauthorised_absence_pct: Decimal
    fixed_exclusions: int
    permanently_excluded: bool


class IncidentRecord(NamedTuple):
    person_id: int
    kind: str
    occurred_on: date


class EmploymentRecord(NamedTuple):
    person_id: int
    benefit: str
    started_on: date
    ended_on: date | None


class ReferralRecord(NamedTuple):
    person_id: int
    provision: str
    referred_on: date


@dataclass
class FamilyRecords:
    """One family and everything its results are judged on."""

    family: Family
    people: list[PersonRecord] = field(default_factory=list)
    terms: dict[int, list[TermRecord]] = field(default_factory=lambda: defaultdict(list))
    incidents: list[IncidentRecord] = field(default_factory=list)
    employments: list[EmploymentRecord] = field(default_factory=list)
    referrals: list[ReferralRecord] = field(default_factory=list)
    claimed: dict[str, int] = field(default_factory=dict)  # payment type -> amount of lines not rejected


@dataclass
class Decision:
    payment_type: str
    met: bool
    reason: str
    amount: int = 0
    financial_year: str = ""
    already_claimed: bool = False
    achieved: bool = False  # the rule itself is met, whatever the cap, the funded number or earlier claims

    @property
    def is_proposed(self) -> bool:
        return self.met and self.amount > 0 and not self.already_claimed

    @property
    def label(self) -> str:
        return PaymentType(self.payment_type).label


@dataclass
class FamilyResults:
    family: Family
    decisions: list[Decision]
    summary: str = ""

    @property
    def proposed(self) -> list[Decision]:
        return [d for d in self.decisions if d.is_proposed]


# --- crime and anti-social behaviour ---------------------------------------------------------------------------


def _crime_asb_parts(records: FamilyRecords, as_of: date) -> list[tuple[bool, str]]:
    """(met, reason) for each crime/ASB part that applies."""
    family = records.family
    if not family.crime_asb:
        return []
    attached = family.attached_on
    baseline_from, baseline_to = months_before(attached, 6), attached - timedelta(days=1)
    recent_from, recent_to = months_before(as_of, 6) + timedelta(days=1), as_of
    people = {p.pk: p for p in records.people}

    def count(kind: str, start: date, end: date) -> int:
        total = 0
        for incident in records.incidents:
            if incident.kind != kind or not (start <= incident.occurred_on <= end):
                continue
            if kind == Incident.Kind.OFFENCE and people[incident.person_id].age_on(incident.occurred_on) >= ADULT_AGE:
                continue
            total += 1
        return total

    parts = []
    for kind, name, limit in (
        (Incident.Kind.ASB, "ASB", ASB_MAX_PCT),
        (Incident.Kind.OFFENCE, "offending", OFFENDING_MAX_PCT),
    ):
        baseline = count(kind, baseline_from, baseline_to)
        if baseline == 0:
            continue
        if recent_from < attached:
            judged_from = _first_complete_recent_period(attached)
            parts.append((False, f"{name}: the six months after attachment end on {long_date(judged_from)}"))
            continue
        recent = count(kind, recent_from, recent_to)
        down = percent_down(baseline, recent)
        change = f"{name} down {down}%" if down >= 0 else f"{name} up {-down}%"
        if recent * 100 <= baseline * limit:
            parts.append((True, f"{change} ({baseline} → {recent})"))
        else:
            parts.append((False, f"{change} ({baseline} → {recent}), needs down {100 - limit}%"))
    return parts


def _first_complete_recent_period(attached: date) -> date:
    """The first as-of date whose recent six months start on or after attachment."""
    day = attached + timedelta(days=150)
    while months_before(day, 6) + timedelta(days=1) < attached:
        day += timedelta(days=1)
    return day


# --- education --------------------------------------------------------------------------------------------------


def _education_part(records: FamilyRecords, as_of: date) -> tuple[bool, str] | None:
    """(met, reason) when the education part applies, None when it does not."""
    family = records.family
    if not family.education:
        return None
    judged, notes = [], []
    for person in records.people:
        if person.role != Person.Role.CHILD:
            continue
        terms = sorted(
            (t for t in records.terms.get(person.pk, []) if t.term_end <= as_of), key=lambda t: t.term_start
        )[-TERMS:]
        if len(terms) < TERMS or any(t.term_start < family.attached_on for t in terms):
            since = sum(1 for t in terms if t.term_start >= family.attached_on)
            if records.terms.get(person.pk):
                notes.append(f"{person.reference} neutral ({since} of {TERMS} terms since attachment)")
            continue
        exclusions = sum(t.fixed_exclusions for t in terms)
        permanent = any(t.permanently_excluded for t in terms)
        absence_total = sum(Decimal(t.unauthorised_absence_pct) for t in terms)
        mean = (absence_total / TERMS).quantize(Decimal(1), rounding="ROUND_HALF_UP")
        ok = exclusions < EXCLUSIONS_BELOW and not permanent and absence_total < ABSENCE_BELOW_PCT * TERMS
        text = f"{person.reference} mean absence {mean}%, {exclusions} exclusion{'s' if exclusions != 1 else ''}"
        if permanent:
            text += ", permanently excluded"
        judged.append((ok, text))
    if not judged:
        return None
    met = all(ok for ok, _ in judged)
    reason = "education: " + ", ".join(text for _, text in judged)
    if notes:
        reason += "; " + ", ".join(notes)
    return met, reason


def _crime_asb_education(records: FamilyRecords, as_of: date) -> tuple[bool, str]:
    parts = _crime_asb_parts(records, as_of)
    education = _education_part(records, as_of)
    if education is not None:
        parts.append(education)
    if not parts:
        missing = []
        if records.family.crime_asb:
            missing.append("no ASB or offending in the six months before attachment")
        if records.family.education:
            missing.append("no child with three school terms since attachment")
        if not records.family.crime_asb and not records.family.education:
            missing.append("the family met neither the crime/ASB nor the education criterion")
        return False, "Not yet: no part applies (" + "; ".join(missing) + ")"
    met = all(ok for ok, _ in parts)
    reason = "; ".join(text for _, text in parts)
    return met, (reason[0].upper() + reason[1:]) if met else "Not yet: " + reason


# --- work ------------------------------------------------------------------------------------------------------


def _continuous_employment(records: FamilyRecords, as_of: date, schedule: PaymentSchedule) -> tuple[bool, str]:
    attached = records.family.attached_on
    adults = {p.pk: p for p in records.people if p.role == Person.Role.ADULT}
    best = None
    for job in sorted(records.employments, key=lambda e: e.started_on):
        if job.person_id not in adults or job.started_on < attached or job.started_on > as_of:
            continue
        is_jsa = job.benefit == Employment.Benefit.JSA
        weeks = schedule.employment_weeks_jsa if is_jsa else schedule.employment_weeks_other
        benefit = BENEFIT_NAMES.get(job.benefit, job.benefit)
        reached_on = job.started_on + timedelta(weeks=weeks)
        who = adults[job.person_id].reference
        if job.ended_on is not None and job.ended_on < reached_on:
            best = best or (
                False,
                f"Not yet: {who}'s work after {benefit} from {long_date(job.started_on)} ended "
                f"on {long_date(job.ended_on)}, before {weeks} weeks",
            )
            continue
        if reached_on <= as_of:
            return True, f"{who} in work {weeks} weeks after {benefit} (from {long_date(job.started_on)})"
        best = (
            False,
            f"Not yet: {who} in work after {benefit} from {long_date(job.started_on)}; "
            f"{weeks} weeks on {long_date(reached_on)}",
        )
    return best or (False, "Not yet: no adult has started work since attachment")


def _progress_to_work(records: FamilyRecords, as_of: date) -> tuple[bool, str]:
    attached = records.family.attached_on
    for referral in sorted(records.referrals, key=lambda r: r.referred_on):
        if attached <= referral.referred_on <= as_of:
            provision = WorkProgrammeReferral.Provision(referral.provision).label
            return True, f"Referred to {provision} on {long_date(referral.referred_on)}"
    return False, "Not yet: no referral to the Work Programme or ESF provision since attachment"


# --- the family and the council ---------------------------------------------------------------------------------


def schedule_for(schedules: list[PaymentSchedule], day: date) -> PaymentSchedule | None:
    return next((s for s in schedules if s.starts_on <= day <= s.ends_on), None)


def decide_family(
    records: FamilyRecords,
    as_of: date,
    schedules: list[PaymentSchedule],
    attachment_refusal: str | None = None,
) -> FamilyResults:
    """Each payment type for one family on a date. `attachment_refusal` says why the council's funded number
    leaves this family no attachment fee (None: the fee may be claimed)."""
    family = records.family
    types = list(PROPOSAL_ORDER)
    if family.criteria_met < 3:
        reason = f"Meets {family.criteria_met} of the 4 criteria: a troubled family meets at least 3"
        return FamilyResults(family, [Decision(t, False, reason) for t in types], reason)
    if family.attached_on is None or family.attached_on > as_of:
        reason = f"Not attached by {long_date(as_of)}"
        if family.attached_on:
            reason = f"Not attached until {long_date(family.attached_on)}"
        return FamilyResults(family, [Decision(t, False, reason) for t in types], reason)
    schedule = schedule_for(schedules, family.attached_on)
    if schedule is None:
        reason = f"No payment schedule covers attachment on {long_date(family.attached_on)}: nothing is claimable"
        return FamilyResults(family, [Decision(t, False, reason) for t in types], reason)

    rules: dict[str, tuple[bool, str]] = {
        PaymentType.ATTACHMENT: (True, f"Attached on {long_date(family.attached_on)}"),
        PaymentType.CRIME_ASB_EDUCATION: _crime_asb_education(records, as_of),
        PaymentType.CONTINUOUS_EMPLOYMENT: _continuous_employment(records, as_of, schedule),
        PaymentType.PROGRESS_TO_WORK: _progress_to_work(records, as_of),
    }
    achieved = {payment_type: met for payment_type, (met, _) in rules.items()}
    if attachment_refusal:
        rules[PaymentType.ATTACHMENT] = (False, attachment_refusal)
    if PaymentType.PROGRESS_TO_WORK not in records.claimed and rules[PaymentType.PROGRESS_TO_WORK][0]:
        if PaymentType.CONTINUOUS_EMPLOYMENT in records.claimed:
            rules[PaymentType.PROGRESS_TO_WORK] = (False, "Continuous employment already claimed: paid instead")
        elif rules[PaymentType.CONTINUOUS_EMPLOYMENT][0]:
            rules[PaymentType.PROGRESS_TO_WORK] = (False, "Continuous employment is claimable: paid instead")

    remaining = schedule.cap - sum(records.claimed.values())
    decisions = []
    for payment_type in types:
        met, reason = rules[payment_type]
        decision = Decision(
            payment_type, met, reason, financial_year=schedule.financial_year, achieved=achieved[payment_type]
        )
        if payment_type in records.claimed:
            decision.already_claimed = True
            decision.amount = records.claimed[payment_type]
            decision.reason = f"Already claimed ({pounds(decision.amount)}). On this date: {reason}"
        elif met:
            full = schedule.amount_for(payment_type)
            decision.amount = max(0, min(full, remaining))
            remaining -= decision.amount
            if decision.amount == 0:
                decision.reason += f"; nothing left under the cap of {pounds(schedule.cap)}"
            elif decision.amount < full:
                decision.reason += (
                    f"; {pounds(decision.amount)} of {pounds(full)} under the cap of {pounds(schedule.cap)}"
                )
        decisions.append(decision)
    return FamilyResults(family, decisions)


class FamilyPlace(NamedTuple):
    """What places a family in the queue for the council's funded number of attachment fees."""

    pk: int
    reference: str
    attached_on: date | None
    criteria_met: int


def attachment_refusals(
    council: Council, families: list[Family | FamilyPlace], claimed: dict[int, dict[str, int]], as_of: date, schedules
) -> dict[int, str]:
    """Why each family beyond the council's funded number gets no attachment fee (family id -> reason)."""
    funded = council.funded_families

    def could_be_paid(family: Family | FamilyPlace) -> bool:
        """Attached, troubled, not yet paid the fee, and with room under the cap for some of it."""
        if family.criteria_met < 3 or family.attached_on is None or family.attached_on > as_of:
            return False
        lines = claimed.get(family.pk, {})
        schedule = schedule_for(schedules, family.attached_on)
        return (
            PaymentType.ATTACHMENT not in lines
            and schedule is not None
            and min(schedule.attachment, schedule.cap - sum(lines.values())) > 0
        )

    candidates = [f for f in families if could_be_paid(f)]
    if funded is None:
        reason = f"{council.name} has no troubled families estimate, so no funded number: no attachment fee"
        return {f.pk: reason for f in candidates}
    used = sum(1 for lines in claimed.values() if PaymentType.ATTACHMENT in lines)
    candidates.sort(key=lambda f: (f.attached_on, f.reference))
    left = max(0, funded - used)
    reason = f"{council.name}'s funded number of {funded:,} families is reached: no attachment fee"
    return {f.pk: reason for f in candidates[left:]}


@dataclass
class CouncilRecords:
    council: Council
    families: list[Family | FamilyPlace]  # the families that may stand in the queue for the funded number
    records: dict[int, FamilyRecords]  # detailed records, for the families asked for, in reference order
    claimed: dict[int, dict[str, int]]  # every family of the council: payment type -> amount claimed
    schedules: list[PaymentSchedule]


FAMILY_FIELDS = [
    "id",
    "council_id",
    "reference",
    "identified_on",
    "attached_on",
    "closed_on",
    "crime_asb",
    "education",
    "work",
    "local_discretion",
]


def load_council_records(council: Council, family_ids: list[int] | None = None) -> CouncilRecords:
    """Everything the rules need for a council's families, in a fixed number of queries.

    Every family of the council is needed for its place in the funded number; the families asked for
    (`family_ids`, all when None) are loaded with their dated records."""
    stored = Family.objects.filter(council=council).only(*FAMILY_FIELDS).order_by("reference")
    if family_ids is None:
        families = wanted = list(stored)
    else:
        # One family's page must not build a model for each of the council's thousands of families. Only
        # attached troubled families stand in the queue, and only those before a family decide its place in it:
        # a plain row of each of those is enough.
        wanted = list(stored.filter(pk__in=family_ids))
        last = max(
            ((f.attached_on, f.reference) for f in wanted if f.attached_on and f.criteria_met >= 3), default=None
        )
        families = []
        if last is not None:
            before = Q(attached_on__lt=last[0]) | Q(attached_on=last[0], reference__lte=last[1])
            queue = stored.filter(before).with_criteria_count().filter(criteria_count__gte=3)
            places = queue.values_list("id", "reference", "attached_on", "criteria_count")
            families = [FamilyPlace(*row) for row in places]
    records = {f.pk: FamilyRecords(family=f) for f in wanted}
    scope = {"person__family__council": council}
    if family_ids is not None:
        scope["person__family_id__in"] = list(records)
    people_scope = {k.removeprefix("person__"): v for k, v in scope.items()}
    # Plain tuples rather than model instances: a large council has a hundred thousand records.
    people = Person.objects.filter(**people_scope).values_list("id", "family_id", "reference", "role", "date_of_birth")
    for row in people:
        records[row[1]].people.append(PersonRecord(*row))
    family_of = {p.pk: fid for fid, r in records.items() for p in r.people}
    terms = (
        SchoolTerm.objects.filter(**scope)
        .order_by("term_start")
        .values_list(
            "person_id",
            "term_start",
            "term_end",
            "unauthorised_absence_pct",
            "fixed_exclusions",
            "permanently_excluded",
        )
    )
    for row in terms:
        records[family_of[row[0]]].terms[row[0]].append(TermRecord(*row))
    for row in Incident.objects.filter(**scope).values_list("person_id", "kind", "occurred_on"):
        records[family_of[row[0]]].incidents.append(IncidentRecord(*row))
    for row in Employment.objects.filter(**scope).values_list("person_id", "benefit", "started_on", "ended_on"):
        records[family_of[row[0]]].employments.append(EmploymentRecord(*row))
    for row in WorkProgrammeReferral.objects.filter(**scope).values_list("person_id", "provision", "referred_on"):
        records[family_of[row[0]]].referrals.append(ReferralRecord(*row))
    claimed: dict[int, dict[str, int]] = defaultdict(dict)
    lines = (
        ClaimLine.objects.not_rejected()
        .filter(family__council=council)
        .values_list("family_id", "payment_type", "amount")
    )
    for family_id, payment_type, amount in lines:
        claimed[family_id][payment_type] = amount
    for family_id, record in records.items():
        record.claimed = dict(claimed.get(family_id, {}))
    return CouncilRecords(council, families, records, dict(claimed), list(PaymentSchedule.objects.all()))


def decide_council(data: CouncilRecords, as_of: date) -> list[FamilyResults]:
    """The results of every loaded family on a date, in reference order."""
    refusals = attachment_refusals(data.council, data.families, data.claimed, as_of, data.schedules)
    return [decide_family(r, as_of, data.schedules, refusals.get(pk)) for pk, r in data.records.items()]


def results_of_family(family: Family, as_of: date) -> FamilyResults:
    """One family's results on a date, judged exactly as in a claim (its place in the funded number included)."""
    return decide_council(load_council_records(family.council, family_ids=[family.pk]), as_of)[0]


def claimable_lines(council: Council, as_of: date) -> list[tuple[Family, Decision]]:
    """The lines a council could claim on a date and has not yet claimed, in reference and proposal order."""
    results = decide_council(load_council_records(council), as_of)
    return [(r.family, d) for r in results for d in r.proposed]
