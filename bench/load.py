"""`make load`: the service under gunicorn on PostgreSQL, driven by simulated users from a second process.

    python -m bench.load [--users 50] [--seconds 60] [--workers N] [--scale 1.0] [--keep-db]

1. Builds a scratch database (env LOAD_DB, default programme_load, on the server of DATABASE_URL): the roster,
   national-scale families (each council's troubled-families estimate, about 120,000 in all, with their
   people), one officer account per simulated officer and central reviewers.
2. Starts gunicorn on 127.0.0.1 (workers from --workers, else WEB_CONCURRENCY, else 2 per core + 1).
3. Starts the driver, a second process (`--drive`): one thread per simulated user. Each signs in through the
   sign-in form (not measured: password hashing is deliberately slow), then, for the run's length, with a think
   time of 1-5 s between requests (--think):
   - officers (4 in 5): list their families (a page of the list, sometimes filtered), open a family, and edit
     one (the edit form, changed and posted back), each officer on families of its own, so no two users race;
   - central reviewers: the pages they use most: the national picture and the claims review queue where those
     pages exist, the council and pilot lists and pages.
   Only loopback addresses; every request has a timeout; the run stops by itself.
4. Prints requests per second, p50/p95/p99 (ms), errors, and checks that every edit the driver made is in the
   database afterwards (in the family's history). Exits 1 on a lost edit, an error, or p95 over the target.

Where the families pages do not exist (yet), officers browse the roster instead and no edit is made.
"""

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import date, timedelta
from html.parser import HTMLParser
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
TARGET_P95_MS = 300
PASSWORD = "load-test-password-2012"  # scratch database only


# ---------------------------------------------------------------------------------------------------------------
# The parent: scratch database, gunicorn, the driver, the figures.
# ---------------------------------------------------------------------------------------------------------------


def scratch_database_url() -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/programme")
    parts = urlsplit(base)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit("make load needs PostgreSQL: set DATABASE_URL to a postgres:// URL (its server is used).")
    name = os.environ.get("LOAD_DB", "programme_load")
    return parts._replace(path=f"/{name}").geturl()


def server_env(database_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "load-test-only-" + "k" * 50,
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "STATIC_MANIFEST": "0",
        # The second factor is a once-per-sign-in cost; the simulated users sign in with a password.
        "REQUIRE_TWO_FACTOR": "0",
        "SIGN_IN_FAILURE_LIMIT": "1000",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "programme.settings",
    }


