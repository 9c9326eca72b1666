"""The task backend comes from TASK_BACKEND: the database (a worker runs the tasks) unless told otherwise."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def settings_of(expression: str, **env: str) -> subprocess.CompletedProcess:
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "TASK_BACKEND"}}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "programme.settings", **env},
        capture_output=True,
        text=True,
    )


def test_tasks_go_to_the_database_unless_told_to_run_at_once():
    expression = "settings.TASKS['default']['BACKEND']"
    assert settings_of(expression).stdout.strip() == "django_tasks_db.DatabaseBackend"
    immediate = settings_of(expression, TASK_BACKEND="immediate").stdout.strip()
    assert immediate == "django_tasks.backends.immediate.ImmediateBackend"


def test_an_unknown_task_backend_refuses_to_start_and_says_why():
    result = settings_of("settings.TASKS", TASK_BACKEND="celery")
    assert result.returncode != 0
    assert "TASK_BACKEND is 'celery': it must be one of database, immediate" in result.stderr
