import pytest
from django.db import transaction

from tests.security.demo import Demo


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data, loaded once per module inside a transaction that is rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield Demo()
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_data, db) -> Demo:
    return demo_data
