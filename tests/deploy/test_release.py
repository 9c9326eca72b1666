"""The release, exactly as the README's "Deploying" section says it, under production settings.

The rest of the suite runs with the development shortcuts (no hashed static files, no HTTPS redirect); this test
runs what an operator runs: the README's commands, literally, with DEBUG off, the manifest storage, the HTTPS
redirect, secure cookies and two-factor sign-in on, against a scratch PostgreSQL database of its own. Then it asks
gunicorn for the sign-in page, the stylesheet that page links (by its hashed name) and /health/, as the proxy
would: with `X-Forwarded-Proto: https`.
"""

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from http.client import HTTPConnection, HTTPResponse
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import pytest

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"

# What pytest-env sets for the rest of the suite: none of it may reach the release.
DEVELOPMENT_SHORTCUTS = {
    "DEBUG",
    "SECRET_KEY",
    "SECURE_SSL_REDIRECT",
    "SECURE_COOKIES",
    "STATIC_MANIFEST",
    "REQUIRE_TWO_FACTOR",
    "CONN_MAX_AGE",
    "TASK_BACKEND",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def readme_release_commands() -> list[str]:
    """The shell lines of the first `sh` block under the README's "## Deploying" heading, comments removed."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("\n## Deploying\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block, "the README's Deploying section has no sh block"
    lines = [line.split("#", 1)[0].strip() for line in block.group(1).splitlines()]
    return [line for line in lines if line]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@pytest.fixture
def scratch_database_url():
    base = urlsplit(os.environ["DATABASE_URL"])
    assert base.scheme.startswith("postg"), "the release test needs PostgreSQL"
    name = f"{base.path.lstrip('/')}_release"
    assert re.fullmatch(r"[a-z_][a-z0-9_]*", name), name
    server = {"host": base.hostname, "port": base.port or 5432, "user": base.username or "postgres"}
    admin = psycopg2.connect(**server, password=base.password, dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield base._replace(path=f"/{name}").geturl()
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.fixture
def static_root():
    """collectstatic writes to the repository's staticfiles/ (as on a web server); leave no trace if none was there."""
    path = ROOT / "staticfiles"
    existed = path.exists()
    yield path
    if not existed:
        shutil.rmtree(path, ignore_errors=True)


def production_env(database_url: str, port: int) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in DEVELOPMENT_SHORTCUTS}
    return {
        **env,
        "DEBUG": "off",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": database_url,
        "STATIC_MANIFEST": "on",
        "SECURE_SSL_REDIRECT": "on",
        "SECURE_COOKIES": "on",
        "REQUIRE_TWO_FACTOR": "on",
        "PORT": str(port),
        "BIND_ADDRESS": HOST,
        "WEB_CONCURRENCY": "1",
        "LOG_LEVEL": "WARNING",
    }


def get(port: int, path: str, *, https: bool = True) -> tuple[HTTPResponse, bytes]:
    connection = HTTPConnection(HOST, port, timeout=10)
    connection.request("GET", path, headers={"X-Forwarded-Proto": "https"} if https else {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def wait_for(port: int, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, "the serve command exited:\n" + server.stdout.read()
        try:
            get(port, "/health/")
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the serve command did not answer in time")


def test_the_readmes_release_steps_serve_the_sign_in_page_its_stylesheet_and_health(scratch_database_url, static_root):
    commands = readme_release_commands()
    assert len(commands) >= 2, commands
    *release, serve = commands
    port = free_port()
    env = production_env(scratch_database_url, port)
    for command in release:
        done = subprocess.run(["bash", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, f"{command!r} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"

    server = subprocess.Popen(
        ["bash", "-c", serve],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: make, gunicorn and its workers end together
    )
    try:
        wait_for(port, server)

        response, body = get(port, "/accounts/login/")
        page = body.decode()
        assert response.status == 200, page[:2000]
        assert 'name="username"' in page
        assert "Secure" in response.getheader("Set-Cookie", ""), "cookies are not marked secure"
        assert response.getheader("Strict-Transport-Security"), "no HSTS header"

        stylesheet = re.search(r'<link rel="stylesheet" href="(/static/govuk/govuk-frontend\.min\.[^"]+\.css)"', page)
        assert stylesheet, "the sign-in page links no GOV.UK stylesheet"
        assert re.fullmatch(r"/static/govuk/govuk-frontend\.min\.[0-9a-f]{12}\.css", stylesheet.group(1)), (
            f"{stylesheet.group(1)} is not the manifest's hashed name"
        )
        response, css = get(port, stylesheet.group(1))
        assert response.status == 200
        assert response.getheader("Content-Type", "").startswith("text/css")
        assert b"sourceMappingURL" not in css
        # The fonts the stylesheet names were rewritten to their hashed names too, and are served.
        font = re.search(rb'url\("?(assets/fonts/[^")]+\.[0-9a-f]{12}\.woff2)"?\)', css)
        assert font, "the stylesheet's fonts are not hashed"
        assert get(port, "/static/govuk/" + font.group(1).decode())[0].status == 200

        response, body = get(port, "/health/")
        assert (response.status, body) == (200, b"ok")

        # Without the proxy's header the request is plain HTTP: production sends it to HTTPS.
        response, _ = get(port, "/accounts/login/", https=False)
        assert response.status == 301
        assert response.getheader("Location", "").startswith("https://")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