def recreate_database(database_url: str) -> None:
    import psycopg2

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    assert re.fullmatch(r"[a-z_][a-z0-9_]*", name), f"unexpected scratch database name {name!r}"
    admin = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres", password=parts.password,
        dbname="postgres",
    )  # fmt: skip
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def build(database_url: str, *, officers: int, reviewers: int, scale: float) -> dict:
    """Migrate, seed the roster and the national data set in the scratch database; return the driver's plan."""
    env = server_env(database_url)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "seed_programme"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    code = f"import bench.load as load; load.build_national_data({officers}, {reviewers}, {scale})"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def build_national_data(officers: int, reviewers: int, scale: float) -> None:
    """Runs inside Django (scratch database). Prints the plan as one JSON line."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from councils.models import Council, User
    from families.models import Family, Person

    started = time.perf_counter()
    try:  # the benchmark's national data set, where it exists: 120,000 families loaded with COPY
        from bench.dataset import build as build_dataset
    except ImportError:
        build_dataset = None
    councils = list(Council.objects.filter(troubled_families_estimate__gt=0).order_by("-troubled_families_estimate"))
    rng = random.Random(2012)
    if build_dataset is not None and scale == 1.0:
        build_dataset()  # its own transactions (it may VACUUM)
    with transaction.atomic():
        if build_dataset is None or scale != 1.0:
            for council in councils:
                build_council_families(council, max(1, round(council.troubled_families_estimate * scale)), rng)
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


def build_council_families(council, count: int, rng: random.Random) -> None:
    """A smaller data set of our own (used when bench.dataset is not there, or with --scale)."""
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


def start_gunicorn(database_url: str, port: int, workers: int, log_path: Path) -> subprocess.Popen:
    log = open(log_path, "w")  # noqa: SIM115  (closed when the process ends)
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "programme.wsgi", "--bind", f"{HOST}:{port}", "--workers", str(workers),
         "--timeout", "30"],
        cwd=ROOT,
        env=server_env(database_url),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip


def wait_until_healthy(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/health/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not answer /health/ in time (see the server log)")


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def lost_edits(database_url: str, edits: list[list]) -> list:
    """The edits that are not in the database: each edit wrote a unique marker into a family's local factor."""
    if not edits:
        return []
    path = Path(tempfile.mkstemp(suffix=".json")[1])
    path.write_text(json.dumps(edits))
    code = (
        "import json; from families.models import Family; "
        f"edits = json.load(open({str(path)!r})); "
        "history = Family.history.model.objects; "
        "print(json.dumps([e for e in edits if not history.filter(id=e[0], local_discretion=e[1]).exists()]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=server_env(database_url),
        check=True,
        capture_output=True,
        text=True,
    )
    path.unlink()
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50, help="simulated users at once (default 50)")
    parser.add_argument("--seconds", type=int, default=60, help="length of the measured run (default 60)")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 0)) or None)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the national data set (default 1)")
    parser.add_argument("--think", default="1,5", help="seconds between a user's requests: MIN,MAX (default 1,5)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--keep-db", action="store_true", help="reuse the scratch database of the last run")
    parser.add_argument("--drive", help=argparse.SUPPRESS)  # the driver process: path of its plan
    args = parser.parse_args()
    if args.drive:
        return drive(Path(args.drive))

    database_url = scratch_database_url()
    workers = args.workers or 2 * (os.cpu_count() or 1) + 1
    reviewers = max(1, args.users // 5)
    officers = args.users - reviewers
    work = Path(tempfile.mkdtemp(prefix="load-"))
    plan_path = work / "plan.json"
    if not (args.keep_db and plan_path.exists()):
        print(f"Building the scratch database {urlsplit(database_url).path[1:]} (scale {args.scale})...", flush=True)
        recreate_database(database_url)
        plan = build(database_url, officers=officers, reviewers=reviewers, scale=args.scale)
    else:
        plan = json.loads(plan_path.read_text())
    print(
        f"  {plan['figures']['families']:,} families, {plan['figures']['people']:,} people in "
        f"{plan['figures']['councils']} councils, built in {plan['figures']['build_seconds']} s",
        flush=True,
    )
    think = [float(x) for x in args.think.split(",")]
    plan.update(port=args.port, seconds=args.seconds, think=think, results=str(work / "results.json"))
    plan_path.write_text(json.dumps(plan))

    server = start_gunicorn(database_url, args.port, workers, work / "gunicorn.log")
    try:
        wait_until_healthy(args.port)
        print(f"gunicorn: {workers} workers on {HOST}:{args.port}; {officers} officers and {reviewers} reviewers")
        driver = subprocess.run(
            [sys.executable, "-m", "bench.load", "--drive", str(plan_path)],
            cwd=ROOT,
            timeout=args.seconds + 300,
            check=False,
        )
        if driver.returncode != 0:
            print("The driver failed.", file=sys.stderr)
            return 1
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)

    results = json.loads(Path(plan["results"]).read_text())
    return report(results, lost_edits(database_url, results["edits"]), work)


def report(results: dict, lost: list, work: Path) -> int:
    timings = sorted(r[1] for r in results["requests"])
    errors = [r for r in results["requests"] if r[2] is not None]
    seconds = results["seconds"]
    p50, p95, p99 = (percentile(timings, f) for f in (0.50, 0.95, 0.99))
    print()
    print(f"{'requests':<28}{len(timings):>10,}")
    print(f"{'users':<28}{results['users']:>10,}   think time {results['think'][0]:g}-{results['think'][1]:g} s")
    print(f"{'requests per second':<28}{len(timings) / seconds:>10.1f}")
    print(f"{'p50 (ms)':<28}{p50:>10.0f}")
    print(f"{'p95 (ms)':<28}{p95:>10.0f}   target < {TARGET_P95_MS}")
    print(f"{'p99 (ms)':<28}{p99:>10.0f}")
    print(f"{'errors':<28}{len(errors):>10,}")
    print(f"{'edits made':<28}{len(results['edits']):>10,}")
    print(f"{'edits lost':<28}{len(lost):>10,}")
    print(f"{'sign-ins (not measured)':<28}{results['sign_ins']:>10,}")
    by_kind: dict[str, list[float]] = {}
    for kind, ms, _ in results["requests"]:
        by_kind.setdefault(kind, []).append(ms)
    print("\nby page:")
    for kind, values in sorted(by_kind.items()):
        values.sort()
        print(
            f"  {kind:<26}{len(values):>8,}  p50 {percentile(values, 0.5):>5.0f}  p95 {percentile(values, 0.95):>5.0f}"
        )
    for kind, _ms, error in errors[:10]:
        print(f"  error: {kind}: {error}")
    problems = run_problems(results)
    for problem in problems:
        print(f"  the run measured too little: {problem}")
    failed = bool(problems or lost or errors or p95 >= TARGET_P95_MS)
    print(f"\n{'FAILED' if failed else 'OK'}: (details and the server log in {work})")
    return 1 if failed else 0


