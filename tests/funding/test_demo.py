import datetime as dt
import io

from django.core.management import call_command

from councils import demo as councils_demo
from funding import demo
from funding.models import Claim, ClaimWindow
from tests.factories.families import FamilyFactory, PersonFactory, ReferralFactory


def test_it_does_nothing_harmful_without_families(seeded):
    councils_demo.seed(io.StringIO())
    out = io.StringIO()
    demo.seed(out)
    assert "no families yet" in out.getvalue()
    assert not Claim.objects.exists()
    assert ClaimWindow.objects.count() == 1


def test_it_makes_claims_in_several_states_once(seeded):
    councils_demo.seed(io.StringIO())
    from councils.models import Council

    birmingham = Council.objects.get(gss_code="E08000025")
    for i in range(10):
        family = FamilyFactory(council=birmingham, reference=f"DEMO-{i}", attached_on=dt.date(2012, 6, 1 + i))
        ReferralFactory(person=PersonFactory(family=family), referred_on=dt.date(2013, 5, 1))
    demo.seed(io.StringIO())
    # 31 March 2013: the attachment fees, paid; 30 June 2013: the progress-to-work results, approved.
    assert {"approved", "paid"} <= set(Claim.objects.values_list("status", flat=True))
    made = Claim.objects.count()
    paid = Claim.objects.get(status="paid")
    assert paid.lines.filter(status="rejected").count() == 1
    demo.seed(io.StringIO())
    assert Claim.objects.count() == made
    approved = Claim.objects.get(status="approved")
    assert approved.approved_by.username == "central.senior"  # not the one who checked its sample
    assert approved.spot_checks.exclude(checked_by__username="central").count() == 0


def test_it_runs_inside_seed_demo(seeded, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    assert ClaimWindow.objects.exists()
