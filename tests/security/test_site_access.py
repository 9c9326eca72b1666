"""Access to every URL of the site, walked from the URL configuration (tests/security/targets.py):

- anonymous users are sent to sign in, except on the explicit allow-list of public pages;
- a signed-in central user or admin meets the second factor before any page;
- an officer (or approver) of another council gets 404 on every page of one of Birmingham's objects;
- every form refuses a request without a CSRF token;
- every response carries the security headers.
"""

from urllib.parse import quote

import pytest
from django.test import Client, override_settings

from tests.security.site import admin_routes, site_routes
from tests.security.targets import TARGETS

NAMES = sorted(TARGETS)
PER_OBJECT = [(name, stranger) for name in NAMES if TARGETS[name].per_object for stranger in TARGETS[name].strangers]
GUARDED = [name for name in NAMES if not TARGETS[name].public]


def request(client: Client, name: str, demo, *, post: bool = False):
    target = TARGETS[name]
    url = target.url(name, demo)
    if post or target.post_only:
        return url, client.post(url)
    return url, client.get(url)


@pytest.mark.parametrize("name", GUARDED)
def test_anonymous_users_are_sent_to_sign_in(client, demo, name):
    url, response = request(client, name, demo)
    assert response.status_code == 302, f"{name} ({url}) answered {response.status_code} to an anonymous user"
    assert response["Location"] == f"/accounts/login/?next={quote(url)}"


def test_the_public_pages_are_exactly_the_allow_list():
    open_views = {route.name for route in site_routes() if not getattr(route.callback, "login_required", True)}
    allowed = {name for name, target in TARGETS.items() if target.public}
    assert open_views == allowed, (
        "Views marked @login_not_required must be public=True in tests/security/targets.py, and only those: "
        f"open but not listed {sorted(open_views - allowed)}, listed but not open {sorted(allowed - open_views)}"
    )


@pytest.mark.parametrize("name", sorted(name for name in NAMES if TARGETS[name].public))
def test_public_pages_answer_anonymous_users(client, demo, name):
    url, response = request(client, name, demo)
    assert response.status_code in (200, 302), f"{name} ({url}) answered {response.status_code}"
    if response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("name", [n for n in GUARDED if not TARGETS[n].before_two_factor])
@pytest.mark.parametrize("role", ["central", "admin"])
def test_central_staff_and_admins_meet_the_second_factor_before_any_page(client, demo, settings, name, role):
    settings.REQUIRE_TWO_FACTOR = True
    client.force_login(getattr(demo, role))
    url, response = request(client, name, demo)
    assert response.status_code == 302, f"{name} ({url}) answered {response.status_code} before the second factor"
    assert response["Location"].startswith("/accounts/two-factor/set-up/?next=")


@pytest.mark.parametrize(("name", "stranger"), PER_OBJECT)
def test_another_councils_user_gets_404(client, demo, name, stranger):
    client.force_login(demo.strangers[stranger])
    url, response = request(client, name, demo)
    assert response.status_code == 404, f"{name} ({url}) answered {response.status_code} to {stranger} of Manchester"


@pytest.mark.parametrize("name", sorted(n for n in NAMES if TARGETS[n].per_object))
def test_per_object_pages_answer_their_own_council(client, demo, name):
    """The 404 above must come from the council check, not from a URL that reaches nothing."""
    target = TARGETS[name]
    client.force_login(demo.approver if "accounts:" in name else getattr(demo, target.owner))
    url, response = request(client, name, demo)
    assert response.status_code in (200, 302), f"{name} ({url}) answered {response.status_code} to its own council"


@pytest.mark.parametrize("name", NAMES)
def test_every_form_refuses_a_request_without_a_csrf_token(demo, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo.admin)
    url, response = request(client, name, demo, post=True)
    assert response.status_code == 403, f"{name} ({url}) accepted a POST without a CSRF token"
    assert b"CSRF" in response.content


def test_no_view_is_exempt_from_csrf():
    exempt = [route.name for route in site_routes() + admin_routes() if getattr(route.callback, "csrf_exempt", False)]
    assert not exempt


@pytest.mark.parametrize("name", [n for n in NAMES if not TARGETS[n].post_only])
def test_responses_carry_the_security_headers(client, demo, name):
    client.force_login(demo.admin)
    _url, response = request(client, name, demo)
    assert "default-src 'self'" in response["Content-Security-Policy"], name
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"], name
    assert response["X-Content-Type-Options"] == "nosniff", name
    assert response["Referrer-Policy"] == "same-origin", name
    assert response["X-Frame-Options"] == "DENY", name


@pytest.mark.parametrize("name", sorted(n for n in NAMES if TARGETS[n].csv))
def test_csv_exports_carry_the_security_headers(client, demo, name):
    client.force_login(demo.admin)
    response = client.get(TARGETS[name].url(name, demo) + "?_export=csv")
    assert response["Content-Type"].startswith("text/csv"), name
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_hsts_under_production_settings(db):
    with override_settings(SECURE_HSTS_SECONDS=31_536_000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True):
        response = Client().get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_http_is_redirected_to_https_under_production_settings(db):
    with override_settings(SECURE_SSL_REDIRECT=True):
        response = Client().get("/accounts/login/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


class TestAdminRule:
    """Admin URLs need a staff account: one rule for all of them."""

    @staticmethod
    def admin_urls() -> list[str]:
        from django.urls import NoReverseMatch, reverse

        urls = []
        for route in admin_routes():
            kwargs = {arg: {"app_label": "councils"}.get(arg, "1") for arg in route.arguments}
            try:
                urls.append(reverse(route.name, kwargs=kwargs or None))
            except NoReverseMatch:
                continue
        assert len(urls) > 20, "the admin walk found almost nothing: fix this test"
        return sorted(set(urls))

    def test_anonymous_users_are_sent_to_sign_in(self, client, db):
        for url in self.admin_urls():
            response = client.get(url, follow=True)
            assert response.redirect_chain, url
            assert response.redirect_chain[-1][0].startswith("/accounts/login/"), url
            assert response.status_code == 200, url

    def test_council_and_central_users_are_refused(self, client, demo):
        for user in (demo.officer, demo.approver, demo.central):
            client.force_login(user)
            for url in self.admin_urls():
                response = client.get(url, follow=True)
                assert response.status_code == 403, f"{url} answered {response.status_code} to {user.username}"

    def test_admins_reach_the_admin(self, client, demo):
        client.force_login(demo.admin)
        assert client.get("/admin/").status_code == 200
