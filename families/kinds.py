"""The kinds of record a family's people have, each said once: what the forms and the family page, the case file,
the timeline and the change history, and the loaders of the rules know of it.

A kind is its model (families/models.py), its form (families/forms.py) and one entry here:

- `slug`: its address on the family page (`/families/7/school-terms/add/`);
- `sheet` and `columns`: its sheet in the case file and that sheet's columns after `family_reference` and
  `person_reference`, in the contract's order (CASE_FILE.md); each column fills the model field of its name;
- `noun`: what an officer adds or removes ("Add a school term"), and what the change history calls one ("school
  term of Person 2 (child)") unless `history_noun` says otherwise;
- `form`: the form officers fill in, by its dotted path (the forms read this module);
- `role`: who in the household a record may be about (None: anyone), checked by the import and the forms;
- `future_allowed`: the date columns that may be after today (every other date is today or in the past);
- `order`: two dates that must come in order (the model's own constraint), said as the import's problem;
- `date_field` and `event`: where a record stands on the family's timeline, and what the timeline says of it;
- `recent`: which records show that work with the family goes on (a family without any is "stale");
- `loaded_as`: what a family's rows of the kind are called once loaded for the rules (`records.terms`); each row is
  a `row`, a plain tuple of `person_id` and the columns' fields.

Adding a kind is its model, its form and one entry in RECORD_KINDS: the case file (its template, the import and
its checks), the family page, the timeline, the history and the results loader then know it. The rules that judge
it are written where the rules are (funding/rules.py, families/evidence.py).
"""

from collections import namedtuple
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.db import models
from django.db.models import Q
from django.utils.module_loading import import_string

from councils.calendar import age_on
from councils.formats import count, long_date
from families.cells import (
    FAMILY_REF,
    PERSON_REF,
    SMALL_NUMBER_MAX,
    Column,
    a_date,
    one_of,
    percentage,
    text,
    whole_number,
    yes_no,
)
from families.models import Employment, Family, Incident, Person, SchoolTerm, WorkProgrammeReferral


@dataclass(frozen=True, kw_only=True)
class Kind:
    """Something a family holds many of, each about one household member (or, for people, the members)."""

    slug: str
    sheet: str
    model: type[models.Model]
    columns: list[Column]
    noun: str
    form: str
    history_noun: str = ""  # when the history says it otherwise than the forms
    fields: tuple[str, ...] = field(init=False)  # the model's fields the sheet fills, in column order

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", tuple(column.name for column in self.columns))
        object.__setattr__(self, "history_noun", self.history_noun or self.noun)

    @property
    def sheet_columns(self) -> list[Column]:
        """Every column of the kind's sheet, in order: the two references, then the kind's own."""
        return [FAMILY_REF, PERSON_REF, *self.columns]

    @property
    def a_noun(self) -> str:
        return ("an " if self.noun[0] in "aeiou" else "a ") + self.noun

    @property
    def form_class(self) -> type:
        return import_string(self.form)

    def of_family(self, family: Family) -> models.QuerySet:
        if self.model is Person:
            return Person.objects.filter(family=family)
        return self.model.objects.filter(person__family=family).select_related("person")


@dataclass(frozen=True, kw_only=True)
class RecordKind(Kind):
    """A kind of dated record about one household member, that results are judged on."""

    role: str | None
    date_field: str
    event: Callable[[models.Model, str], tuple[str, str]]  # (record, who it is about) -> (title, detail)
    loaded_as: str
    future_allowed: tuple[str, ...] = ()
    order: tuple[str, str, bool] | None = None  # (later, earlier, strictly after)
    # A record that shows the family's results can be judged, between two dates (after `since`, by `on`); when
    # not given, one whose `date_field` is between them (Family.objects.stale_on).
    recent: Callable[[date, date], Q] | None = None
    row: type = field(init=False)
    past_dates: tuple[str, ...] = field(init=False)  # the date columns that may not be after today
    dates: tuple[str, ...] = field(init=False)  # every date column (Family.latest_record_on is the latest of them)

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "row", namedtuple(f"{self.model.__name__}Row", ["person_id", *self.fields]))
        dates = tuple(c.name for c in self.columns if c.parse is a_date and c.name not in self.future_allowed)
        object.__setattr__(self, "past_dates", dates)
        object.__setattr__(self, "dates", tuple(c.name for c in self.columns if c.parse is a_date))

    @property
    def related_name(self) -> str:
        """The person's records of this kind: `person.school_terms`."""
        return self.model._meta.get_field("person").remote_field.related_name

    def recent_in(self, since: date, on: date) -> Q:
        if self.recent:
            return self.recent(since, on)
        return Q(**{f"{self.date_field}__gt": since, f"{self.date_field}__lte": on})

    def row_of(self, record: models.Model) -> tuple:
        """A record already loaded, as the rules read it."""
        return self.row(record.person_id, *(getattr(record, name) for name in self.fields))

    def load_rows(self, **scope) -> Iterator[tuple]:
        """The records in `scope` (filters on the model), as rows in date order: one query."""
        rows = self.model.objects.filter(**scope).order_by(self.date_field).values_list("person_id", *self.fields)
        return map(self.row._make, rows)


# --- what the timeline says of each kind's records --------------------------------------------------------------


