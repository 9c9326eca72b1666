"""The scratch database of a load run: the roster, the national families, the simulated users' accounts and, for
the surge, every council's draft claim inside an open claim window.

The functions below `build` run inside Django (a process of their own on the scratch database, started through
server.in_django) and print what the parent needs as one JSON line."""

import json
import random
import subprocess
import time
from datetime import date, timedelta

from bench.load.server import PASSWORD, in_django, manage

PREPARING_PROCESSES = 2  # the drafts are prepared council by council, two at a time (the machine's cores)


def build(database_url: str, *, officers: int, reviewers: int, scale: float, programme_date: str = "") -> dict:
    """Migrate, seed the roster and the national data set; for a surge (`programme_date` set) the drafts too.
    Returns the driver's plan."""
    manage(database_url, "migrate", "--noinput", "-v", "0")
    manage(database_url, "seed_programme", quiet=True)
    plan = in_django(database_url, f"bench.load.build.national_data({officers}, {reviewers}, {scale})")
    if programme_date:
        started = time.perf_counter()
        in_django(database_url, "bench.load.build.surge_people()", programme_date)
        workers = [
            in_django(database_url, f"bench.load.build.prepare_drafts({n}, {PREPARING_PROCESSES})", programme_date,
                      background=True)
            for n in range(PREPARING_PROCESSES)
        ]  # fmt: skip
        drafts = {}
        for worker in workers:
            out, _ = worker.communicate()
            if worker.returncode != 0:
                raise subprocess.CalledProcessError(worker.returncode, worker.args)
            drafts.update(json.loads(out.strip().splitlines()[-1]))
        plan["drafts"] = drafts  # council GSS code -> its draft claim's id
        plan["figures"]["drafts_seconds"] = round(time.perf_counter() - started, 1)
        plan["figures"]["draft_lines"] = in_django(database_url, "bench.load.build.count_lines()", programme_date)
    return plan


def national_data(officers: int, reviewers: int, scale: float) -> None:
    """The families (the benchmark's national data set at scale 1, else a smaller one of our own), one account per
    simulated officer (on the ten busiest councils) and central reviewer."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from bench.dataset import build as build_dataset
    from councils.models import Council, User
    from families.models import Family, Person

    started = time.perf_counter()
    councils = list(Council.objects.filter(troubled_families_estimate__gt=0).order_by("-troubled_families_estimate"))
    rng = random.Random(2012)
    if scale == 1.0:
        build_dataset()  # its own transactions (it may VACUUM): 120,000 families loaded with COPY
    with transaction.atomic():
        if scale != 1.0:
            for council in councils:
                council_families(council, max(1, round(council.troubled_families_estimate * scale)), rng)
        password = make_password(PASSWORD)
        busiest = councils[: max(1, min(10, officers))]
        plan_users = []
        for i in range(officers):
            council = busiest[i % len(busiest)]
            user = User.objects.create(
                username=f"load.officer{i}", role="officer", council=council, password=password, email=""
            )
            plan_users.append({"username": user.username, "role": "officer", "council_id": council.pk})
        for i in range(reviewers):
            User.objects.create(username=f"load.central{i}", role="central", council=None, password=password)
            plan_users.append({"username": f"load.central{i}", "role": "central"})
    # Each officer edits families of its own (no two simulated users race for one family); all browse their council's.
    by_council: dict[int, list[int]] = {}
    for council_id, pk in Family.objects.filter(council__in=busiest).values_list("council_id", "pk").order_by("pk"):
        by_council.setdefault(council_id, []).append(pk)
    for index, user in enumerate(plan_users):
        if user["role"] == "officer":
            pks = by_council[user["council_id"]]
            colleagues = [u for u in plan_users if u.get("council_id") == user["council_id"]]
            slot = colleagues.index(user)
            user["browse"] = pks[:2000]
            user["edit"] = pks[slot :: len(colleagues)][:200]
        user["seed"] = index
    figures = {
        "families": Family.objects.count(),
        "people": Person.objects.count(),
        "councils": len(councils),
        "build_seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps({"users": plan_users, "figures": figures, "gss": [c.gss_code for c in councils[:20]]}))


def council_families(council, count: int, rng: random.Random) -> None:
    """A smaller data set of our own (used with --scale)."""
    from families.models import Family, Person

    families = [
        Family(
            council=council,
            reference=f"{council.gss_code}-{n:05d}",
            identified_on=date(2012, 4, 1) + timedelta(days=rng.randrange(300)),
            crime_asb=rng.random() < 0.7,
            education=rng.random() < 0.7,
            work=rng.random() < 0.8,
            attached_on=date(2013, 3, 1) + timedelta(days=rng.randrange(200)) if rng.random() < 0.8 else None,
        )
        for n in range(count)
    ]
    Family.objects.bulk_create(families, batch_size=2000)
    people = []
    for family in families:
        people.append(Person(family=family, reference="A1", role="adult", date_of_birth=date(1975, 1, 1), name="A"))
        people.append(Person(family=family, reference="C1", role="child", date_of_birth=date(2002, 1, 1), name="C"))
    Person.objects.bulk_create(people, batch_size=4000)


def approver_name(gss_code: str) -> str:
    return f"load.approver.{gss_code.lower()}"


def surge_people() -> None:
    """Every council's approver (who will submit in the surge, with an e-mail address for the notices of rejected
    lines) and an officer who prepares its draft; the claim window open today, opened by central staff."""
    from django.contrib.auth.hashers import make_password

    from councils.calendar import programme_today
    from councils.models import Council, User
    from funding import actions

    password = make_password(PASSWORD)
    for council in Council.objects.order_by("pk"):
        code = council.gss_code.lower()
        User.objects.create(username=f"load.preparer.{code}", role="officer", council=council, email="")
        User.objects.create(
            username=approver_name(code), role="approver", council=council, password=password,
            email=f"approver@{code}.invalid", first_name="Approver", last_name=council.name[:100],
        )  # fmt: skip
    today = programme_today()
    central = User.objects.filter(role="central").order_by("pk").first()
    actions.open_window(central, today - timedelta(days=30), today)
    print(json.dumps({}))


def prepare_drafts(part: int, parts: int) -> None:
    """The draft claims of every `parts`-th council from `part`: each prepared by its officer through the
    action the page calls (funding.actions.prepare_claim), with results as of today."""
    from councils.calendar import programme_today
    from councils.models import Council, User
    from funding import actions

    drafts = {}
    for council in list(Council.objects.order_by("pk"))[part::parts]:
        officer = User.objects.get(username=f"load.preparer.{council.gss_code.lower()}")
        try:
            claim = actions.prepare_claim(officer, programme_today())
        except actions.ClaimError:
            continue  # nothing to claim: this council has no approver in the surge
        drafts[council.gss_code] = claim.pk
    print(json.dumps(drafts))


def count_lines() -> None:
    from funding.models import ClaimLine

    print(json.dumps(ClaimLine.objects.count()))


def surge_schedule(drafts: dict[str, int], span: float, seed: int = 2015) -> list[dict]:
    """The approvers of the surge: one per council with a draft, each starting to submit at its moment of the run,
    spread evenly over `span` seconds, councils large and small in a seeded random order."""
    codes = sorted(drafts)
    random.Random(seed).shuffle(codes)
    step = span / len(codes)
    return [
        {"username": approver_name(code), "role": "approver", "claim": drafts[code], "at": round((i + 0.5) * step, 2)}
        for i, code in enumerate(codes)
    ]
