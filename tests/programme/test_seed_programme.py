from io import StringIO

from django.core.management import call_command

from councils.models import Council
from funding.models import Grant, PaymentSchedule
from programme.models import Membership, Pilot, PoolingArea


def _history_rows() -> int:
    return sum(m.history.count() for m in (Council, Pilot, Membership, PoolingArea, PaymentSchedule, Grant))


def test_it_loads_the_real_roster(seeded):
    assert Council.objects.count() == 152
    first = Pilot.objects.filter(phase="first")
    assert first.count() == 16
    assert Council.objects.filter(pilots__in=first).distinct().count() == 28
    assert Pilot.objects.filter(strand="whole_place").count() == 4
    assert Pilot.objects.filter(strand="neighbourhood").count() == 10
    assert PoolingArea.objects.count() == 34
    assert PoolingArea.objects.filter(council__isnull=True).count() == 4  # groupings with no single code
    assert PaymentSchedule.objects.get(financial_year="2012/13").attachment == 3200
    assert Grant.objects.count() == 3


def test_every_pilot_has_exactly_one_lead(seeded):
    for pilot in Pilot.objects.all():
        assert pilot.memberships.filter(is_lead=True).count() == 1, pilot.name


def test_greater_manchester_has_ten_councils_and_newcastle_three_wards(seeded):
    gm = Pilot.objects.get(slug="greater-manchester")
    assert gm.memberships.count() == 10
    assert gm.lead_council.gss_code == "E08000003"
    newcastle = Pilot.objects.get(name__startswith="Newcastle")
    assert list(newcastle.localities.values_list("name", flat=True)) == ["Cowgate", "Kenton Bar", "Montagu"]


def test_the_same_area_in_both_phases_gets_distinct_addresses(seeded):
    assert Pilot.objects.get(slug="essex").phase == "first"
    assert Pilot.objects.get(slug="essex-whole-place").strand == "whole_place"


def test_unpublished_estimates_stay_blank(seeded):
    assert Council.objects.filter(troubled_families_estimate__isnull=False).count() == 52
    assert Council.objects.get(gss_code="E06000001").funded_families == 242  # Hartlepool


def test_a_second_run_changes_nothing(seeded):
    before = _history_rows()
    out = StringIO()
    call_command("seed_programme", stdout=out)
    assert _history_rows() == before
    assert "councils: 0 created, 0 updated, 152 unchanged" in out.getvalue()


def test_it_never_overwrites_what_an_admin_typed(seeded):
    council = Council.objects.get(gss_code="E09000002")  # estimate not public
    council.troubled_families_estimate = 555
    council.save()
    pilot = Pilot.objects.get(slug="kent")
    pilot.whitehall_champion = "A. Champion"
    pilot.save()
    call_command("seed_programme", stdout=StringIO())
    assert Council.objects.get(gss_code="E09000002").troubled_families_estimate == 555
    assert Pilot.objects.get(slug="kent").whitehall_champion == "A. Champion"


def test_it_restores_the_quarters_and_the_budget_a_flushed_database_lost(seeded):
    from funding.models import ProgrammeBudget
    from programme.models import ReportingQuarter

    ReportingQuarter.objects.all().delete()
    ProgrammeBudget.objects.all().delete()
    call_command("seed_programme", stdout=StringIO())
    assert ReportingQuarter.objects.count() == 16
    quarter = ReportingQuarter.objects.get(label="2012/13 Q4")
    assert (quarter.starts_on.isoformat(), quarter.ends_on.isoformat(), quarter.due_on.isoformat()) == (
        "2013-01-01",
        "2013-03-31",
        "2013-04-30",
    )
    assert ProgrammeBudget.objects.get().total == 448_000_000
