"""The parent's side of a load run: the scratch database, the gunicorn masters and the task workers."""

import json
import os
import re
import signal
import subprocess
import sys
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent.parent
HOST = "127.0.0.1"
PASSWORD = "load-test-password-2012"  # scratch database only


def scratch_database_url() -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/programme")
    parts = urlsplit(base)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit("make load needs PostgreSQL: set DATABASE_URL to a postgres:// URL (its server is used).")
    name = os.environ.get("LOAD_DB", "programme_load")
    return parts._replace(path=f"/{name}").geturl()


def server_env(database_url: str, programme_date: str = "") -> dict:
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
        "TASK_BACKEND": "database",
        "EMAIL_URL": "consolemail://",
        # The surge runs inside the programme's years (its claim window); empty is the real date, as in production.
        "PROGRAMME_DATE": programme_date,
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


def manage(database_url: str, *arguments: str, programme_date: str = "", quiet: bool = False) -> None:
    out = subprocess.DEVNULL if quiet else None
    env = server_env(database_url, programme_date)
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, check=True, stdout=out)


def in_django(database_url: str, call: str, programme_date: str = "", *, background: bool = False):
    """Run `call` (Python naming bench.load.* functions) in a Django process on the scratch database; return what
    it printed last, read as JSON (or, with `background`, the running process, its output piped)."""
    imports = "import django; django.setup(); import bench.load.build, bench.load.checks"
    command = [sys.executable, "-c", f"{imports}; {call}"]
    env = server_env(database_url, programme_date)
    if background:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    result = subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _start(command: list[str], database_url: str, programme_date: str, log_path: Path) -> subprocess.Popen:
    log = open(log_path, "w")  # noqa: SIM115  (closed when the process ends)
    return subprocess.Popen(
        command, cwd=ROOT, env=server_env(database_url, programme_date), stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip


def start_gunicorn(database_url: str, port: int, workers: int, log_path: Path, programme_date: str = ""):
    """One gunicorn master with its workers, as `make serve` runs it."""
    command = [sys.executable, "-m", "gunicorn", "programme.wsgi", "--bind", f"{HOST}:{port}", "--workers",
               str(workers), "--timeout", "30"]  # fmt: skip
    return _start(command, database_url, programme_date, log_path)


def start_task_worker(database_url: str, log_path: Path, programme_date: str = ""):
    """One background worker, as `make worker` runs it (`manage.py db_worker`)."""
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.5"]
    return _start(command, database_url, programme_date, log_path)


def stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def wait_until_healthy(port: int, seconds: float = 30) -> None:
    import time

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
    raise SystemExit(f"gunicorn on port {port} did not answer /health/ in time (see the server log)")
