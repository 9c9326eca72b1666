"""The settings under production values: check --deploy clean, a strong secret key required."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "a-long-random-production-secret-key-0987654321-for-these-tests-only"


def _run(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "SECURE_SSL_REDIRECT",
            "SECURE_COOKIES",
            "REQUIRE_TWO_FACTOR",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "STATIC_MANIFEST",
            "TRUSTED_PROXIES",
            "TRUSTED_PROXY_COUNT",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = _run(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-0987654321",
        ALLOWED_HOSTS="pilots.example.gov.uk",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = _run("check", DEBUG="0", ALLOWED_HOSTS="x")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("key", "says"),
    [
        ("", "SECRET_KEY is set but empty"),
        ("k3y-0f-f0rty-n1ne-characters-is-one-too-short-xyz", "SECRET_KEY is too weak (49 characters"),
        ("ab" * 40, "SECRET_KEY is too weak (80 characters, 2 of them different"),
        ("django-insecure-" + STRONG_KEY, "SECRET_KEY starts with 'django-insecure-'"),
    ],
)
def test_it_refuses_to_start_with_a_weak_secret_key(key, says):
    result = _run("check", DEBUG="0", SECRET_KEY=key, ALLOWED_HOSTS="x")
    assert result.returncode != 0
    assert says in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr  # and says how to make a good one


def test_gunicorn_refuses_to_start_with_an_empty_secret_key():
    """Before, an empty key started the service and every request answered 500."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    server = subprocess.run(
        [sys.executable, "-m", "gunicorn", "programme.wsgi", "--bind", "127.0.0.1:0", "--workers", "1"],
        cwd=ROOT,
        env={**env, "DEBUG": "0", "SECRET_KEY": "", "ALLOWED_HOSTS": "x"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert server.returncode != 0
    assert "SECRET_KEY is set but empty" in server.stderr


def test_a_weak_key_is_accepted_in_development():
    result = _run("check", DEBUG="1", SECRET_KEY="short")
    assert result.returncode == 0, result.stderr


def test_it_refuses_to_start_with_a_trusted_proxy_that_is_not_an_address():
    proxies = "10.0.0.1,proxy.internal"
    result = _run("check", DEBUG="0", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="x", TRUSTED_PROXIES=proxies)
    assert result.returncode != 0
    assert "TRUSTED_PROXIES: 'proxy.internal' is not an address or network" in result.stderr


def test_it_refuses_to_start_with_the_old_proxy_count_setting():
    """TRUSTED_PROXY_COUNT believed any sender's X-Forwarded-For; left set, it would now be silently ignored."""
    result = _run("check", DEBUG="0", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="x", TRUSTED_PROXY_COUNT="1")
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT is no longer read: set TRUSTED_PROXIES" in result.stderr


def test_trusted_proxies_are_read_as_a_list_of_addresses_and_networks():
    result = _run(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.TRUSTED_PROXIES)",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="x",
        TRUSTED_PROXIES="10.0.1.0/24,127.0.0.1",
    )
    assert result.stdout.strip().splitlines()[-1] == "['10.0.1.0/24', '127.0.0.1']", result.stderr


def test_debug_is_off_unless_set():
    result = _run(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG, settings.SECURE_SSL_REDIRECT)",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="x",
    )
    assert result.stdout.split()[-2:] == ["False", "True"], result.stderr


def test_production_hashes_passwords_with_djangos_slow_default():
    result = _run(
        "shell",
        "-c",
        "from django.contrib.auth.hashers import get_hasher; print(get_hasher().algorithm)",
        DEBUG="0",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="x",
    )
    assert result.stdout.split()[-1:] == ["pbkdf2_sha256"], result.stderr


def test_the_suite_hashes_with_the_fast_hasher_only_inside_the_tests():
    from django.contrib.auth.hashers import get_hasher

    assert get_hasher().algorithm == "md5"
