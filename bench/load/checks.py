"""The checks made in the database after a run (inside Django, on the scratch database; each prints one JSON
line): the edits the driver made are there, and after a surge what central staff and the money rules see."""

import json
from collections import Counter


def lost_edits(path: str) -> None:
    """The edits that are not in the database: each edit wrote a unique marker into a family's local factor."""
    from families.models import Family

    with open(path) as handle:
        edits = json.load(handle)
    history = Family.history.model.objects
    print(json.dumps([e for e in edits if not history.filter(id=e[0], local_discretion=e[1]).exists()]))


def surge_figures(path: str) -> None:
    """For the drafts of the plan: which are submitted; every counting line's (family, payment type) and each
    family's total against its cap, for bench.load.report; the central review queue exactly as the claims page
    builds it (Claim.objects.visible_to(a central user).awaiting_review(today)); the background tasks by status."""
    from django.db.models import Count, Sum
    from django_tasks_db.models import DBTaskResult

    from bench.load.report import over_cap, twice_claimed
    from councils.calendar import programme_today
    from councils.models import User
    from families.models import Family
    from funding.models import Claim, ClaimLine, PaymentSchedule
    from funding.results import schedule_for

    with open(path) as handle:
        plan = json.load(handle)
    drafts = sorted(plan["drafts"].values())
    counting = ClaimLine.objects.not_rejected()
    pairs = counting.values_list("family_id", "payment_type")
    totals = dict(counting.values("family_id").annotate(total=Sum("amount")).values_list("family_id", "total"))
    schedules = list(PaymentSchedule.objects.all())
    attached = dict(Family.objects.filter(pk__in=totals).values_list("pk", "attached_on"))
    caps = {}
    for family_id, day in attached.items():
        schedule = schedule_for(schedules, day) if day else None
        caps[family_id] = schedule.cap if schedule else None
    central = User.objects.filter(role=User.Role.CENTRAL).order_by("pk").first()
    queue = Claim.objects.visible_to(central).awaiting_review(programme_today())
    submitted = Claim.objects.filter(pk__in=drafts, status=Claim.Status.SUBMITTED)
    tasks = Counter(dict(DBTaskResult.objects.values("status").annotate(n=Count("pk")).values_list("status", "n")))
    figures = {
        "drafts": drafts,
        "submitted": list(submitted.values_list("pk", flat=True)),
        "queue": list(queue.values_list("pk", flat=True)),
        "twice": twice_claimed(pairs),
        "over_cap": over_cap((family, total, caps.get(family)) for family, total in totals.items()),
        "tasks": dict(tasks),
        "lines": counting.count(),
        "span": plan["span"],
    }
    print(json.dumps(figures))
