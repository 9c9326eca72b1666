"""The driver: a second process, one thread per simulated user, loopback only.

Steady users (officers and central reviewers) work for the whole run with a think time between requests. In the
surge each council's approver also signs its claim off at its moment of the run, through the pages: the claim,
the sign-off form, the check-your-answers page (the form posted) and the confirmation (posted with `confirm`)."""

import json
import os
import random
import re
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from bench.load.browser import Browser, form_with, links, sign_in


def start_line(parties: int) -> tuple[threading.Barrier, list[float]]:
    """A barrier that every user and the driver pass together, and the run's start time, set by the barrier's own
    action: after the last party arrives and before any is released, so no user can read it unset."""
    start_at = [0.0]
    return threading.Barrier(parties, action=lambda: start_at.__setitem__(0, time.monotonic())), start_at


class Recorder:
    """Every request's label, time (ms) and error (None when it did what it should), shared by the threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: list[list] = []
        self.edits: list[list] = []
        self.submitted: list[int] = []
        self.decided = {"accepted": 0, "rejected": 0, "refused": 0}

    def request(self, browser: Browser, kind: str, method: str, path: str, fields=None, expect=None, check=None):
        """(status, redirect path, body, ok): not ok on a status of 400 or more, a status other than `expect`,
        what `check(status, body)` finds wrong, a timeout or a refused connection."""
        began = time.perf_counter()
        status, location, body, error = 0, "", "", None
        try:
            status, location, body = browser.request(method, path, fields)
            if status >= 400 or (expect is not None and status != expect):
                error = f"{status} on {method} {path}"
            elif check is not None:
                error = check(status, body)
        except Exception as exc:  # a timeout or a refused connection is an error of the run
            error = f"{type(exc).__name__} on {method} {path}"
        elapsed = (time.perf_counter() - began) * 1000
        self.add(kind, elapsed, error)
        return status, urlsplit(location).path, body, error is None

    def add(self, kind: str, ms: float, error: str | None) -> None:
        with self.lock:
            self.requests.append([kind, round(ms, 1), error])


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
    record = Recorder()
    sign_ins = {"steady": 0, "approver": 0}
    ready, start_at = start_line(len(plan["users"]) + 1)

    def user_thread(index: int, user: dict) -> None:
        rng = random.Random(user["seed"])
        browser = Browser(plan["ports"][index % len(plan["ports"])])  # users spread across the gunicorn masters
        try:
            signed_in = sign_in(browser, user["username"])
        except Exception as exc:
            signed_in = 0
            record.add("sign-in", 0.0, f"{user['username']} could not sign in: {exc}")
        with record.lock:
            sign_ins["approver" if user["role"] == "approver" else "steady"] += signed_in
        ready.wait(timeout=900)
        if not signed_in:
            return
        if user["role"] == "approver":
            time.sleep(max(0.0, start_at[0] + user["at"] - time.monotonic()))
            submit_claim(browser, user, rng, plan["think"], record)
            return
        steady_user(browser, user, rng, plan, has, start_at[0] + plan["seconds"], record)

    threads = [threading.Thread(target=user_thread, args=(i, u), daemon=True) for i, u in enumerate(plan["users"])]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    ready.wait(timeout=900)
    print(f"  {sum(sign_ins.values())} users signed in in {time.monotonic() - began:.0f} s; the run starts", flush=True)
    for thread in threads:
        thread.join(timeout=max(0.0, start_at[0] + plan["seconds"] + 120 - time.monotonic()))
    elapsed = time.monotonic() - start_at[0]
    approvers = sum(1 for u in plan["users"] if u["role"] == "approver")
    with record.lock:
        results = {
            "scenario": plan["scenario"],
            "requests": record.requests,
            "edits": record.edits,
            "submitted": record.submitted,
            "decided": record.decided,
            "seconds": elapsed,
            "sign_ins": sign_ins["steady"],
            "users": len(plan["users"]) - approvers,
            "approvers": approvers,
            "approver_sign_ins": sign_ins["approver"],
            "has": has,
            "think": plan["think"],
            "servers": len(plan["ports"]),
        }
    Path(plan["results"]).write_text(json.dumps(results))
    return 0


def steady_user(browser: Browser, user: dict, rng, plan: dict, has: dict, ends_at: float, record: Recorder) -> None:
    edit_queue = list(user.get("edit", []))
    seen: dict[str, list] = {"claims": [], "lines": [], "decide": []}
    while time.monotonic() < ends_at:
        time.sleep(rng.uniform(*plan["think"]))
        if time.monotonic() >= ends_at:
            break
        kind, method, path, fields = next_step(user, rng, has, plan, edit_queue, seen)
        family = fields.pop("_family", None) if fields else None
        expect = 302 if kind == "family edit (post)" else None
        check = decision_saved if kind == "line decision (post)" else None
        status, _, body, ok = record.request(browser, kind, method, path, fields, expect=expect, check=check)
        if not ok:
            continue
        if kind == "line decision (post)":
            with record.lock:
                outcome = "refused" if status == 200 else "accepted" if fields["decision"] == "accept" else "rejected"
                record.decided[outcome] += 1
        if kind == "family edit (post)":
            with record.lock:
                record.edits.append([family, fields["local_discretion"]])
        elif kind == "family edit (form)":
            form = form_with(body, "version", "reference")
            if form is not None:
                edit_queue.insert(0, ("post", path, form))
        elif kind == "claims review queue":
            seen["claims"] = links(body, r"/claims/\d+/") or seen["claims"]
        elif kind == "claim page (review)":
            seen["lines"] = links(body, r"/claims/\d+/lines/\d+/") or seen["lines"]
        elif kind == "claim line (review)":
            form = form_with(body, "reason")  # the decision form (its radios unchosen)
            if form is not None:
                seen["decide"] = [(path, form)]


def decision_saved(status: int, body: str) -> str | None:
    """A line decision is saved (a redirect to the claim), or refused because another reviewer decided the line
    first (the page says why, as it should); anything else is an error."""
    if status == 302 or (status == 200 and "govuk-error-summary" in body):
        return None
    return f"line decision not saved ({status})"


def has_confirmation(status: int, body: str) -> str | None:
    return None if form_with(body, "confirm") else "no confirmation form: the check-your-answers page refused"


def next_step(user: dict, rng: random.Random, has: dict, plan: dict, edit_queue: list, seen: dict):
    """The next request of a steady user: (label, method, path, form fields or None)."""
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
    if user["role"] == "central" and plan["scenario"] == "surge":
        step = review_step(rng, seen)
        if step is not None:
            return step
    choices = [
        ("home", "/"),
        ("council list", f"/councils/?page={rng.randint(1, 6)}"),
        ("council page", f"/councils/{rng.choice(plan['gss'])}/"),
        ("pilot list", "/pilots/"),
    ]
    if user["role"] == "central":
        if has["national"]:
            choices += [("national picture", "/national/")] * 3
        if has["claims"]:
            choices += [("claims queue", "/claims/")] * 3
    label, path = rng.choice(choices)
    return label, "GET", path, None


def review_step(rng: random.Random, seen: dict):
    """Central staff in the surge: the review queue as it fills, its claims, their lines, and a decision on a line
    now and then (one in four a rejection, whose notice the task workers send to the council's approver)."""
    if seen["decide"] and rng.random() < 0.5:
        path, form = seen["decide"].pop()
        reject = rng.random() < 0.25
        reason = "Evidence not on file" if reject else ""
        fields = {**form, "decision": "reject" if reject else "accept", "reason": reason}
        return "line decision (post)", "POST", path, fields
    roll = rng.random()
    if roll < 0.2:
        return None  # the other pages central staff use
    if roll < 0.45 or not seen["claims"]:
        return "claims review queue", "GET", "/claims/?stage=review", None
    if roll < 0.7 or not seen["lines"]:
        return "claim page (review)", "GET", rng.choice(seen["claims"]), None
    return "claim line (review)", "GET", rng.choice(seen["lines"]), None


def submit_claim(browser: Browser, user: dict, rng: random.Random, think: list, record: Recorder) -> None:
    """An approver signs the council's draft off and submits it, reading each page for a think time first."""
    claim = f"/claims/{user['claim']}/"
    _, _, _, ok = record.request(browser, "approver: claim page", "GET", claim)
    time.sleep(rng.uniform(*think))
    _, _, body, ok = record.request(browser, "approver: sign-off form", "GET", claim + "submit/", expect=200)
    form = form_with(body, "internal_audit") if ok else None
    if form is None:
        return
    form.update(internal_audit="Head of Internal Audit", coordinator="Troubled Families Coordinator", declared="on")
    time.sleep(rng.uniform(*think))
    _, _, body, ok = record.request(
        browser, "approver: check answers", "POST", claim + "submit/", form, expect=200, check=has_confirmation
    )
    if not ok:
        return
    confirm = form_with(body, "confirm")
    time.sleep(rng.uniform(*think))
    _, location, _, ok = record.request(browser, "approver: confirm", "POST", claim + "submit/", confirm, expect=302)
    if not ok:
        return
    with record.lock:
        record.submitted.append(user["claim"])
    record.request(browser, "approver: claim page", "GET", location or claim)
