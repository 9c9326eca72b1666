"""What each family has earned by a date under the Troubled Families payment-by-results rules, and why.

The rules (CASE_FILE.md "How results are read from these records", DOMAIN.md "Payments"); the rules of each
result are in funding/rules.py, the loading in funding/records.py:

- A family that meets fewer than three of the four criteria, or is not attached by the as-of date, earns nothing.
- crime/ASB: the baseline is the six calendar months before attachment, the recent period the six calendar months
  ending on the as-of date, which must start on or after attachment. The ASB part (all members) is met when recent
  is at most 40% of the baseline; the offending part (offences by members under 18 on the day) at most 67%. A part
  applies only when the family met crime/ASB and its baseline is above zero.
- education: applies when the family met education. Each child's last three consecutive terms (each starting at
  most 60 days after the one before ends) ending by the as-of date, all starting on or after attachment: fewer than
  3 fixed exclusions, no permanent exclusion, mean unauthorised absence below 15%. Only the run ending with the
  child's latest term counts: shorter than three terms is "not yet". A child with no term since attachment, or 16
  or older on the last 31 August, is neutral.
- crime_asb_education: at least one part applies and every part that applies is met.
- continuous_employment: an adult's work starting on or after attachment lasting the schedule's weeks (JSA or
  other benefits), days counted inclusively, by the as-of date, without ending before.
- progress_to_work: a referral between attachment and the as-of date, for a family that met the work criterion;
  not proposed when continuous employment is claimable or already claimed (it is paid instead).
- Amounts come from the schedule of the financial year containing the attachment date; lines are proposed in the
  order attachment, crime_asb_education, progress_to_work, continuous_employment, each reduced so the family's
  total (with earlier claims, rejected lines aside) never passes the cap; a line reduced to zero is not proposed.
- A council's attachment fees never exceed its funded number; the earliest attached families come first, ties
  broken by reference.
- A line rejected as invalid is not offered again until the family's records change after the rejection.

Everything here is pure: records are loaded in bulk by `load_council_records` (a fixed number of queries,
whatever the number of families), and `decide_council` decides from them. One family's page loads that family
alone (`load_family_records`), its place in the funded number counted by the database.
"""

from dataclasses import dataclass
from datetime import date

from councils.collector import cycle_collector_paused
from councils.formats import long_date, pounds
from councils.models import Council
from families.models import Family, Person
from funding import rules
from funding.models import PaymentSchedule, PaymentType
from funding.records import (
    CouncilRecords,
    FamilyRecords,
    FamilyRow,
    OneFamilyRecords,
    Rejection,
    load_council_records,
    load_family_records,
)
from funding.rules import months_before

__all__ = [
    "CouncilRecords",
    "Decision",
    "FamilyResults",
    "claimable_lines",
    "decide_council",
    "decide_family",
    "load_council_records",
    "months_before",
    "results_of_family",
    "schedule_for",
]

PROPOSAL_ORDER = (
    PaymentType.ATTACHMENT,
    PaymentType.CRIME_ASB_EDUCATION,
    PaymentType.PROGRESS_TO_WORK,
    PaymentType.CONTINUOUS_EMPLOYMENT,
)


@dataclass
class Decision:
    payment_type: str
    met: bool
    reason: str
    amount: int = 0
    financial_year: str = ""
    already_claimed: bool = False
    achieved: bool = False  # the rule itself is met, whatever the cap, the funded number or earlier claims
    held_back: bool = False  # rejected as invalid, and the family's records have not changed since

    @property
    def is_proposed(self) -> bool:
        return self.met and self.amount > 0 and not self.already_claimed and not self.held_back

    @property
    def label(self) -> str:
        return PaymentType(self.payment_type).label


@dataclass
class FamilyResults:
    family: Family | FamilyRow
    decisions: list[Decision]
    summary: str = ""

    @property
    def proposed(self) -> list[Decision]:
        return [d for d in self.decisions if d.is_proposed]


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
    if not Family.troubled_by(family.criteria_met):
        reason = family.criteria_summary
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

    judged: dict[str, tuple[bool, str]] = {
        PaymentType.ATTACHMENT: (True, f"Attached on {long_date(family.attached_on)}"),
        PaymentType.CRIME_ASB_EDUCATION: rules.crime_asb_education(records, as_of),
        PaymentType.CONTINUOUS_EMPLOYMENT: rules.continuous_employment(records, as_of, schedule),
        PaymentType.PROGRESS_TO_WORK: rules.progress_to_work(records, as_of),
    }
    achieved = {payment_type: met for payment_type, (met, _) in judged.items()}
    if attachment_refusal:
        judged[PaymentType.ATTACHMENT] = (False, attachment_refusal)
    held = {t for t, rejection in records.rejected.items() if rejection.holds}
    if PaymentType.PROGRESS_TO_WORK not in records.claimed and judged[PaymentType.PROGRESS_TO_WORK][0]:
        if PaymentType.CONTINUOUS_EMPLOYMENT in records.claimed:
            judged[PaymentType.PROGRESS_TO_WORK] = (False, "Continuous employment already claimed: paid instead")
        elif judged[PaymentType.CONTINUOUS_EMPLOYMENT][0] and PaymentType.CONTINUOUS_EMPLOYMENT not in held:
            judged[PaymentType.PROGRESS_TO_WORK] = (False, "Continuous employment is claimable: paid instead")

    remaining = schedule.cap - sum(records.claimed.values())
    decisions = []
    for payment_type in types:
        met, reason = judged[payment_type]
        decision = Decision(
            payment_type, met, reason, financial_year=schedule.financial_year, achieved=achieved[payment_type]
        )
        rejection = records.rejected.get(payment_type)
        if payment_type in records.claimed:
            decision.already_claimed = True
            decision.amount = records.claimed[payment_type]
            decision.reason = f"Already claimed ({pounds(decision.amount)}). On this date: {reason}"
        elif payment_type in held:
            decision.held_back = True
            decision.reason = f"{_held_back(rejection)}. On this date: {reason}"
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
            if rejection is not None and decision.amount:
                decision.reason += (
                    f"; offered again: rejected as invalid on {long_date(rejection.rejected_on)}, "
                    "the family's records have changed since"
                )
        decisions.append(decision)
    return FamilyResults(family, decisions)