# ---------------------------------------------------------------------------------------------------------------
# The driver: a second process, one thread per simulated user, loopback only.
# ---------------------------------------------------------------------------------------------------------------


class FormReader(HTMLParser):
    """Collects the fields of the POST forms of a page, as a browser would submit them."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs) -> None:
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {"action": a.get("action") or "", "fields": {}}
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form["fields"]
        if tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields[a["name"]] = a.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                fields[a["name"]] = a.get("value") or ""
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            fields.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in a:
            fields[self._select] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            fields[self._textarea] = ""

    def handle_data(self, data) -> None:
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea] += data

    def handle_endtag(self, tag) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


class Browser:
    """One simulated user's connection and cookies (the session and CSRF cookies)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, fields: dict | None = None, timeout: float = 15) -> tuple[int, str, str]:
        assert path.startswith("/"), path  # this driver only ever talks to 127.0.0.1
        connection = HTTPConnection(HOST, self.port, timeout=timeout)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.headers.get("Location", ""), text
        finally:
            connection.close()


def route_exists(name: str, **kwargs) -> bool:
    from django.urls import NoReverseMatch, reverse

    try:
        reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return False
    return True


def drive(plan_path: Path) -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "programme.settings")
    os.environ.setdefault("SECRET_KEY", "driver-only-" + "d" * 50)
    django.setup()
    plan = json.loads(plan_path.read_text())
    has = {
        "families": route_exists("families:list"),
        "family_edit": route_exists("families:edit", pk=1),
        "national": route_exists("programme:national") or route_exists("national"),
        "claims": route_exists("funding:list") or route_exists("funding:claims"),
    }
    lock = threading.Lock()
    requests: list[list] = []
    edits: list[list] = []
    sign_ins = [0]
    ready, start_at = start_line(len(plan["users"]) + 1)

    def user_thread(user: dict) -> None:
        rng = random.Random(user["seed"])
        browser = Browser(plan["port"])
        try:
            signed_in = sign_in(browser, user["username"])
        except Exception as exc:
            signed_in = 0
            with lock:
                requests.append(["sign-in", 0.0, f"{user['username']} could not sign in: {exc}"])
        with lock:
            sign_ins[0] += signed_in
        ready.wait(timeout=600)
        if not signed_in:
            return
        edit_queue = list(user.get("edit", []))
        while time.monotonic() < start_at[0] + plan["seconds"]:
            time.sleep(rng.uniform(*plan["think"]))
            if time.monotonic() >= start_at[0] + plan["seconds"]:
                break
            kind, method, path, fields = next_step(user, rng, has, plan, edit_queue, browser)
            family = fields.pop("_family", None) if fields else None
            began = time.perf_counter()
            error = None
            try:
                status, _, body = browser.request(method, path, fields)
                if status >= 400:
                    error = f"{status} on {method} {path}"
                elif kind == "family edit (post)" and status != 302:
                    error = f"edit not saved ({status}) on {path}"
            except Exception as exc:  # a timeout or a refused connection is an error of the run
                error = f"{type(exc).__name__} on {method} {path}"
                body = ""
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                requests.append([kind, round(elapsed, 1), error])
                if kind == "family edit (post)" and error is None:
                    edits.append([family, fields["local_discretion"]])
            if kind == "family edit (form)" and error is None:
                form = edit_form(body)
                if form is not None:
                    edit_queue.insert(0, ("post", path, form))

    threads = [threading.Thread(target=user_thread, args=(u,), daemon=True) for u in plan["users"]]
    for thread in threads:
        thread.start()
    ready.wait(timeout=600)
    for thread in threads:
        thread.join(timeout=plan["seconds"] + 60)
    elapsed = time.monotonic() - start_at[0]
    with lock:
        results = {
            "requests": requests,
            "edits": edits,
            "seconds": elapsed,
            "sign_ins": sign_ins[0],
            "has": has,
            "users": len(plan["users"]),
            "think": plan["think"],
        }
    Path(plan["results"]).write_text(json.dumps(results))
    return 0


