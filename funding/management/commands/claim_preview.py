"""`python manage.py claim_preview GSS_CODE --on YYYY-MM-DD`: the lines a council could claim on a date.

CSV on stdout: family_reference,payment_type,amount,financial_year,reason. Lines already claimed (rejected
lines aside) are left out, and so is a payment rejected as invalid while the family's records are unchanged since
the rejection (docs/claim-rules.md). Read-only. The financial year is the schedule's: the year the family was attached,
whose amounts the line uses. Usage errors (unknown council, bad date) exit 2.
"""

import csv
import io
import re
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from councils.models import Council
from funding.results import claimable_lines

HEADER = ["family_reference", "payment_type", "amount", "financial_year", "reason"]


class Command(BaseCommand):
    help = "Print, as CSV, the lines a council could claim on a date and has not yet claimed."

    def add_arguments(self, parser):
        parser.add_argument("gss_code", help="The council's GSS code, for example E08000025.")
        parser.add_argument("--on", required=True, dest="on", help="The date results are judged on: YYYY-MM-DD.")

    def handle(self, *args, gss_code: str, on: str, **options) -> None:
        try:
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", on):
                raise ValueError(on)
            as_of = date.fromisoformat(on)
        except ValueError:
            raise CommandError(  # noqa: B904 (the date is the user's mistake, not a chained failure)
                f"--on must be a date written YYYY-MM-DD, for example 2013-03-31 (got {on!r})", returncode=2
            )
        council = Council.objects.filter(gss_code=gss_code.strip().upper()).first()
        if council is None:
            raise CommandError(f"No council has the GSS code {gss_code!r}", returncode=2)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(HEADER)
        for family, decision in claimable_lines(council, as_of):
            writer.writerow(
                [family.reference, decision.payment_type, decision.amount, decision.financial_year, decision.reason]
            )
        self.stdout.write(out.getvalue(), ending="")