def _held_back(rejection: Rejection) -> str:
    return f"Rejected as invalid on {long_date(rejection.rejected_on)}; offered again when the family's records change"


def could_be_paid_fee(
    family: Family | FamilyRow,
    lines: dict[str, int],
    rejection: Rejection | None,
    as_of: date,
    schedules: list[PaymentSchedule],
) -> bool:
    """Whether a family stands in the queue for its council's funded number on a date: attached, troubled, not yet
    paid the fee (`lines`: what its lines not rejected claim), not held back by a rejection of the fee, and with
    room under the cap. (funding.records.families_ahead says the same in SQL, for a family's page.)"""
    if not Family.troubled_by(family.criteria_met) or family.attached_on is None or family.attached_on > as_of:
        return False
    schedule = schedule_for(schedules, family.attached_on)
    return (
        PaymentType.ATTACHMENT not in lines
        and not (rejection is not None and rejection.holds)
        and schedule is not None
        and min(schedule.attachment, schedule.cap - sum(lines.values())) > 0
    )


def _no_funded_number(council: Council) -> str:
    return f"{council.name} has no troubled families estimate, so no funded number: no attachment fee"


def _funded_number_reached(council: Council, funded: int) -> str:
    return f"{council.name}'s funded number of {funded:,} families is reached: no attachment fee"


def attachment_refusals(
    council: Council,
    families: list[FamilyRow],
    claimed: dict[int, dict[str, int]],
    as_of: date,
    schedules: list[PaymentSchedule],
    rejected: dict[int, dict[str, Rejection]] | None = None,
) -> dict[int, str]:
    """Why each family beyond the council's funded number gets no attachment fee (family id -> reason)."""
    funded = council.funded_families
    rejected = rejected or {}

    def could_be_paid(family: FamilyRow) -> bool:
        rejection = rejected.get(family.pk, {}).get(PaymentType.ATTACHMENT)
        return could_be_paid_fee(family, claimed.get(family.pk, {}), rejection, as_of, schedules)

    candidates = [f for f in families if could_be_paid(f)]
    if funded is None:
        reason = _no_funded_number(council)
        return {f.pk: reason for f in candidates}
    used = sum(1 for lines in claimed.values() if PaymentType.ATTACHMENT in lines)
    candidates.sort(key=lambda f: (f.attached_on, f.reference))
    left = max(0, funded - used)
    reason = _funded_number_reached(council, funded)
    return {f.pk: reason for f in candidates[left:]}


def attachment_refusal_of(family: Family, loaded: OneFamilyRecords, as_of: date) -> str | None:
    """Why one family gets no attachment fee on a date (None: the fee may be claimed), as `attachment_refusals`
    decides it, from the family's place in the queue counted by the database."""
    records = loaded.records
    if not could_be_paid_fee(
        family, records.claimed, records.rejected.get(PaymentType.ATTACHMENT), as_of, loaded.schedules
    ):
        return None
    council, funded, place = family.council, family.council.funded_families, loaded.place
    if funded is None:
        return _no_funded_number(council)
    return _funded_number_reached(council, funded) if place.ahead >= place.places_left else None


def decide_council(data: CouncilRecords, as_of: date) -> list[FamilyResults]:
    """The results of every loaded family on a date, in reference order."""
    refusals = attachment_refusals(data.council, data.families, data.claimed, as_of, data.schedules, data.rejected)
    return [decide_family(r, as_of, data.schedules, refusals.get(pk)) for pk, r in data.records.items()]


def results_of_family(family: Family, as_of: date, people: list[Person] | None = None) -> FamilyResults:
    """One family's results on a date, judged exactly as in a claim (its place in the funded number included).
    `people`: the family's people with their records prefetched, when the caller has them."""
    loaded = load_family_records(family, as_of, people)
    return decide_family(loaded.records, as_of, loaded.schedules, attachment_refusal_of(family, loaded, as_of))


@cycle_collector_paused()
def claimable_lines(council: Council, as_of: date) -> list[tuple[FamilyRow, Decision]]:
    """The lines a council could claim on a date and has not yet claimed, in reference and proposal order."""
    results = decide_council(load_council_records(council), as_of)
    return [(r.family, d) for r in results for d in r.proposed]
