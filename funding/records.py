"""Loading what the results rules judge: a council's families, their dated records and their claim lines.

`load_council_records` reads everything in a fixed number of queries, whatever the number of families, as plain
tuples (a large council has a hundred thousand records). The rules (funding/rules.py) and the decisions
(funding/results.py) never query.

Rejections: a line rejected as invalid is not offered again until the family's records change after the
rejection. What changed when is read from the history rows every family record writes (django-simple-history):
the family's own fields, its people, and their school terms, incidents, employment and referrals, added, changed
or removed.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from django.db import models
from django.db.models import Case, Max, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from councils.models import Council
from families.kinds import (
    RECORD_KINDS,
    EmploymentRow,
    IncidentRow,
    PersonRow,
    ReferralRow,
    TermRow,
    related_names,
    rows_from_people,
)
from families.models import Family, Person
from funding.models import ClaimLine, PaymentSchedule, PaymentType


class Rejection(NamedTuple):
    """The latest rejection of a payment type for a family, and whether the family's records changed since."""

    rejected_at: datetime
    records_changed_since: bool

    @property
    def holds(self) -> bool:
        """The rejection stands: the payment is not offered again."""
        return not self.records_changed_since

    @property
    def rejected_on(self) -> date:
        return timezone.localdate(self.rejected_at)


class FamilyRow(NamedTuple):
    """A family as the rules read it, for a whole council's families (a model instance each cost a third of the
    claim preview of the largest council). Reads like the model in what the rules use."""

    id: int
    council_id: int
    reference: str
    identified_on: date
    attached_on: date | None
    closed_on: date | None
    crime_asb: bool
    education: bool
    work: bool
    local_discretion: str

    @property
    def pk(self) -> int:
        return self.id

    @property
    def criteria_met(self) -> int:
        return Family.count_criteria(self.crime_asb, self.education, self.work, self.local_discretion)

    @property
    def criteria_summary(self) -> str:
        return Family.summarise_criteria(self.criteria_met)


@dataclass
class FamilyRecords:
    """One family and everything its results are judged on."""

    family: Family | FamilyRow
    people: list[PersonRow] = field(default_factory=list)
    # A row of each record, by kind (families/kinds.py, its `loaded_as`), in date order.
    terms: list[TermRow] = field(default_factory=list)
    incidents: list[IncidentRow] = field(default_factory=list)
    employments: list[EmploymentRow] = field(default_factory=list)
    referrals: list[ReferralRow] = field(default_factory=list)
    claimed: dict[str, int] = field(default_factory=dict)  # payment type -> amount of lines not rejected
    rejected: dict[str, Rejection] = field(default_factory=dict)  # payment type -> its latest rejection


@dataclass
class CouncilRecords:
    council: Council
    families: list[FamilyRow]  # every family of the council: each may stand in the queue for the funded number
    records: dict[int, FamilyRecords]  # each family's records, in reference order
    claimed: dict[int, dict[str, int]]  # every family of the council: payment type -> amount claimed
    schedules: list[PaymentSchedule]
    rejected: dict[int, dict[str, Rejection]] = field(default_factory=dict)  # every family: rejections standing


FAMILY_FIELDS = list(FamilyRow._fields)


def records_changed_at(family_ids: set[int]) -> dict[int, datetime]:
    """When each family's records last changed: its own fields, its people, their records (added, changed or
    removed), from the history rows. Six queries, only for the families asked for."""
    changed: dict[int, datetime] = {}

    def note(family_id: int, at: datetime | None) -> None:
        if at is not None and (family_id not in changed or at > changed[family_id]):
            changed[family_id] = at

    for family_id, at in (
        Family.history.filter(id__in=family_ids).values("id").annotate(at=Max("history_date")).values_list("id", "at")
    ):
        note(family_id, at)
    family_of: dict[int, int] = {}
    people = Person.history.filter(family_id__in=family_ids).values("id", "family_id").annotate(at=Max("history_date"))
    for row in people:
        family_of[row["id"]] = row["family_id"]
        note(row["family_id"], row["at"])
    if family_of:
        for model in (kind.model for kind in RECORD_KINDS):
            rows = model.history.filter(person_id__in=list(family_of)).values("person_id")
            rows = rows.annotate(at=Max("history_date"))
            for row in rows:
                note(family_of[row["person_id"]], row["at"])
    return changed


