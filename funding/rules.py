"""The results rules themselves: crime/ASB, education, and the two work results, each judged on one family's records.

CASE_FILE.md "How results are read from these records" is the contract; DOMAIN.md "Payments" the programme's
words. Each function takes a family's records and the as-of date and returns (met, reason). Thresholds are
compared on exact values (integers and Decimals, never floats), and a reason never rounds a figure across the
threshold it was judged on (`percent_text`).
"""

from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from councils.calendar import months_before
from councils.formats import long_date
from families.evidence import ADULT_AGE, TERM_GAP_DAYS, TERMS
from families.kinds import PersonRow, TermRow
from families.models import Employment, Incident, Person, WorkProgrammeReferral
from funding.models import PaymentSchedule
from funding.records import FamilyRecords

ASB_MAX_PCT = 40  # recent ASB at most 40% of the baseline: down by at least 60%
OFFENDING_MAX_PCT = 67  # recent offending at most 67% of the baseline: down by at least 33%
ABSENCE_BELOW_PCT = 15
EXCLUSIONS_BELOW = 3
SCHOOL_LEAVING_AGE = 16  # 16 or older on the last 31 August: left school (CASE_FILE.md "of school age")
BENEFIT_NAMES = {"jsa": "JSA", "esa": "ESA", "is": "Income Support", "other": "other out-of-work benefits"}


# --- calendar and figures -----------------------------------------------------------------------------------------


def last_31_august(on: date) -> date:
    """The last 31 August on or before a date (the day itself when it is one)."""
    return date(on.year if (on.month, on.day) >= (8, 31) else on.year - 1, 8, 31)


def weeks_reached_on(started_on: date, weeks: int) -> date:
    """The day `weeks` weeks of work are complete, counting the first day: Monday 4 June 2012 + 13 weeks is
    Sunday 2 September 2012 (CASE_FILE.md: days are counted inclusively)."""
    return started_on + timedelta(days=7 * weeks - 1)


def percent_text(value: Decimal, threshold: int, *, met: bool, at_least: bool, places: int = 0) -> str:
    """`value` written with `places` decimals, rounded to the nearest unless that would cross `threshold` to the
    other side of the decision; then truncated towards the decision's side instead (so 14.997% below 15% is
    written 14.99, never 15.00). `at_least`: the decision is met when the value is at least the threshold
    (otherwise when it is below)."""
    step = Decimal(1).scaleb(-places)
    shown = value.quantize(step, rounding=ROUND_HALF_UP)
    limit = Decimal(threshold)
    on_its_side = (shown >= limit) == met if at_least else (shown < limit) == met
    if not on_its_side:
        # Only rounding up can cross a threshold that is itself a whole number of steps; truncating cannot.
        shown = value.quantize(step, rounding=ROUND_DOWN)
    return f"{shown:.{places}f}"


# --- crime and anti-social behaviour ---------------------------------------------------------------------------


def crime_asb_parts(records: FamilyRecords, as_of: date) -> list[tuple[bool, str]]:
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
        met = recent * 100 <= baseline * limit  # exact: integers
        down = Decimal(baseline - recent) * 100 / baseline
        if down >= 0:
            change = f"{name} down {percent_text(down, 100 - limit, met=met, at_least=True)}%"
        else:
            change = f"{name} up {percent_text(-down, 0, met=False, at_least=False)}%"
        if met:
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


def latest_run(terms: list[TermRow]) -> list[TermRow]:
    """The consecutive terms that end with the latest one: each starts at most TERM_GAP_DAYS after the one before
    it ends. `terms` are in the order they started."""
    run: list[TermRow] = []
    for term in reversed(terms):
        if run and (run[0].term_start - term.term_end).days > TERM_GAP_DAYS:
            break
        run.insert(0, term)
    return run


