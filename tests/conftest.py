"""The cast of every test: alice (officer) and amir (approver) of one council, bob (officer) of another
council (the stranger), carol and sam (central staff), dan (admin)."""

import pytest

from councils.models import User
from tests.factories.councils import CouncilFactory, UserFactory

PASSWORD = "correct-horse-battery"

# Production hashes passwords with PBKDF2 at Django's full cost (about a second a password on this machine); every
# user the tests make would pay it. The tests hash with MD5 instead; test_settings proves production does not.
FAST_PASSWORD_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


# Django's PostgreSQL backend with a faster way of emptying the tables after a transactional test (see its module).
TEST_POSTGRESQL_ENGINE = "tests.postgresql"


def pytest_configure(config):
    from django.conf import settings

    settings.PASSWORD_HASHERS = [FAST_PASSWORD_HASHER]
    # WhiteNoise lists every static file when a request handler is made, and the test client makes one per test: in
    # the tests it looks a file up when one is asked for instead (no test serves static files through it in-process;
    # tests/deploy serves them as production does).
    settings.WHITENOISE_AUTOREFRESH = True
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.postgresql":
        from django.db import connections

        database["ENGINE"] = TEST_POSTGRESQL_ENGINE
        connections["default"].close()  # made (not opened) by pytest-django before this hook: made anew on first use
        del connections["default"]


@pytest.fixture
def council(db):
    return CouncilFactory(gss_code="E08000025", name="Birmingham", troubled_families_estimate=4180)


@pytest.fixture
def other_council(db):
    return CouncilFactory(gss_code="E08000003", name="Manchester", troubled_families_estimate=2385)


@pytest.fixture
def alice(council):
    return UserFactory(username="alice", role=User.Role.OFFICER, council=council, first_name="Alice")


@pytest.fixture
def amir(council):
    return UserFactory(username="amir", role=User.Role.APPROVER, council=council, first_name="Amir")


@pytest.fixture
def bob(other_council):
    return UserFactory(username="bob", role=User.Role.OFFICER, council=other_council, first_name="Bob")


@pytest.fixture
def carol(db):
    return UserFactory(username="carol", role=User.Role.CENTRAL, council=None, first_name="Carol")


@pytest.fixture
def sam(db):
    """A second member of central staff: approves what carol checked (separation of duties)."""
    return UserFactory(username="sam", role=User.Role.CENTRAL, council=None, first_name="Sam")


@pytest.fixture
def dan(db):
    return UserFactory(
        username="dan", role=User.Role.ADMIN, council=None, first_name="Dan", is_staff=True, is_superuser=True
    )


@pytest.fixture
def seeded(db):
    from django.core.management import call_command

    call_command("seed_programme", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(autouse=True)
def _reporting_quarters(request):
    """The reporting quarters come with a migration; a browser journey (a transactional test) flushes them with the
    rest. Tests that run after one in the same worker's database get them back, as a fresh database has them."""
    database = next((name for name in ("transactional_db", "db") if name in request.fixturenames), None)
    if database is None:
        return
    request.getfixturevalue(database)  # set up before this fixture reads
    from programme.models import ReportingQuarter
    from programme.quarters import reporting_quarters

    if not ReportingQuarter.objects.exists():
        ReportingQuarter.objects.bulk_create(
            ReportingQuarter(label=label, starts_on=starts_on, ends_on=ends_on, due_on=due_on)
            for label, starts_on, ends_on, due_on in reporting_quarters()
        )
