import datetime as dt

import factory

from families.models import Employment, Family, Incident, Person, SchoolTerm, WorkProgrammeReferral
from tests.factories.councils import CouncilFactory


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    council = factory.SubFactory(CouncilFactory)
    reference = factory.Sequence(lambda n: f"TF-{n:05d}")
    identified_on = dt.date(2012, 5, 1)
    crime_asb = True
    education = True
    work = True
    attached_on = dt.date(2012, 6, 1)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    family = factory.SubFactory(FamilyFactory)
    reference = factory.Sequence(lambda n: f"P{n}")
    role = Person.Role.ADULT
    date_of_birth = dt.date(1980, 1, 15)
    name = factory.Sequence(lambda n: f"Person Name {n}")


class ChildFactory(PersonFactory):
    role = Person.Role.CHILD
    date_of_birth = dt.date(2000, 9, 1)


class RecordFactory(factory.django.DjangoModelFactory):
    """A record, and its family's latest record date stored afresh, as every change to records does."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        record = super()._create(model_class, *args, **kwargs)
        Family.objects.filter(pk=record.person.family_id).refresh_latest_record_on()
        return record


class SchoolTermFactory(RecordFactory):
    class Meta:
        model = SchoolTerm

    person = factory.SubFactory(ChildFactory)
    term_start = dt.date(2012, 9, 3)
    term_end = dt.date(2012, 12, 20)
    unauthorised_absence_pct = 5
    fixed_exclusions = 0
    permanently_excluded = False


class IncidentFactory(RecordFactory):
    class Meta:
        model = Incident

    person = factory.SubFactory(PersonFactory)
    kind = Incident.Kind.ASB
    occurred_on = dt.date(2012, 3, 1)


class EmploymentFactory(RecordFactory):
    class Meta:
        model = Employment

    person = factory.SubFactory(PersonFactory)
    benefit = Employment.Benefit.JSA
    started_on = dt.date(2012, 9, 1)
    ended_on = None


class ReferralFactory(RecordFactory):
    class Meta:
        model = WorkProgrammeReferral

    person = factory.SubFactory(PersonFactory)
    provision = WorkProgrammeReferral.Provision.WORK_PROGRAMME
    referred_on = dt.date(2012, 8, 1)