def _judge_child(person: PersonRow, terms: list[TermRow], attached: date, as_of: date) -> tuple[str, str]:
    """("neutral" | "not yet" | "met" | "not met", what the reason says of this child)."""
    who = person.reference
    leaving_day = last_31_august(as_of)
    if person.age_on(leaving_day) >= SCHOOL_LEAVING_AGE:
        return "neutral", f"{who} (left school: {SCHOOL_LEAVING_AGE} or older on {long_date(leaving_day)})"
    ended = sorted((t for t in terms if t.term_end <= as_of), key=lambda t: (t.term_start, t.term_end))
    since = [t for t in ended if t.term_start >= attached]
    if not since:
        return "neutral", f"{who} (no term since attachment)"
    run = [t for t in latest_run(ended) if t.term_start >= attached][-TERMS:]
    if len(run) < TERMS:
        return "not yet", f"{who} (not yet: {len(run)} of {TERMS} consecutive terms since attachment)"
    exclusions = sum(t.fixed_exclusions for t in run)
    permanent = any(t.permanently_excluded for t in run)
    mean = sum(Decimal(t.unauthorised_absence_pct) for t in run) / TERMS  # exact enough: compared, not stored
    absence_ok = mean < ABSENCE_BELOW_PCT
    shown = percent_text(mean, ABSENCE_BELOW_PCT, met=absence_ok, at_least=False, places=2)
    details = [f"mean absence {shown}%", f"{exclusions} exclusion{'s' if exclusions != 1 else ''}"]
    if permanent:
        details.append("permanently excluded")
    ok = absence_ok and exclusions < EXCLUSIONS_BELOW and not permanent
    if not ok:
        needs = []
        if not absence_ok:
            needs.append(f"absence below {ABSENCE_BELOW_PCT}%")
        if exclusions >= EXCLUSIONS_BELOW:
            needs.append(f"fewer than {EXCLUSIONS_BELOW} exclusions")
        if permanent:
            needs.append("no permanent exclusion")
        details.append("needs " + " and ".join(needs))
    return ("met" if ok else "not met"), f"{who} ({', '.join(details)})"


def education_part(records: FamilyRecords, as_of: date) -> tuple[bool, str] | None:
    """(met, reason) when the education part applies, None when it does not (every child neutral)."""
    family = records.family
    if not family.education:
        return None
    judged, neutral = [], []
    terms_of: dict[int, list[TermRow]] = {}
    for term in records.terms:
        terms_of.setdefault(term.person_id, []).append(term)
    for person in records.people:
        if person.role != Person.Role.CHILD:
            continue
        terms = terms_of.get(person.pk, [])
        outcome, text = _judge_child(person, terms, family.attached_on, as_of)
        if outcome == "neutral":
            if terms:  # a child with no school records at all is not worth a word
                neutral.append(text)
            continue
        judged.append((outcome == "met", text))
    if not judged:
        return None
    reason = "education: " + ", ".join(text for _, text in judged)
    if neutral:
        reason += "; neutral: " + ", ".join(neutral)
    return all(ok for ok, _ in judged), reason


def crime_asb_education(records: FamilyRecords, as_of: date) -> tuple[bool, str]:
    parts = crime_asb_parts(records, as_of)
    education = education_part(records, as_of)
    if education is not None:
        parts.append(education)
    if not parts:
        missing = []
        if records.family.crime_asb:
            missing.append("no ASB or offending in the six months before attachment")
        if records.family.education:
            missing.append("no child of school age with a school term since attachment")
        if not records.family.crime_asb and not records.family.education:
            missing.append("the family met neither the crime/ASB nor the education criterion")
        return False, "Not yet: no part applies (" + "; ".join(missing) + ")"
    met = all(ok for ok, _ in parts)
    reason = "; ".join(text for _, text in parts)
    return met, (reason[0].upper() + reason[1:]) if met else "Not yet: " + reason


# --- work ------------------------------------------------------------------------------------------------------


def continuous_employment(records: FamilyRecords, as_of: date, schedule: PaymentSchedule) -> tuple[bool, str]:
    attached = records.family.attached_on
    adults = {p.pk: p for p in records.people if p.role == Person.Role.ADULT}
    best = None
    for job in sorted(records.employments, key=lambda e: e.started_on):
        if job.person_id not in adults or job.started_on < attached or job.started_on > as_of:
            continue
        is_jsa = job.benefit == Employment.Benefit.JSA
        weeks = schedule.employment_weeks_jsa if is_jsa else schedule.employment_weeks_other
        benefit = BENEFIT_NAMES.get(job.benefit, job.benefit)
        reached_on = weeks_reached_on(job.started_on, weeks)
        who = adults[job.person_id].reference
        if job.ended_on is not None and job.ended_on < reached_on:
            best = best or (
                False,
                f"Not yet: {who}'s work after {benefit} from {long_date(job.started_on)} ended "
                f"on {long_date(job.ended_on)}, before {weeks} weeks ({long_date(reached_on)})",
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


def progress_to_work(records: FamilyRecords, as_of: date) -> tuple[bool, str]:
    """A referral between attachment and the as-of date, for a family that met the work criterion (the referred
    adult's household was on out-of-work benefits)."""
    if not records.family.work:
        return False, "The family did not meet the work criterion (out-of-work benefits): no progress to work result"
    attached = records.family.attached_on
    for referral in sorted(records.referrals, key=lambda r: r.referred_on):
        if attached <= referral.referred_on <= as_of:
            provision = WorkProgrammeReferral.Provision(referral.provision).label
            return True, f"Referred to {provision} on {long_date(referral.referred_on)}"
    return False, "Not yet: no referral to the Work Programme or ESF provision since attachment"
