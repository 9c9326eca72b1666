"""Demo users (one per role) and synthetic data, so that every page has something to show."""

import importlib

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Each app that has demo data keeps it in its own `demo` module with a `seed(stdout)` function.
DEMO_MODULES = ["councils.demo", "families.demo", "funding.demo", "funding.demo_money", "programme.demo"]


class Command(BaseCommand):
    help = "Add demo users (one per role, with a known password) and synthetic families. Not for production."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off (demo passwords are public).")

    def handle(self, *args, force: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo creates users with a published password: run it with DEBUG on, or --force.")
        call_command("seed_programme", stdout=self.stdout)
        with transaction.atomic():
            for name in DEMO_MODULES:
                try:
                    module = importlib.import_module(name)
                except ModuleNotFoundError as error:
                    if error.name != name:
                        raise
                    continue
                module.seed(self.stdout)
