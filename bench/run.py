"""`python -m bench.run [--json PATH] [--keep]`: build the national data set in a scratch PostgreSQL database
(named by BENCH_DB, default programme_bench, on the server of DATABASE_URL), then run each area's measures.

The scratch database is dropped and created at the start, and dropped at the end unless --keep.
"""

import argparse
import importlib
import json
import os
import sys
import time
from urllib.parse import urlsplit, urlunsplit

MEASURES = ["bench.families", "bench.imports", "bench.funding", "bench.programme"]


def scratch_url() -> tuple[str, str]:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/programme")
    name = os.environ.get("BENCH_DB", "programme_bench")
    parts = urlsplit(base)
    if not parts.scheme.startswith("postgres"):
        sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL to a postgres:// address.")
    return urlunsplit(parts._replace(path=f"/{name}")), name


def recreate(url: str, name: str, drop_only: bool = False) -> None:
    import psycopg2

    parts = urlsplit(url)
    admin = psycopg2.connect(
        dbname="postgres", host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def configure(url: str) -> None:
    """Production-like settings (DEBUG off), with what the test client needs over plain HTTP."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-any-real-deployment-0123456789")
    for name, value in {
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "STATIC_MANIFEST": "0",
        "REQUIRE_TWO_FACTOR": "0",
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
    }.items():
        os.environ[name] = value
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "programme.settings")
    import django

    django.setup()


def dataset_total() -> int:
    return int(os.environ.get("SCALE", 120_000))


def bench_users(council):
    from councils.models import User

    def user(username, role, council=None, **extra):
        found = User.objects.filter(username=username).first()
        return found or User.objects.create_user(
            username, f"{username}@bench.invalid", "bench-password-0123", role=role, council=council, **extra
        )

    return {
        "officer": user("bench.officer", User.Role.OFFICER, council, first_name="Olu", last_name="Officer"),
        "approver": user("bench.approver", User.Role.APPROVER, council, first_name="Ana", last_name="Approver"),
        "central": user("bench.central", User.Role.CENTRAL, first_name="Cy", last_name="Central"),
        "admin": user("bench.admin", User.Role.ADMIN, is_staff=True, is_superuser=True),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", help="write the figures to this file as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database afterwards")
    parser.add_argument(
        "--scale",
        type=int,
        default=dataset_total(),
        help="families in the national data set (default 120,000; the expanded programme: 400,000)",
    )
    parser.add_argument("--only", choices=[name.split(".")[1] for name in MEASURES], help="measure one area only")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the scratch database kept by an earlier --keep, as it is (migrated, not rebuilt; its "
        "claims, if built, stay: the preview and the draft then have less to propose)",
    )
    args = parser.parse_args(argv)
    if args.reuse:
        args.keep = True

    started = time.perf_counter()
    url, name = scratch_url()
    print(f"Scratch database {name}: {'reusing' if args.reuse else 'creating'}", flush=True)
    if not args.reuse:
        recreate(url, name)
    configure(url)

    from django.core.management import call_command

    from bench import dataset
    from bench.harness import Bench
    from councils.models import Council

    call_command("migrate", verbosity=0)
    call_command("seed_programme", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    council = Council.objects.get(gss_code="E08000025")
    bench = Bench(council, bench_users(council))
    bench.scale = max(1.0, args.scale / dataset.NATIONAL_FAMILIES)  # the expanded programme scales every council
    if args.only != "imports" and not args.reuse:  # the import measures councils of their own
        print("Building the national data set", flush=True)
        t0 = time.perf_counter()
        built = dataset.build(council.gss_code, total=args.scale)
        bench.record("national data set (COPY)", seconds=round(time.perf_counter() - t0, 1), **built)

    for module_name in MEASURES if args.only is None else [f"bench.{args.only}"]:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        print(f"Measuring {module_name}", flush=True)
        module.measure(bench)

    bench.record("whole benchmark", seconds=round(time.perf_counter() - started, 1))
    print()
    print(bench.table())
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(bench.as_json(), handle, indent=2, default=str)
        print(f"\nFigures written to {args.json}")
    if not args.keep:
        from django.db import connections

        connections.close_all()
        recreate(url, name, drop_only=True)


if __name__ == "__main__":
    main()