def _claims_of(council: Council) -> tuple[dict[int, dict[str, int]], dict[int, dict[str, Rejection]]]:
    """Every line of the council's families: what counts (proposed or accepted) and the rejections standing."""
    # A line's council is its family's (the database holds it): its own column is indexed, the family's join read
    # every line of the programme.
    # Unordered: the model's ordering joined every line to its family and sorted them, for nothing.
    lines = (
        ClaimLine.objects.filter(council=council)
        .order_by()
        .values_list("family_id", "payment_type", "amount", "status", "decided_at", "claim__prepared_at")
    )
    return _weigh_lines(lines)


def load_council_records(council: Council) -> CouncilRecords:
    """Everything the rules need for every family of a council (a claim, its preview, the progress return), in a
    fixed number of queries. One family's page reads its own: `load_family_records`."""
    families = [
        FamilyRow._make(row)
        for row in Family.objects.filter(council=council).order_by("reference").values_list(*FAMILY_FIELDS)
    ]
    records = {f.pk: FamilyRecords(family=f) for f in families}
    people = (
        Person.objects.filter(family__council=council)
        .order_by("family_id", "reference")
        .values_list("id", "family_id", "reference", "role", "date_of_birth")
    )
    for row in people:
        records[row[1]].people.append(PersonRow(*row))
    family_of = {p.pk: fid for fid, r in records.items() for p in r.people}
    for kind in RECORD_KINDS:
        for row in kind.load_rows(person__family__council=council):
            getattr(records[family_of[row.person_id]], kind.loaded_as).append(row)
    claimed, rejected = _claims_of(council)
    for family_id, record in records.items():
        record.claimed = dict(claimed.get(family_id, {}))
        record.rejected = dict(rejected.get(family_id, {}))
    return CouncilRecords(council, families, records, claimed, list(PaymentSchedule.objects.all()), rejected)


# --- one family, for its page -------------------------------------------------------------------------------------
# A family's page judges it as a claim would, its place in the council's funded number included, without reading
# the council's other families: the database counts the families ahead of it in the queue.


class QueuePlace(NamedTuple):
    """Where a family stands in the queue for its council's funded number of attachment fees
    (funding.results.attachment_refusals is the rule)."""

    places_left: int  # the funded number less the fees the council's families hold (lines not rejected)
    ahead: int  # the families before this one that could be paid a fee, counted up to `places_left` at most


@dataclass
class OneFamilyRecords:
    records: FamilyRecords
    schedules: list[PaymentSchedule]
    place: QueuePlace | None  # None: no funded number, or the family stands in no queue on the date


def load_family_records(family: Family, as_of: date, people: list[Person] | None = None) -> OneFamilyRecords:
    """Everything the rules need for one family on a date, in a fixed number of queries whatever the size of its
    council. `people`, when given, are the family's people with their records prefetched (the family page has
    them): their records are read from them, without a query."""
    if people is None:
        people = list(Person.objects.filter(family=family).prefetch_related(*related_names()))
    records = family_records_of(family, people)
    records.claimed, records.rejected, held = _lines_of(family)
    schedules = list(PaymentSchedule.objects.all())
    return OneFamilyRecords(records, schedules, _queue_place(family, as_of, schedules, held))


def family_records_of(family: Family, people: list[Person]) -> FamilyRecords:
    """A family's records from its people loaded with their records prefetched (no query), in the loader's order:
    people by reference, each kind's rows by date."""
    people_rows, rows = rows_from_people(people, RECORD_KINDS)
    return FamilyRecords(family=family, people=people_rows, **rows)


def _lines_of(family: Family) -> tuple[dict[str, int], dict[str, Rejection], set[int]]:
    """The family's lines (what counts, and its rejections standing), and the other families of its council whose
    attachment fee was rejected and is held back (the records unchanged since): they wait for no place. One
    query, and the history's when a rejection is to be weighed."""
    lines = (
        ClaimLine.objects.filter(council_id=family.council_id)
        .filter(Q(family_id=family.pk) | Q(payment_type=PaymentType.ATTACHMENT, status=ClaimLine.Status.REJECTED))
        .order_by()
        .values_list("family_id", "payment_type", "amount", "status", "decided_at", "claim__prepared_at")
    )
    claimed, rejected = _weigh_lines(lines)
    held = {
        family_id
        for family_id, rejections in rejected.items()
        if family_id != family.pk and PaymentType.ATTACHMENT in rejections and rejections[PaymentType.ATTACHMENT].holds
    }
    return claimed.get(family.pk, {}), rejected.get(family.pk, {}), held


