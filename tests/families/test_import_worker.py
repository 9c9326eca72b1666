"""A real worker, as production runs it: `manage.py db_worker` in its own process against the test database,
checks an upload and then saves it, while the page only reads what the worker wrote."""

import os
import random
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from families.casefile import write_zip
from families.demo import family_sheets
from families.models import CaseUpload, Family
from tests.factories.councils import CouncilFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def database_url() -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return f"postgres://{quote(db['USER'])}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def run_worker() -> float:
    """Run every queued task in a worker process of its own, then stop; the seconds it took."""
    env = {**os.environ, "DATABASE_URL": database_url(), "TASK_BACKEND": "database", "CONN_MAX_AGE": "0"}
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return time.monotonic() - started


@pytest.fixture
def officer(transactional_db, settings):
    settings.TASKS = DATABASE_TASKS
    council = CouncilFactory(gss_code="E08000025", name="Birmingham", troubled_families_estimate=4180)
    return UserFactory(username="alice", role="officer", council=council, email="alice@birmingham.gov.uk")


def test_a_worker_process_checks_and_saves_an_upload_while_the_page_polls(client, officer):
    sheets = family_sheets(random.Random(7), "BHM", 400, officer.email)
    rows = sum(len(rows) for rows in sheets.values())
    client.force_login(officer)
    response = client.post("/families/import/", {"file": _file(write_zip(sheets))})
    upload = CaseUpload.objects.get()
    assert upload.status == CaseUpload.Status.CHECKING  # the request only stored the file and queued the check
    page = client.get(response.url)
    assert page["Refresh"] == "2" and "Checking cases.zip" in page.content.decode()
    assert client.get("/health/").status_code == 200

    run_worker()
    upload.refresh_from_db()
    assert (upload.status, upload.rows_done, upload.rows_total) == (CaseUpload.Status.CHECKED, rows, rows)
    assert upload.result["created"] == 400 and not Family.objects.exists()
    page = client.get(response.url)
    assert "Refresh" not in page and "Confirm and save" in page.content.decode()

    client.post(response.url)
    assert "Saving cases.zip" in client.get(response.url).content.decode()
    run_worker()
    assert Family.objects.filter(council=officer.council).count() == 400
    page = client.get(response.url).content.decode()
    assert "cases.zip is loaded" in page and "families: 400 created, 0 updated, 0 unchanged" in page


def _file(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("cases.zip", content, "application/zip")
