"""The figures of a load run and whether it passes: the targets, the run's own honesty (it measured what its users
imply) and, for the surge, the money checks made in the database afterwards. Pure functions, tested alone."""

from collections import Counter
from pathlib import Path

TARGET_P95_MS = 300
REAL_SURGE_SECONDS = 600  # all 152 councils' approvers submit in the same ten minutes


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def fewest_requests(results: dict) -> int:
    """The fewest requests a run can have made and still have measured anything: half of what its signed-in steady
    users, each waiting at most the longest think time between requests, would make in its length."""
    return int(0.5 * results["sign_ins"] * results["seconds"] / max(results["think"][1], 0.1))


def run_problems(results: dict) -> list[str]:
    """Why a run measured too little to be believed (an empty list when it measured what it set out to)."""
    problems = []
    if results["sign_ins"] < results["users"]:
        problems.append(f"only {results['sign_ins']} of {results['users']} users signed in")
    if results.get("approver_sign_ins", 0) < results.get("approvers", 0):
        problems.append(f"only {results['approver_sign_ins']} of {results['approvers']} approvers signed in")
    made = sum(1 for r in results["requests"] if r[0] != "sign-in" and not r[0].startswith("approver:"))
    if made < max(fewest_requests(results), 1):
        problems.append(f"{made} requests made, fewer than the {fewest_requests(results)} its users imply")
    return problems


def twice_claimed(lines) -> list[tuple[int, str]]:
    """(family, payment type) claimed more than once among these counting lines (family id, payment type)."""
    return sorted(key for key, n in Counter(map(tuple, lines)).items() if n > 1)


def over_cap(families) -> list[int]:
    """The families whose counting lines pass their cap, from (family id, total £, cap £ or None when no schedule
    covers its attachment: then nothing may be claimed for it)."""
    return sorted(family for family, total, cap in families if cap is None or total > cap)


def surge_problems(results: dict, db: dict) -> list[str]:
    """What the surge got wrong: a council's claim not submitted (by the driver or as the database has it), a
    payment type claimed twice for a family, a family over its cap, a submitted claim missing from central staff's
    review queue, a background task that failed."""
    problems = []
    drafts = db["drafts"]
    submitted = set(db["submitted"])
    if len(results["submitted"]) < len(drafts) or not set(drafts) <= submitted:
        problems.append(
            f"{len(results['submitted'])} claims submitted through the pages and {len(submitted & set(drafts))} "
            f"submitted in the database, of {len(drafts)} councils' drafts"
        )
    if db["twice"]:
        problems.append(f"{len(db['twice'])} payments claimed twice for a family, first {db['twice'][:3]}")
    if db["over_cap"]:
        problems.append(f"{len(db['over_cap'])} families' payments over the cap, first {db['over_cap'][:3]}")
    missing = sorted(submitted - set(db["queue"]))
    if missing:
        problems.append(f"{len(missing)} submitted claims not in the central review queue, first {missing[:3]}")
    if db["tasks"].get("FAILED"):
        problems.append(f"{db['tasks']['FAILED']} background tasks failed")
    return problems


def report(results: dict, lost: list, work: Path, db: dict | None = None) -> int:
    """Print the run's figures; 1 when a target or a check failed, else 0."""
    timings = sorted(r[1] for r in results["requests"] if r[0] != "sign-in")
    errors = [r for r in results["requests"] if r[2] is not None]
    seconds = results["seconds"]
    p50, p95, p99 = (percentile(timings, f) for f in (0.50, 0.95, 0.99))
    think = f"think time {results['think'][0]:g}-{results['think'][1]:g} s"
    print()
    print(f"{'requests':<28}{len(timings):>10,}   in {seconds:.0f} s, {results['servers']} gunicorn master(s)")
    print(f"{'users':<28}{results['users']:>10,}   {think}")
    print(f"{'requests per second':<28}{len(timings) / seconds:>10.1f}")
    print(f"{'p50 (ms)':<28}{p50:>10.0f}")
    print(f"{'p95 (ms)':<28}{p95:>10.0f}   target < {TARGET_P95_MS}")
    print(f"{'p99 (ms)':<28}{p99:>10.0f}")
    print(f"{'errors':<28}{len(errors):>10,}")
    print(f"{'edits made':<28}{len(results['edits']):>10,}")
    print(f"{'edits lost':<28}{len(lost):>10,}")
    print(f"{'sign-ins (not measured)':<28}{results['sign_ins'] + results.get('approver_sign_ins', 0):>10,}")
    problems = run_problems(results)
    if db is not None:
        span = db["span"]
        print(f"{'claims submitted':<28}{len(results['submitted']):>10,}   of {len(db['drafts'])} councils' drafts, "
              f"over {span:.0f} s ({REAL_SURGE_SECONDS / span:.1f} x the real surge's pace)")  # fmt: skip
        print(f"{'  in the review queue':<28}{len(set(db['submitted']) & set(db['queue'])):>10,}")
        decided = results["decided"]
        print(f"{'lines decided in review':<28}{decided['accepted'] + decided['rejected']:>10,}   "
              f"{decided['rejected']} rejected, {decided['refused']} refused (decided first by another)")  # fmt: skip
        print(f"{'payments claimed twice':<28}{len(db['twice']):>10,}")
        print(f"{'families over the cap':<28}{len(db['over_cap']):>10,}")
        tasks = ", ".join(f"{n} {status.lower()}" for status, n in sorted(db["tasks"].items())) or "none"
        print(f"{'background tasks':<28}{sum(db['tasks'].values()):>10,}   {tasks}")
        problems += surge_problems(results, db)
    by_kind: dict[str, list[float]] = {}
    for kind, ms, _ in results["requests"]:
        if kind != "sign-in":
            by_kind.setdefault(kind, []).append(ms)
    print("\nby page:")
    for kind, values in sorted(by_kind.items()):
        values.sort()
        print(
            f"  {kind:<30}{len(values):>8,}  p50 {percentile(values, 0.5):>5.0f}  p95 {percentile(values, 0.95):>5.0f}"
            f"  max {values[-1]:>6.0f}"
        )
    for kind, _ms, error in errors[:10]:
        print(f"  error: {kind}: {error}")
    for problem in problems:
        print(f"  failed: {problem}")
    failed = bool(problems or lost or errors or p95 >= TARGET_P95_MS)
    print(f"\n{'FAILED' if failed else 'OK'}: (details and the server logs in {work})")
    return 1 if failed else 0