def _weigh_lines(lines) -> tuple[dict[int, dict[str, int]], dict[int, dict[str, Rejection]]]:
    """What counts of lines (proposed or accepted), and the latest rejection of each payment type not counted,
    with whether the family's records changed since: for a council's lines (`_claims_of`) or one family's."""
    claimed: dict[int, dict[str, int]] = defaultdict(dict)
    rejected_at: dict[tuple[int, str], datetime] = {}
    for family_id, payment_type, amount, status, decided_at, prepared_at in lines:
        if status in ClaimLine.COUNTING:
            claimed[family_id][payment_type] = amount
        elif status == ClaimLine.Status.REJECTED:
            at = decided_at or prepared_at  # a line written without the workflow falls back to its claim's time
            key = (family_id, payment_type)
            if key not in rejected_at or at > rejected_at[key]:
                rejected_at[key] = at
    rejections: dict[int, dict[str, Rejection]] = defaultdict(dict)
    pending = {key: at for key, at in rejected_at.items() if key[1] not in claimed.get(key[0], {})}
    if pending:
        changed = records_changed_at({family_id for family_id, _ in pending})
        for (family_id, payment_type), at in pending.items():
            rejections[family_id][payment_type] = Rejection(at, family_id in changed and changed[family_id] > at)
    return dict(claimed), dict(rejections)


def _queue_place(family: Family, as_of: date, schedules: list[PaymentSchedule], held: set[int]) -> QueuePlace | None:
    """Two queries: the fees held, then the families ahead, up to the places left (none to count when none is)."""
    funded = family.council.funded_families
    in_queue = Family.troubled_by(family.criteria_met) and family.attached_on and family.attached_on <= as_of
    if funded is None or not in_queue:
        return None
    places_left = max(0, funded - _fees_held(family.council_id).distinct().count())
    if not places_left:
        return QueuePlace(0, 0)
    ahead = families_ahead(family, as_of, schedules, held)
    return QueuePlace(places_left, ahead.values("pk")[:places_left].count())


def families_ahead(family: Family, as_of: date, schedules: list[PaymentSchedule], held: set[int]) -> models.QuerySet:
    """The families before this one in its council's queue for the funded number (attached earlier, a tie broken
    by reference) that could be paid the fee on the date: funding.results.could_be_paid_fee, said in SQL.
    `held`: the families whose fee was rejected and is held back."""
    of_family = (
        ClaimLine.objects.filter(family=OuterRef("pk"), status__in=ClaimLine.COUNTING).order_by().values("family")
    )
    claimed = Coalesce(Subquery(of_family.annotate(total=Sum("amount")).values("total")), 0)

    def of_schedule(name: str) -> Case:
        # The first schedule covering the attachment, as funding.results.schedule_for finds it; none pays nothing.
        covering = [When(attached_on__range=(s.starts_on, s.ends_on), then=Value(getattr(s, name))) for s in schedules]
        return Case(*covering, default=Value(0))

    before = Q(attached_on__lt=family.attached_on) | Q(attached_on=family.attached_on, reference__lt=family.reference)
    return (
        Family.objects.filter(council_id=family.council_id, attached_on__lte=as_of)
        .filter(before)
        .troubled()
        .exclude(pk__in=_fees_held(family.council_id))
        .exclude(pk__in=held)
        .alias(room=Least(of_schedule("attachment"), of_schedule("cap") - claimed))
        .filter(room__gt=0)
        .order_by()
    )


def _fees_held(council_id: int) -> models.QuerySet:
    """The families of a council holding an attachment fee: a line not rejected."""
    fees = ClaimLine.objects.filter(council_id=council_id, payment_type=PaymentType.ATTACHMENT)
    return fees.filter(status__in=ClaimLine.COUNTING).order_by().values("family_id")
