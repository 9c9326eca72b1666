"""`make load`: the service under gunicorn on PostgreSQL, driven by simulated users from a second process.

    python -m bench.load [--scenario steady|surge] [--users 50] [--seconds N] [--think 1,5] [--servers N]
                         [--workers N] [--task-workers N] [--scale 1.0] [--keep-db]

1. Builds a scratch database (env LOAD_DB, default programme_load, on the server of DATABASE_URL): the roster,
   national-scale families (each council's troubled-families estimate, about 120,000 in all, with their
   people), one officer account per simulated officer and central reviewers (build.py).
2. Starts gunicorn masters on 127.0.0.1 (--servers, on --port and the ports after it; --workers each) and
   background workers (`manage.py db_worker`, --task-workers), all on the one database (server.py).
3. Starts the driver, a second process (`--drive`): one thread per simulated user (users.py). Each signs in
   through the sign-in form before the run (not measured: password hashing is deliberately slow), then, for the
   run's length, with a think time between requests:
   - officers (4 in 5): list their families (a page of the list, sometimes filtered), open a family, and edit
     one (the edit form, changed and posted back), each officer on families of its own, so no two users race;
   - central reviewers: the national picture, the claims queue, the council and pilot lists and pages.
   Only loopback addresses; every request has a timeout; the run stops by itself.
4. Prints requests per second, p50/p95/p99 (ms), errors, and checks that every edit the driver made is in the
   database afterwards (report.py, checks.py). Exits 1 on a lost edit, an error, p95 over the target, or a run
   that measured less than its users imply.

The surge (--scenario surge): the claim window's last days, when all 152 councils' approvers submit in the same ten
minutes. Setup opens a claim window (today pinned to 2015-03-31) and has an officer of every council prepare its
draft claim (funding.actions.prepare_claim, what the page calls). During the run, besides the steady users, each
council's approver signs in and, at its moment of the run (the 152 spread evenly over all but its last seconds),
submits through the pages: the claim, the sign-off form, the check-your-answers page and the confirmation.
Central reviewers work the review queue as it fills: its claims, their lines, decisions on lines (the rejections'
notices sent by the task workers). Afterwards, in the database: every draft submitted and in central staff's
review queue, no payment type claimed twice for a family, no family over its cap, no background task failed.
"""

from bench.load.report import fewest_requests, over_cap, run_problems, surge_problems, twice_claimed
from bench.load.users import start_line

__all__ = ["fewest_requests", "over_cap", "run_problems", "start_line", "surge_problems", "twice_claimed"]