def _term_event(term: SchoolTerm, who: str) -> tuple[str, str]:
    detail = (
        f"{who}: to {long_date(term.term_end)}, {term.unauthorised_absence_pct.normalize():f}% "
        f"unauthorised absence, {count(term.fixed_exclusions, 'fixed-term exclusion')}"
    )
    if term.permanently_excluded:
        detail += ", permanently excluded"
    return "School term", detail


def _incident_event(incident: Incident, who: str) -> tuple[str, str]:
    return incident.get_kind_display(), who


def _job_event(job: Employment, who: str) -> tuple[str, str]:
    until = f", until {long_date(job.ended_on)}" if job.ended_on else ", still in work"
    return "Started work", f"{who}, after {job.get_benefit_display()}{until}"


def _referral_event(referral: WorkProgrammeReferral, who: str) -> tuple[str, str]:
    return f"Referred to {referral.get_provision_display()}", who


# --- the kinds --------------------------------------------------------------------------------------------------

PEOPLE = Kind(
    slug="people",
    sheet="people",
    model=Person,
    columns=[
        Column("role", True, one_of(*Person.Role.values)),
        Column("date_of_birth", True, a_date),
        Column("name", False, text(200), ""),
    ],
    noun="household member",
    form="families.forms.PersonForm",
)

# In the order of the case file's sheets (CASE_FILE.md), which is also the order of the family page's links.
RECORD_KINDS: list[RecordKind] = [
    RecordKind(
        slug="school-terms",
        sheet="school_terms",
        model=SchoolTerm,
        columns=[
            Column("term_start", True, a_date),
            Column("term_end", True, a_date),
            Column("unauthorised_absence_pct", True, percentage),
            Column("fixed_exclusions", True, whole_number(SMALL_NUMBER_MAX)),
            Column("permanently_excluded", False, yes_no, False),
        ],
        noun="school term",
        form="families.forms.SchoolTermForm",
        role=Person.Role.CHILD,
        # A term in progress ends in the future; results only read terms that have ended.
        future_allowed=("term_end",),
        order=("term_end", "term_start", True),
        recent=lambda since, on: Q(term_end__gt=since, term_start__lte=on),  # ended since, or in progress
        date_field="term_start",
        event=_term_event,
        loaded_as="terms",
    ),
    RecordKind(
        slug="incidents",
        sheet="incidents",
        model=Incident,
        columns=[Column("kind", True, one_of(*Incident.Kind.values)), Column("occurred_on", True, a_date)],
        noun="offence or anti-social behaviour",
        history_noun="incident",
        form="families.forms.IncidentForm",
        role=None,
        date_field="occurred_on",
        event=_incident_event,
        loaded_as="incidents",
    ),
    RecordKind(
        slug="employment",
        sheet="employment",
        model=Employment,
        columns=[
            Column("benefit", True, one_of(*Employment.Benefit.values)),
            Column("started_on", True, a_date),
            Column("ended_on", False, a_date),
        ],
        noun="move into work",
        history_noun="employment",
        form="families.forms.EmploymentForm",
        role=Person.Role.ADULT,
        order=("ended_on", "started_on", False),
        recent=lambda since, on: Q(started_on__gt=since, started_on__lte=on) | Q(ended_on__gt=since, ended_on__lte=on),
        date_field="started_on",
        event=_job_event,
        loaded_as="employments",
    ),
    RecordKind(
        slug="work-programme",
        sheet="work_programme",
        model=WorkProgrammeReferral,
        columns=[
            Column("provision", True, one_of(*WorkProgrammeReferral.Provision.values)),
            Column("referred_on", True, a_date),
        ],
        noun="work-programme referral",
        form="families.forms.ReferralForm",
        role=Person.Role.ADULT,
        date_field="referred_on",
        event=_referral_event,
        loaded_as="referrals",
    ),
]

# The family page's kinds, by the slug in its addresses: its people, then each kind of record.
KINDS: dict[str, Kind] = {kind.slug: kind for kind in [PEOPLE, *RECORD_KINDS]}
_BY_MODEL: dict[type, Kind] = {kind.model: kind for kind in KINDS.values()}


def kind_of(model: type[models.Model]) -> Kind:
    return _BY_MODEL[model]


def related_names() -> list[str]:
    """A person's records of every kind, for `prefetch_related`."""
    return [kind.related_name for kind in RECORD_KINDS]


# The rows the rules read (funding/rules.py, families/evidence.py), by name.
TermRow = kind_of(SchoolTerm).row
IncidentRow = kind_of(Incident).row
EmploymentRow = kind_of(Employment).row
ReferralRow = kind_of(WorkProgrammeReferral).row


class PersonRow(NamedTuple):
    """A household member as the rules read them (funding/rules.py, families/evidence.py)."""

    pk: int
    family_id: int
    reference: str
    role: str
    date_of_birth: date

    def age_on(self, on: date) -> int:
        return age_on(self.date_of_birth, on)


def rows_from_people(people: Iterable[Person], kinds: list[RecordKind]) -> tuple[list[PersonRow], dict[str, list]]:
    """People loaded with their records prefetched (the family page has them), as the rules read them, with no
    query: the people in reference order, and each kind's rows in date order by its `loaded_as`."""
    people = sorted(people, key=lambda person: person.reference)
    rows = {}
    for kind in kinds:
        of_kind = [kind.row_of(record) for person in people for record in getattr(person, kind.related_name).all()]
        rows[kind.loaded_as] = sorted(of_kind, key=lambda row, name=kind.date_field: getattr(row, name))
    return [PersonRow(p.pk, p.family_id, p.reference, p.role, p.date_of_birth) for p in people], rows
