import datetime as dt

import factory

from councils.models import User
from funding.models import Claim, ClaimLine, ClaimWindow, PaymentType
from tests.factories.councils import CouncilFactory, UserFactory
from tests.factories.families import FamilyFactory


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    council = factory.SubFactory(CouncilFactory)
    results_on = dt.date(2013, 3, 31)
    prepared_by = factory.SubFactory(UserFactory, role=User.Role.OFFICER, council=factory.SelfAttribute("..council"))


class ClaimLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimLine

    claim = factory.SubFactory(ClaimFactory)
    council = factory.SelfAttribute("claim.council")
    family = factory.SubFactory(FamilyFactory, council=factory.SelfAttribute("..claim.council"))
    payment_type = PaymentType.ATTACHMENT
    amount = 3200
    financial_year = "2012/13"
    reason = "Attached on 1 June 2012."


class ClaimWindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimWindow

    opens_on = dt.date(2013, 4, 1)
    closes_on = dt.date(2013, 4, 30)
    opened_by = factory.SubFactory(UserFactory, role=User.Role.CENTRAL, council=None)
