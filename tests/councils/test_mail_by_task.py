"""E-mail is sent by the worker, not in the request: the invitation and the password reset queue a task in the
database, and `db_worker` sends it."""

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from councils import actions
from councils.models import User

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def queued(settings, monkeypatch):
    settings.TASKS = DATABASE_TASKS
    # The worker runs here, in the test's transaction, where its check for stale connections would close the
    # test's own (tests/families/test_import_worker.py runs it as its own process, as in production).
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


def run_worker() -> None:
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


def test_an_invitation_is_queued_and_sent_by_the_worker(client, amir, queued):
    client.force_login(amir)
    data = {"first_name": "Nadia", "last_name": "New", "email": "nadia@birmingham.gov.uk", "username": "nadia"}
    client.post("/accounts/users/invite/", data)
    assert User.objects.filter(username="nadia").exists()
    assert mail.outbox == []
    assert DBTaskResult.objects.get().task_path == "councils.mail.send_email"

    run_worker()
    assert [message.to for message in mail.outbox] == [["nadia@birmingham.gov.uk"]]
    assert "/accounts/invitation/" in mail.outbox[0].body
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_an_invitation_that_rolls_back_sends_nothing(amir, queued):
    with pytest.raises(Exception, match="username"):
        actions.invite_user(
            amir,
            first_name="Dup",
            last_name="Licate",
            email="amir2@birmingham.gov.uk",
            username=amir.username,  # taken: the account is refused before anything is queued
            role=User.Role.OFFICER,
            council=amir.council,
            link_for=lambda token: f"https://example.invalid/{token}/",
        )
    assert not DBTaskResult.objects.exists()


def test_a_password_reset_is_sent_by_the_worker(client, alice, queued):
    response = client.post("/accounts/password/reset/", {"email": alice.email})
    assert response.status_code == 302 and mail.outbox == []
    run_worker()
    assert [message.to for message in mail.outbox] == [[alice.email]]
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_a_password_reset_for_an_unknown_address_queues_nothing(client, db, queued):
    client.post("/accounts/password/reset/", {"email": "nobody@example.invalid"})
    assert not DBTaskResult.objects.exists()
