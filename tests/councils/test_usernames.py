"""Invited usernames cannot imitate another user's: ASCII letters, digits and . _ - only, and no username that
looks like an existing one (case, separators and ASCII lookalikes set aside)."""

import pytest

from councils.account_forms import username_skeleton
from councils.models import User
from tests.factories.councils import UserFactory

CYRILLIC_O = "\u043e"


def invite(client, username: str):
    data = {"first_name": "Nadia", "last_name": "New", "email": "nadia@birmingham.gov.uk", "username": username}
    return client.post("/accounts/users/invite/", data)


@pytest.fixture
def officer(council):
    return UserFactory(username="officer", role=User.Role.OFFICER, council=council)


def test_a_username_with_a_cyrillic_letter_is_refused(client, amir, officer):
    client.force_login(amir)
    response = invite(client, f"{CYRILLIC_O}fficer")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Usernames can only contain letters a to z, numbers, full stops, underscores and hyphens" in body
    assert "govuk-error-summary" in body
    assert not User.objects.filter(username=f"{CYRILLIC_O}fficer").exists()


@pytest.mark.parametrize("username", ["0fficer", "OFFICER", "offlcer", "off1cer", "of.ficer", "o_f-ficer"])
def test_a_username_that_looks_like_an_existing_one_is_refused(client, amir, officer, username):
    client.force_login(amir)
    response = invite(client, username)
    assert response.status_code == 200
    body = response.content.decode()
    assert "That username looks too like someone else" in body or "That username is taken" in body
    assert User.objects.count() == 2  # amir and officer


@pytest.mark.parametrize("username", ["nadia", "n.new", "nadia_new-2"])
def test_a_plain_new_username_is_accepted(client, amir, officer, username):
    client.force_login(amir)
    assert invite(client, username).status_code == 302
    assert User.objects.filter(username=username).exists()


@pytest.mark.parametrize(
    ("username", "skeleton"),
    [("Officer", "officer".replace("i", "l")), ("j.smith", "jsmlth"), ("ﬁona", "flona"), ("rnary", "mary")],
)
def test_the_skeleton(username, skeleton):
    assert username_skeleton(username) == skeleton
