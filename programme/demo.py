"""Demo plans, asks, milestones and quarterly returns for a handful of pilots, for `seed_demo`. Idempotent.

From the seed documents: Islington pools more than £6m from seven partners (the council, the NHS trust,
Jobcentre Plus, probation, police, housing and the voluntary sector); Cheshire West and Chester has five outcome
themes, "best start in life" holding four projects (troubled families, early help and prevention, youth support,
children's centre redesign) and plans to pool £3bn-£4bn from 150 services; Newcastle's Cowgate, Kenton Bar and
Montagu wards are steered by ward committees. The split of money between partners, Cheshire West's other four
theme names, the asks, milestones, measures and returns are made up for the demo.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from councils.demo import DEMO_PASSWORD
from councils.models import Council, User
from programme import actions, national
from programme.models import (
    Ask,
    Contribution,
    Measure,
    Milestone,
    OutcomeTheme,
    Partner,
    Pilot,
    Plan,
    ProgressReturn,
    Project,
    ReportingQuarter,
)

# Approvers for the demo pilots outside Birmingham (Birmingham's `approver` comes from councils.demo).
PILOT_APPROVERS = {
    "islington": ("approver.islington", "E09000019", "Grace", "Okafor"),
    "cheshire-west-and-chester": ("approver.cheshirewest", "E06000050", "Tom", "Hughes"),
    "newcastle-cowgate-kenton-bar-and-montagu": ("approver.newcastle", "E08000021", "Fiona", "Robson"),
}

PLANS = {
    "birmingham": {
        "partnership": "Birmingham City Council with West Midlands Police, Birmingham Community Healthcare NHS Trust, "
        "Jobcentre Plus and the voluntary sector, under the city's Be Healthy board.",
        "approach": "One key worker for each family, with a single plan agreed by every agency working with it.",
        "partners": [("West Midlands Police", "Seconds officers to the family teams"), ("Jobcentre Plus", "Advisers")],
        "contributions": [
            ("Birmingham City Council", "pooled", "2011/12", 2_400_000),
            ("West Midlands Police", "aligned", "2011/12", 600_000),
        ],
        "milestones": [
            ("Family teams recruited", "Head of family support", dt.date(2011, 6, 30), "done"),
            ("Shared case records live", "Head of ICT", dt.date(2011, 12, 31), "in_progress"),
            ("Cost-benefit model agreed", "Director of finance", dt.date(2012, 3, 31), "not_started"),
        ],
        "measures": [("Families with a key worker", "families", 0, 450, dt.date(2013, 3, 31))],
    },
    "islington": {
        "partnership": "Islington Council, the NHS trust, Jobcentre Plus, probation, police, housing and voluntary "
        "sector groups pool staff and more than £6m of resources.",
        "approach": "Families First: one lead professional coordinating every service a family sees.",
        "partners": [
            ("Islington Council", "Lead partner; hosts the family teams"),
            ("NHS Islington", "Health visitors and mental health workers"),
            ("Jobcentre Plus", "Employment advisers in the teams"),
            ("London Probation Trust", "Offender managers"),
            ("Metropolitan Police", "Neighbourhood officers"),
            ("Homes for Islington", "Housing officers"),
            ("Voluntary sector", "Family mentors"),
        ],
        "contributions": [
            ("Islington Council", "pooled", "2011/12", 2_600_000),
            ("NHS Islington", "pooled", "2011/12", 1_100_000),
            ("Jobcentre Plus", "pooled", "2011/12", 600_000),
            ("London Probation Trust", "pooled", "2011/12", 450_000),
            ("Metropolitan Police", "pooled", "2011/12", 650_000),
            ("Homes for Islington", "pooled", "2011/12", 500_000),
            ("Voluntary sector", "pooled", "2011/12", 250_000),
        ],
        "milestones": [
            ("Pooled budget agreement signed", "Chief executive", dt.date(2011, 5, 31), "done"),
            ("Families First teams in every locality", "Head of early help", dt.date(2011, 10, 31), "in_progress"),
        ],
        "measures": [("Children missing school", "%", 18, 10, dt.date(2013, 3, 31))],
    },
    "cheshire-west-and-chester": {
        "partnership": "Cheshire West and Chester Council and its public-service partners: 150 local services whose "
        "£3bn-£4bn would be funded from one local budget from 2013.",
        "approach": "Troubled families is one of the four projects of the best start in life theme.",
        "partners": [("Cheshire Constabulary", "Community safety"), ("Western Cheshire PCT", "Health")],
        "contributions": [
            ("Cheshire West and Chester Council", "aligned", "2012/13", 2_000_000_000),
            ("Public-service partners", "aligned", "2012/13", 1_500_000_000),
        ],
        "themes": [
            (
                "Best start in life",
                ["Troubled families", "Early help and prevention", "Youth support", "Children's centre redesign"],
            ),
            ("Outcome theme 2 (demo name)", []),
            ("Outcome theme 3 (demo name)", []),
            ("Outcome theme 4 (demo name)", []),
            ("Outcome theme 5 (demo name)", []),
        ],
        "milestones": [("Business case submitted", "Interim head of strategy", dt.date(2012, 10, 31), "done")],
        "measures": [("Children's centres offering wider services", "centres", 0, 20, dt.date(2014, 3, 31))],
    },
    "newcastle-cowgate-kenton-bar-and-montagu": {
        "partnership": "Newcastle City Council with residents of the Cowgate, Kenton Bar and Montagu wards.",
        "steering_body": "The ward committees of Cowgate, Kenton Bar and Montagu",
        "approach": "Family support redesigned with residents; a social enterprise to run local services.",
        "partners": [("Ward committees", "Control the budget and choose the services")],
        "contributions": [("Newcastle City Council", "pooled", "2012/13", 350_000)],
        "milestones": [
            ("Social enterprise set up", "Senior area project manager", dt.date(2012, 12, 31), "in_progress")
        ],
        "measures": [("Residents taking part in ward budgeting", "residents", 40, 300, dt.date(2013, 12, 31))],
    },
}

ASKS = {
    "birmingham": [
        ("dwp", "Let key workers see which adults are on out-of-work benefits", "agreed", "Data shared monthly"),
        ("home_office", "Pool police and youth offending budgets for the family teams", "in_discussion", ""),
        ("dfe", "Count family support towards early intervention grant conditions", "raised", ""),
    ],
    "islington": [
        ("dwp", "Second Jobcentre Plus advisers into the teams full time", "agreed", "Agreed from September"),
        ("moj", "Let probation money follow the family", "declined", "Probation Trust budgets are ring-fenced"),
    ],
}

# Made up for the demo (marked so on the page): the real champions are not in the seed documents for every area.
CHAMPIONS = {
    "birmingham": "Director General, Department for Work and Pensions (demo)",
    "islington": "Director, Department for Education (demo)",
    "cheshire-west-and-chester": "Director General, Department for Communities and Local Government (demo)",
    "newcastle-cowgate-kenton-bar-and-montagu": "Deputy Director, Cabinet Office (demo)",
}

RETURNS = {
    # pilot: [(quarter, rag, days after the due date it arrived: negative is early)]
    "birmingham": [("2011/12 Q1", "amber", -5), ("2011/12 Q2", "green", 12), ("2011/12 Q3", "red", -1)],
    "islington": [("2011/12 Q1", "green", -10), ("2011/12 Q2", "amber", 30)],
}


def _approver(pilot: Pilot) -> User:
    if pilot.slug == "birmingham":
        return User.objects.get(username="approver")
    username, gss, first, last = PILOT_APPROVERS[pilot.slug]
    council = Council.objects.get(gss_code=gss)
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"role": User.Role.APPROVER, "council": council, "first_name": first, "last_name": last},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _fill_plan(plan: Plan, spec: dict) -> None:
    plan.partnership = plan.partnership or spec["partnership"]
    plan.approach_to_families = plan.approach_to_families or spec["approach"]
    plan.steering_body = plan.steering_body or spec.get("steering_body", "")
    plan.save()
    for agency, role in spec["partners"]:
        Partner.objects.get_or_create(plan=plan, agency=agency, defaults={"role": role})
    for agency, kind, year, amount in spec["contributions"]:
        Contribution.objects.get_or_create(
            plan=plan, agency=agency, kind=kind, financial_year=year, defaults={"amount": amount}
        )
    for name, projects in spec.get("themes", []):
        theme, _ = OutcomeTheme.objects.get_or_create(plan=plan, name=name)
        for project in projects:
            Project.objects.get_or_create(theme=theme, name=project)
    for title, owner, due_on, status in spec["milestones"]:
        Milestone.objects.get_or_create(
            plan=plan,
            title=title,
            defaults={
                "owner": owner,
                "due_on": due_on,
                "status": status,
                "completed_on": due_on if status == "done" else None,
            },
        )
    for name, unit, baseline, target, target_on in spec["measures"]:
        Measure.objects.get_or_create(
            plan=plan,
            name=name,
            defaults={"unit": unit, "baseline": baseline, "target": target, "target_on": target_on},
        )


def seed(stdout) -> None:
    central = User.objects.get(username="central")
    for slug, spec in PLANS.items():
        pilot = Pilot.objects.with_members().get(slug=slug)
        if not pilot.whitehall_champion and slug in CHAMPIONS:
            pilot.whitehall_champion = CHAMPIONS[slug]
            pilot.save(update_fields=["whitehall_champion"])
        approver = _approver(pilot)
        plan = Plan.objects.for_pilot(pilot)
        _fill_plan(plan, spec)
        for department, request, status, resolution in ASKS.get(slug, []):
            ask = Ask.objects.filter(plan=plan, request=request).first()
            if ask is None:
                ask = actions.raise_ask(approver, pilot, department=department, request=request, on=dt.date(2011, 5, 3))
            if ask.status == Ask.Status.RAISED and status != Ask.Status.RAISED:
                if status != Ask.Status.IN_DISCUSSION:
                    actions.move_ask(central, ask, Ask.Status.IN_DISCUSSION, comment="Taken up with the department")
                    ask.refresh_from_db()
                actions.move_ask(central, ask, status, comment="Discussed with the champion", resolution=resolution)
        if not plan.versions.exists():
            actions.publish_plan(approver, pilot, note="The plan as agreed by the partnership board")
        for label, rag, days_late in RETURNS.get(slug, []):
            quarter = ReportingQuarter.objects.get(label=label)
            if ProgressReturn.objects.filter(pilot=pilot, quarter=quarter).exists():
                continue
            measures = list(plan.measures.all())
            progress_return = actions.submit_return(
                approver,
                pilot,
                quarter,
                rag=rag,
                narrative=f"Progress in {label}: teams in place; the barriers raised with Whitehall are in the asks.",
                readings=[(m, m.baseline + (m.target - m.baseline) * Decimal("0.25")) for m in measures],
            )
            submitted = dt.datetime.combine(quarter.due_on + dt.timedelta(days=days_late), dt.time(10))
            ProgressReturn.objects.filter(pk=progress_return.pk).update(submitted_at=timezone.make_aware(submitted))
            if rag == "red":
                actions.review_return(central, progress_return, "Behind plan: what support do you need from us?")
        stdout.write(f"  plan of {pilot.name}: {plan.versions.count()} published version(s)")
    stdout.write("Demo pilot approvers: " + ", ".join(u for u, *_ in PILOT_APPROVERS.values()))
    summary = actions.refresh_outcomes(None, national.default_as_of())
    stdout.write(f"Outcomes against the baseline worked out as at {summary.as_of}")
