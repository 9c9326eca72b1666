import datetime as dt

import factory

from programme.models import (
    Ask,
    Contribution,
    Measure,
    Membership,
    Milestone,
    Partner,
    Pilot,
    Plan,
    ProgressReturn,
    ReportingQuarter,
)
from tests.factories.councils import CouncilFactory, UserFactory


class PilotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pilot

    name = factory.Sequence(lambda n: f"Pilot {n}")
    slug = factory.Sequence(lambda n: f"pilot-{n}")
    phase = Pilot.Phase.FIRST
    strand = Pilot.Strand.FAMILIES
    status = Pilot.Status.LIVE


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    pilot = factory.SubFactory(PilotFactory)
    council = factory.SubFactory(CouncilFactory)
    is_lead = False


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan
        django_get_or_create = ["pilot"]

    pilot = factory.SubFactory(PilotFactory)
    partnership = "The council, the police and Jobcentre Plus."
    approach_to_families = "One key worker per family."


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    plan = factory.SubFactory(PlanFactory)
    agency = factory.Sequence(lambda n: f"Agency {n}")
    role = "Pools staff"


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    plan = factory.SubFactory(PlanFactory)
    agency = factory.Sequence(lambda n: f"Agency {n}")
    kind = Contribution.Kind.POOLED
    financial_year = "2011/12"
    amount = 100_000


class AskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ask

    plan = factory.SubFactory(PlanFactory)
    department = "dwp"
    request = factory.Sequence(lambda n: f"Share benefit data with key workers ({n})")
    reason = "Key workers cannot see who is on out-of-work benefits."
    raised_on = dt.date(2011, 6, 1)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    owner = "Programme manager"
    due_on = dt.date(2011, 9, 30)
    status = Milestone.Status.NOT_STARTED


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Measure {n}")
    unit = "families"
    baseline = 100
    target = 40
    target_on = dt.date(2013, 3, 31)


def quarter(label: str) -> ReportingQuarter:
    return ReportingQuarter.objects.get(label=label)


class ProgressReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReturn

    pilot = factory.SubFactory(PilotFactory)
    quarter = factory.LazyFunction(lambda: quarter("2011/12 Q1"))
    rag = ProgressReturn.Rag.AMBER
    narrative = "Steady progress."
    submitted_at = factory.LazyAttribute(lambda o: dt.datetime.combine(o.quarter.due_on, dt.time(12), tzinfo=dt.UTC))
    submitted_by = factory.SubFactory(UserFactory, role="approver")
