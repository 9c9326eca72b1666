import datetime as dt

import pytest

from councils.models import User
from programme.models import ReportingQuarter
from tests.factories.councils import UserFactory
from tests.factories.programme import MembershipFactory, PilotFactory

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
DUE = dt.date(2014, 7, 31)


@pytest.fixture
def pilot(council, amir):
    pilot = PilotFactory(name="Birmingham", slug="birmingham", started_on=dt.date(2013, 4, 1))
    MembershipFactory(pilot=pilot, council=council, is_lead=True)
    return pilot


@pytest.fixture
def stranger_approver(other_council):
    """An approver of a council outside the pilot: not told of its returns or asks."""
    return UserFactory(username="olga", role=User.Role.APPROVER, council=other_council, first_name="Olga")


@pytest.fixture
def quarter(db):
    """A quarter of the programme's reporting quarters (seeded with the database)."""
    found = ReportingQuarter.objects.get(label="2014/15 Q1")
    assert found.due_on == DUE
    return found


@pytest.fixture
def queued(settings, monkeypatch):
    settings.TASKS = DATABASE_TASKS
    # The worker runs in the test's transaction here; its check for stale connections would close the test's own.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
