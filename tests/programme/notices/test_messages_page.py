"""The messages sent page: for admins only, filtered by kind and date, exported as CSV."""

import datetime as dt

import pytest

from programme.notices.models import Notice


@pytest.fixture
def notices(amir, alice):
    Notice.objects.create(
        kind=Notice.Kind.RETURN_DUE,
        key="pilot 1 quarter 2",
        on=dt.date(2014, 7, 24),
        recipient=amir,
        email=amir.email,
        subject="Quarterly return for Birmingham due on 31 July 2014",
        body="...",
    )
    Notice.objects.create(
        kind=Notice.Kind.WINDOW_CLOSING,
        key="window 1 on 2014-07-31",
        on=dt.date(2014, 7, 28),
        recipient=alice,
        email=alice.email,
        subject="The claim window closes on 31 July 2014",
        body="...",
    )


def test_an_admin_sees_every_message_and_filters_them(client, dan, notices):
    client.force_login(dan)
    page = client.get("/accounts/messages-sent/").content.decode()
    assert "Quarterly return for Birmingham due on 31 July 2014" in page
    assert "The claim window closes on 31 July 2014" in page
    page = client.get("/accounts/messages-sent/", {"kind": "window_closing"}).content.decode()
    assert "The claim window closes" in page and "Birmingham due on" not in page
    page = client.get("/accounts/messages-sent/", {"on": "2014-07-24"}).content.decode()
    assert "Birmingham due on" in page and "The claim window closes" not in page
    export = client.get("/accounts/messages-sent/", {"_export": "csv"})
    csv = b"".join(export.streaming_content).decode()
    assert "alice@example.gov.uk" in csv and "amir@example.gov.uk" in csv


def test_the_accounts_page_links_to_it(client, dan):
    client.force_login(dan)
    assert 'href="/accounts/messages-sent/"' in client.get("/accounts/users/").content.decode()


@pytest.mark.parametrize("who", ["alice", "amir", "carol"])
def test_no_one_else_sees_it(client, request, who, notices):
    client.force_login(request.getfixturevalue(who))
    response = client.get("/accounts/messages-sent/")
    assert response.status_code in (403, 404)
    assert b"Birmingham due on" not in response.content
