import factory

from programme.models import Membership, Pilot
from tests.factories.councils import CouncilFactory


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
