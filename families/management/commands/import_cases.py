"""`python manage.py import_cases GSS_CODE PATH [--dry-run]`: load a council's case file (docs/import-format.md).

Exit codes: 0 saved (or checked, with --dry-run), and one summary line printed; 1 the file has bad rows: each
problem is printed on its own line (stdout) and nothing was saved; 2 usage errors (unknown council, unreadable
file), said on stderr.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from councils.models import Council
from families.casefile import CaseFileUnreadable
from families.imports import CaseFileErrors, import_case_file


class Command(BaseCommand):
    help = "Load a council's case file (.xlsx, .zip of CSV files, or a folder of CSV files). All or nothing."
    # The system checks load every URL, view and template tag (about a second): `manage.py check` and the
    # deployment run them; a data load need not pay them each time.
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("gss_code", help="the council's GSS code, e.g. E08000025")
        parser.add_argument("path", type=Path, help="an .xlsx workbook, a .zip of CSV files, or a folder of CSV files")
        parser.add_argument("--dry-run", action="store_true", help="check and count what would change; save nothing")

    def handle(self, *args, gss_code: str, path: Path, dry_run: bool, **options) -> None:
        council = Council.objects.filter(gss_code=gss_code.strip().upper()).first()
        if council is None:
            self.stderr.write(f"No council has the GSS code {gss_code}.")
            sys.exit(2)
        try:
            result = import_case_file(council, path, filename=path.name, dry_run=dry_run)
        except CaseFileUnreadable as error:
            self.stderr.write(f"Cannot read {path}: {error}")
            sys.exit(2)
        except CaseFileErrors as errors:
            for problem in errors.problems:
                self.stdout.write(str(problem))
            sys.exit(1)
        self.stdout.write(result.summary)
        if dry_run:
            self.stderr.write("Dry run: nothing was saved.")
