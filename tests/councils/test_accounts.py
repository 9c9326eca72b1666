from tests.conftest import PASSWORD


def test_it_signs_in_with_username_and_password(client, alice):
    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == "/"
    assert client.get("/").status_code == 200


def test_wrong_password_shows_the_error_summary(client, alice):
    response = client.post("/accounts/login/", {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "(error)" in body  # the page title says so too


def test_it_signs_out_only_by_post(client, alice):
    client.force_login(alice)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_it_changes_the_password(client, alice):
    client.force_login(alice)
    response = client.post(
        "/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-much-longer-passphrase",
            "new_password2": "a-much-longer-passphrase",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("a-much-longer-passphrase")


def test_a_short_new_password_is_refused_in_words(client, alice):
    client.force_login(alice)
    response = client.post(
        "/accounts/password/change/", {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"}
    )
    assert response.status_code == 200
    assert "The password must be 12 characters or more" in response.content.decode()


def test_admin_pages_list_the_roster(client, dan, seeded, django_assert_max_num_queries):
    client.force_login(dan)
    for url in ("/admin/councils/council/", "/admin/programme/pilot/", "/admin/councils/user/"):
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200
    assert client.get("/admin/programme/pilot/?q=Kent").content.decode().count("/change/") >= 1


def test_officers_cannot_reach_admin(client, alice):
    client.force_login(alice)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url
