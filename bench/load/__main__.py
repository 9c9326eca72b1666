"""`python -m bench.load` (`make load`): see the package's docstring."""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import bench.load
from bench.load import build, report, server

SURGE_DATE = "2015-03-31"  # the last day of the first programme's money: its claim window open


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=bench.load.__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", choices=["steady", "surge"], default="steady")
    parser.add_argument("--users", type=int, default=50, help="steady users at once (default 50)")
    parser.add_argument("--seconds", type=int, help="length of the measured run (default 60; the surge 180)")
    parser.add_argument("--servers", type=int, help="gunicorn masters, on --port and the ports after it (1; surge 2)")
    parser.add_argument("--workers", type=int, help="gunicorn workers per master (WEB_CONCURRENCY, else 2 per core "
                        "+ 1 for one master; the surge 3 each)")  # fmt: skip
    parser.add_argument("--task-workers", type=int, help="background workers, manage.py db_worker (0; surge 2)")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the national data set (default 1)")
    parser.add_argument("--think", default="1,5", help="seconds between a user's requests: MIN,MAX (default 1,5)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--keep-db", action="store_true", help="reuse the scratch database of the last steady run")
    parser.add_argument("--drive", help=argparse.SUPPRESS)  # the driver process: path of its plan
    args = parser.parse_args()
    surge = args.scenario == "surge"
    if surge and args.keep_db:
        parser.error("the surge submits its drafts: each run builds its database again (no --keep-db)")
    args.seconds = args.seconds or (180 if surge else 60)
    args.servers = args.servers or (2 if surge else 1)
    concurrency = int(os.environ.get("WEB_CONCURRENCY", 0)) or None
    args.workers = args.workers or (3 if surge else concurrency or 2 * (os.cpu_count() or 1) + 1)
    args.task_workers = args.task_workers if args.task_workers is not None else (2 if surge else 0)
    return args


def main() -> int:
    args = arguments()
    if args.drive:
        from bench.load.users import drive

        return drive(Path(args.drive))
    surge = args.scenario == "surge"
    day = SURGE_DATE if surge else ""
    database_url = server.scratch_database_url()
    reviewers = max(1, args.users // 5)
    officers = args.users - reviewers
    work = Path(tempfile.gettempdir()) / f"load-{urlsplit(database_url).path[1:]}"
    work.mkdir(exist_ok=True)
    plan_path = work / "plan.json"
    if not (args.keep_db and plan_path.exists()):
        print(f"Building the scratch database {urlsplit(database_url).path[1:]} (scale {args.scale})...", flush=True)
        server.recreate_database(database_url)
        plan = build.build(database_url, officers=officers, reviewers=reviewers, scale=args.scale, programme_date=day)
    else:
        plan = json.loads(plan_path.read_text())
    figures = plan["figures"]
    print(f"  {figures['families']:,} families, {figures['people']:,} people in {figures['councils']} councils, "
          f"built in {figures['build_seconds']} s", flush=True)  # fmt: skip
    think = [float(x) for x in args.think.split(",")]
    plan["users"] = [u for u in plan["users"] if u["role"] != "approver"]
    if surge:
        print(f"  {len(plan['drafts'])} draft claims ({figures['draft_lines']:,} lines) prepared in "
              f"{figures['drafts_seconds']} s", flush=True)  # fmt: skip
        plan["span"] = max(args.seconds / 2, args.seconds - 3 * think[1] - 10)
        plan["users"] += build.surge_schedule(plan["drafts"], plan["span"])
        for index, user in enumerate(plan["users"]):
            user["seed"] = index
    ports = [args.port + n for n in range(args.servers)]
    plan.update(scenario=args.scenario, ports=ports, seconds=args.seconds, think=think)
    plan["results"] = str(work / "results.json")
    plan_path.write_text(json.dumps(plan))

    processes = [
        server.start_gunicorn(database_url, port, args.workers, work / f"gunicorn-{port}.log", day) for port in ports
    ]
    processes += [
        server.start_task_worker(database_url, work / f"worker-{n}.log", day) for n in range(args.task_workers)
    ]
    try:
        for port in ports:
            server.wait_until_healthy(port)
        print(f"gunicorn: {args.servers} master(s) on {', '.join(map(str, ports))}, {args.workers} workers each; "
              f"{args.task_workers} task workers; {officers} officers and {reviewers} reviewers"
              + (f"; {len(plan['drafts'])} approvers submitting over {plan['span']:.0f} s" if surge else ""),
              flush=True)  # fmt: skip
        driver = subprocess.run(
            [sys.executable, "-m", "bench.load", "--drive", str(plan_path)],
            cwd=server.ROOT,
            timeout=args.seconds + 1200,
            check=False,
        )
        if driver.returncode != 0:
            print("The driver failed.", file=sys.stderr)
            return 1
    finally:
        for process in processes:
            server.stop(process)

    results = json.loads(Path(plan["results"]).read_text())
    edits_path = work / "edits.json"
    edits_path.write_text(json.dumps(results["edits"]))
    lost = server.in_django(database_url, f"bench.load.checks.lost_edits({str(edits_path)!r})", day)
    db = server.in_django(database_url, f"bench.load.checks.surge_figures({str(plan_path)!r})", day) if surge else None
    return report.report(results, lost, work, db)


if __name__ == "__main__":
    sys.exit(main())
