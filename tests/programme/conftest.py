import datetime as dt

import pytest

from tests.factories.programme import (
    AskFactory,
    ContributionFactory,
    MeasureFactory,
    MembershipFactory,
    MilestoneFactory,
    PartnerFactory,
    PilotFactory,
    PlanFactory,
)


@pytest.fixture
def pilot(council):
    """Birmingham's first-phase pilot: alice and amir's council is its lead member."""
    pilot = PilotFactory(name="Birmingham", slug="birmingham", started_on=dt.date(2011, 4, 1))
    MembershipFactory(pilot=pilot, council=council, is_lead=True)
    return pilot


@pytest.fixture
def plan(pilot):
    plan = PlanFactory(pilot=pilot, partnership="Birmingham City Council with West Midlands Police.")
    PartnerFactory(plan=plan, agency="West Midlands Police", role="Seconds officers")
    ContributionFactory(plan=plan, agency="Birmingham City Council", amount=2_000_000)
    ContributionFactory(plan=plan, agency="NHS Birmingham", kind="aligned", amount=500_000)
    AskFactory(plan=plan, request="Let key workers see benefit records")
    MilestoneFactory(plan=plan, title="Key workers recruited", due_on=dt.date(2011, 9, 30))
    MeasureFactory(plan=plan, name="Families in crisis", baseline=100, target=40)
    return plan