def start_line(parties: int) -> tuple[threading.Barrier, list[float]]:
    """A barrier that every user and the driver pass together, and the run's start time, set by the barrier's own
    action: after the last party arrives and before any is released, so no user can read it unset."""
    start_at = [0.0]
    return threading.Barrier(parties, action=lambda: start_at.__setitem__(0, time.monotonic())), start_at


def fewest_requests(results: dict) -> int:
    """The fewest requests a run can have made and still have measured anything: half of what its signed-in users,
    each waiting at most the longest think time between requests, would make in its length."""
    return int(0.5 * results["sign_ins"] * results["seconds"] / max(results["think"][1], 0.1))


def run_problems(results: dict) -> list[str]:
    """Why a run measured too little to be believed (an empty list when it measured what it set out to)."""
    problems = []
    if results["sign_ins"] < results["users"]:
        problems.append(f"only {results['sign_ins']} of {results['users']} users signed in")
    made = sum(1 for r in results["requests"] if r[0] != "sign-in")
    if made < max(fewest_requests(results), 1):
        problems.append(f"{made} requests made, fewer than the {fewest_requests(results)} its users imply")
    return problems


# Password hashing is slow on purpose: a few sign-ins at a time, before the measured run starts.
SIGN_INS_AT_ONCE = threading.Semaphore(2)


def sign_in(browser: Browser, username: str) -> int:
    with SIGN_INS_AT_ONCE:
        browser.request("GET", "/accounts/login/")
        status, _, _ = browser.request(
            "POST",
            "/accounts/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": browser.cookies.get("csrftoken", "")},
            timeout=120,
        )
    if status != 302:
        raise RuntimeError(f"the sign-in form answered {status}")
    return 1


def edit_form(body: str) -> dict | None:
    reader = FormReader()
    reader.feed(body)
    forms = [f for f in reader.forms if "version" in f["fields"] or "reference" in f["fields"]]
    return forms[0]["fields"] if forms else None


def next_step(user: dict, rng: random.Random, has: dict, plan: dict, edit_queue: list, browser: Browser):
    """The next request of a simulated user: (label, method, path, form fields or None)."""
    if user["role"] == "officer" and has["families"]:
        if edit_queue and isinstance(edit_queue[0], tuple):
            _, path, fields = edit_queue.pop(0)
            family = int(re.search(r"/families/(\d+)/", path).group(1))
            fields = {**fields, "local_discretion": f"load {uuid.uuid4().hex[:12]}", "_family": family}
            if fields.get("closed_on_year") and not fields.get("closure_reason", "").strip():
                fields["closure_reason"] = "Intervention complete"  # as an officer would, asked by the form
            return "family edit (post)", "POST", path, fields
        roll = rng.random()
        if roll < 0.35:
            page = rng.randint(1, 20)
            query = rng.choice(["", "&attached=yes", "&sort=-identified_on"])
            return "family list", "GET", f"/families/?page={page}{query}", None
        if roll < 0.8 or not (has["family_edit"] and edit_queue):
            return "family page", "GET", f"/families/{rng.choice(user['browse'])}/", None
        return "family edit (form)", "GET", f"/families/{edit_queue.pop(0)}/edit/", None
    if user["role"] == "central":
        choices = []
        if has["national"]:
            choices += [("national picture", "/national/")] * 3
        if has["claims"]:
            choices += [("claims queue", "/claims/")] * 3
        choices += [
            ("home", "/"),
            ("council list", f"/councils/?page={rng.randint(1, 6)}"),
            ("council page", f"/councils/{rng.choice(plan['gss'])}/"),
            ("pilot list", "/pilots/"),
        ]
        label, path = rng.choice(choices)
        return label, "GET", path, None
    label, path = rng.choice(
        [
            ("home", "/"),
            ("council list", f"/councils/?page={rng.randint(1, 6)}"),
            ("council page", f"/councils/{rng.choice(plan['gss'])}/"),
            ("pilot list", "/pilots/"),
        ]
    )
    return label, "GET", path, None


if __name__ == "__main__":
    sys.exit(main())
