"""Operations: the health check, one JSON log line per request, no state on the web servers, the settings."""

import json
import logging
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.db import connection

from councils.logging import JsonFormatter

ROOT = Path(__file__).resolve().parents[2]


class TestHealth:
    def test_it_answers_ok_when_the_database_answers(self, client, db):
        response = client.get("/health/")
        assert (response.status_code, response.content) == (200, b"ok")
        assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]

    def test_it_answers_503_with_no_details_when_the_database_does_not(self, client, db):
        with mock.patch.object(connection, "cursor", side_effect=Exception("connection refused to db.internal")):
            response = client.get("/health/")
        assert response.status_code == 503
        assert response.content == b"unavailable"

    def test_it_needs_no_sign_in(self, client, db):
        assert client.get("/health/").status_code == 200


class TestRequestLog:
    def records(self, caplog):
        return [r for r in caplog.records if r.name == "programme.requests"]

    def test_one_line_per_request_with_method_path_status_duration_and_user_id(self, client, alice, caplog):
        client.force_login(alice)
        with caplog.at_level(logging.INFO, logger="programme.requests"):
            client.get("/councils/?name=Birmingham&secret=1")
        (record,) = self.records(caplog)
        line = json.loads(JsonFormatter().format(record))
        assert line["method"] == "GET"
        assert line["path"] == "/councils/"
        assert line["status"] == 200
        assert isinstance(line["duration_ms"], float)
        assert line["user_id"] == alice.pk
        assert line["logger"] == "programme.requests"

    def test_it_never_holds_names_or_usernames(self, client, alice, caplog):
        client.force_login(alice)
        with caplog.at_level(logging.INFO, logger="programme.requests"):
            client.get("/accounts/two-factor/")
        text = JsonFormatter().format(self.records(caplog)[0])
        assert "alice" not in text.lower()
        assert alice.email not in text

    def test_anonymous_requests_have_no_user_id(self, client, db, caplog):
        with caplog.at_level(logging.INFO, logger="programme.requests"):
            client.get("/health/")
        assert json.loads(JsonFormatter().format(self.records(caplog)[0]))["user_id"] is None

    def test_secrets_in_paths_are_redacted(self, client, db, caplog):
        with caplog.at_level(logging.INFO, logger="programme.requests"):
            client.get("/accounts/invitation/abcdefSECRETtoken/")
            client.get("/accounts/password/reset/MQ/abc-SECRETtoken/")
        paths = [json.loads(JsonFormatter().format(r))["path"] for r in self.records(caplog)]
        assert paths == ["/accounts/invitation/[redacted]/", "/accounts/password/reset/[redacted]/[redacted]/"]

    def test_errors_are_logged_too(self, client, alice, caplog):
        client.force_login(alice)
        with caplog.at_level(logging.INFO, logger="programme.requests"):
            client.get("/councils/E00000000/")
        assert json.loads(JsonFormatter().format(self.records(caplog)[0]))["status"] == 404

    def test_every_log_record_is_one_json_line(self, caplog):
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "bad %s", ("thing",), None)
        line = JsonFormatter().format(record)
        assert "\n" not in line
        assert json.loads(line)["message"] == "bad thing"


class TestNoStateOnTheWebServers:
    def test_sessions_live_in_the_database(self):
        assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"

    def test_lockouts_are_counted_in_the_database(self):
        from axes.handlers.database import AxesDatabaseHandler
        from django.utils.module_loading import import_string

        assert issubclass(import_string(settings.AXES_HANDLER), AxesDatabaseHandler)

    def test_no_cache_is_relied_on_across_processes(self):
        for cache in settings.CACHES.values():
            assert cache["BACKEND"] in {
                "django.core.cache.backends.dummy.DummyCache",
                "django.core.cache.backends.db.DatabaseCache",
            }, "a local-memory or file cache differs between web servers"

    def test_messages_travel_with_the_request_not_the_server(self):
        storage = getattr(settings, "MESSAGE_STORAGE", "django.contrib.messages.storage.fallback.FallbackStorage")
        assert storage.endswith(("FallbackStorage", "CookieStorage", "SessionStorage"))

    def test_uploads_are_not_kept_on_disk_between_requests(self):
        assert settings.FILE_UPLOAD_HANDLERS[0].endswith("MemoryFileUploadHandler")


def _settings_in_subprocess(expression: str, **env: str) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    base = {k: v for k, v in __import__("os").environ.items() if k not in {"DEBUG", "EMAIL_URL", "REQUIRE_TWO_FACTOR"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "programme.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_email_goes_through_email_url():
    assert _settings_in_subprocess("settings.EMAIL_BACKEND") == "django.core.mail.backends.console.EmailBackend"
    smtp = _settings_in_subprocess(
        "settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS",
        EMAIL_URL="smtp+tls://mailer:pw@smtp.internal:587",
    )
    assert smtp == "django.core.mail.backends.smtp.EmailBackend smtp.internal 587 True"


def test_two_factor_is_required_unless_debug_is_on():
    assert _settings_in_subprocess("settings.REQUIRE_TWO_FACTOR", DEBUG="0") == "True"
    assert _settings_in_subprocess("settings.REQUIRE_TWO_FACTOR", DEBUG="1") == "False"
    assert _settings_in_subprocess("settings.REQUIRE_TWO_FACTOR", DEBUG="0", REQUIRE_TWO_FACTOR="0") == "False"


def test_the_idle_session_time_comes_from_the_environment():
    assert _settings_in_subprocess("settings.SESSION_COOKIE_AGE", SESSION_IDLE_SECONDS="600") == "600"


def test_every_variable_the_settings_read_is_in_env_example():
    source = (ROOT / "programme" / "settings.py").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', source))
    listed = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    assert read, "the pattern found no variables: fix this test"
    assert read - listed == set(), "add these to .env.example with a comment"
    assert {"WEB_CONCURRENCY", "PORT"} <= listed  # read by `make serve`


def test_gunicorn_serves_the_service_and_logs_json_lines(db):
    """The production run command (make serve): gunicorn, production settings, JSON request lines on stderr."""
    import socket
    import time
    from http.client import HTTPConnection

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **__import__("os").environ,
        "DATABASE_URL": _database_url(),
        "DEBUG": "0",
        "SECRET_KEY": "gunicorn-test-only-secret-key-not-for-any-real-deployment-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "WEB_CONCURRENCY": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "programme.wsgi", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        status = None
        for _ in range(60):
            try:
                connection = HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/health/?from=balancer")
                status = connection.getresponse().status
                break
            except OSError:
                time.sleep(0.25)
        assert status == 200
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    assert {"method": "GET", "path": "/health/", "status": 200} in [
        {k: line.get(k) for k in ("method", "path", "status")} for line in lines
    ]


def _database_url() -> str:
    """The test database, for a server started in another process."""
    from urllib.parse import quote

    s = connection.settings_dict
    password = f":{quote(s['PASSWORD'], safe='')}" if s["PASSWORD"] else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
