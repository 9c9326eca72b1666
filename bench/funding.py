"""Funding figures for `make bench`: the claim preview and the draft claim of the largest council.

Both must stay under 2 seconds with a query count that does not grow with the number of families (the rules
run on records loaded in bulk). The draft is prepared inside a transaction that is rolled back, so each
repetition measures the same work and the benchmark database is left as it was.
"""

from datetime import date

from django.db import transaction

from councils.access import Refused
from funding import actions
from funding.results import claimable_lines, decide_council, load_council_records

AS_OF = date(2015, 3, 31)  # the end of the programme's last payment year: every result is in reach
TARGET_MS = 2000


class _RolledBack(Exception):
    pass


def measure(bench) -> None:
    council = bench.council
    officer = bench.users["officer"]

    lines = claimable_lines(council, AS_OF)
    bench.record(
        "funding: claimable lines for the largest council",
        families=council.families.count(),
        lines=len(lines),
        pounds=sum(decision.amount for _, decision in lines),
    )
    bench.timed(
        "funding: claim preview (largest council)", lambda: claimable_lines(council, AS_OF), target_ms=TARGET_MS
    )

    def draft() -> None:
        try:
            with transaction.atomic():
                actions.prepare_claim(officer, AS_OF)
                raise _RolledBack
        except (_RolledBack, Refused):
            pass

    bench.timed("funding: draft claim (largest council)", draft, target_ms=TARGET_MS)
    bench.timed(
        "funding: progress return rules (largest council)",
        lambda: decide_council(load_council_records(council), AS_OF),
        target_ms=TARGET_MS,
    )
    bench.page("funding: claims list (officer)", "/claims/", officer, target_ms=TARGET_MS)
    bench.page("funding: review queue (central)", "/claims/", bench.users["central"], target_ms=TARGET_MS)
    bench.page(
        "funding: statement (central)",
        f"/claims/statements/?council={council.gss_code}",
        bench.users["central"],
        target_ms=TARGET_MS,
    )
