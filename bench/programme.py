"""Programme figures for `make bench`: each role's home, the national picture, the roster's lists and a pilot page
at national scale.

The national picture, its overview and each of its sections, must answer in under 250 ms (median server time) with
a query count that does not grow with the number of families; each role's home (its work queue) in under 50 ms.
Its outcomes against the baseline are read from the summary that the nightly `refresh_outcomes` works out; the
time that takes is measured here too, as its own line.
"""

from django.test import override_settings

from bench.funding import AS_OF, build_claims
from programme import actions, national
from programme.models import Measure, MeasureReading, Milestone, Partner, Pilot, Plan, ReportingQuarter

HOME_MS = 50  # a home is each role's list of work
NATIONAL_MS = 250
SECTIONS = ["families", "money", "outcomes", "community-budgets"]


def _plan_for(pilot: Pilot, approver) -> None:
    """A plan of realistic size for the measured pilot page, published once (idempotent)."""
    plan = Plan.objects.for_pilot(pilot)
    if plan.versions.exists():
        return
    plan.partnership = "The council with the police, the NHS trust, Jobcentre Plus and the voluntary sector."
    plan.approach_to_families = "One key worker per family, with a single plan agreed by every agency."
    plan.save()
    for i in range(12):
        Partner.objects.get_or_create(plan=plan, agency=f"Partner agency {i + 1}", defaults={"role": "Pools staff"})
    quarters = list(ReportingQuarter.objects.order_by("starts_on"))
    for i in range(20):
        Milestone.objects.get_or_create(
            plan=plan,
            title=f"Milestone {i + 1}",
            defaults={"owner": "Programme manager", "due_on": quarters[i % len(quarters)].ends_on},
        )
    for i in range(6):
        measure, _ = Measure.objects.get_or_create(
            plan=plan,
            name=f"Success measure {i + 1}",
            defaults={"unit": "families", "baseline": 100, "target": 40, "target_on": quarters[-1].ends_on},
        )
        for q in quarters[:8]:
            MeasureReading.objects.get_or_create(measure=measure, read_on=q.ends_on, defaults={"value": 90 - i})
    for i in range(8):
        actions.raise_ask(approver, pilot, department="dwp", request=f"Ask {i + 1} of Whitehall")
    actions.publish_plan(approver, pilot, note="Benchmark plan")


def measure(bench) -> None:
    with override_settings(PROGRAMME_DATE=AS_OF):  # the programme's last day, as bench.funding measures
        _measure(bench)


def _measure(bench) -> None:
    users = bench.users
    build_claims(bench)  # made by bench.funding; here too when the programme is measured alone
    on = national.default_as_of()
    bench.timed("programme: outcomes summary refresh (nightly job)", lambda: actions.refresh_outcomes(None, on), 1)

    for role in ("officer", "approver", "central", "admin"):
        bench.page(f"programme: home, the {role}'s work queue", "/", users[role], target_ms=HOME_MS)

    central = users["central"]
    bench.page("programme: national picture (central)", "/national/", central, target_ms=NATIONAL_MS)
    bench.page("programme: national picture, one region", "/national/?region=London", central, target_ms=NATIONAL_MS)
    for section in SECTIONS:
        bench.page(f"programme: national picture, {section}", f"/national/{section}/", central, target_ms=NATIONAL_MS)
    bench.page(
        "programme: national picture, outcomes, one region",
        "/national/outcomes/?region=London",
        central,
        target_ms=NATIONAL_MS,
    )
    bench.page("programme: national picture CSV (councils)", "/national/?_export=csv&table=councils", central)
    bench.page("roster: council list (all 152, sorted by name)", "/councils/?sort=name", users["central"])
    bench.page("roster: council list, filtered (a region)", "/councils/?region=London", users["central"])
    bench.page("roster: council list CSV", "/councils/?_export=csv", users["central"])
    bench.page("roster: pilot list", "/pilots/", users["central"])
    bench.page("roster: council page (largest council)", bench.council.get_absolute_url(), users["central"])

    pilot = Pilot.objects.of_council(bench.council).order_by("phase", "name").first()
    if pilot is None:
        bench.record("programme: pilot page", skipped=f"{bench.council} is in no pilot")
        return
    _plan_for(pilot, users["approver"])
    bench.page("programme: pilot page (member council)", pilot.get_absolute_url(), users["officer"])
    bench.page("programme: pilot page (central)", pilot.get_absolute_url(), users["central"])
    bench.page("programme: pilot page (published plan, admin)", pilot.get_absolute_url(), users["admin"])
