"""The settings under production values: check --deploy clean, secrets required."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


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


def test_debug_is_off_unless_set():
    result = _run(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG, settings.SECURE_SSL_REDIRECT)",
        SECRET_KEY="y" * 60,
        ALLOWED_HOSTS="x",
    )
    assert result.stdout.split()[-2:] == ["False", "True"], result.stderr


def test_production_hashes_passwords_with_djangos_slow_default():
    result = _run(
        "shell",
        "-c",
        "from django.contrib.auth.hashers import get_hasher; print(get_hasher().algorithm)",
        DEBUG="0",
        SECRET_KEY="z" * 60,
        ALLOWED_HOSTS="x",
    )
    assert result.stdout.split()[-1:] == ["pbkdf2_sha256"], result.stderr


def test_the_suite_hashes_with_the_fast_hasher_only_inside_the_tests():
    from django.contrib.auth.hashers import get_hasher

    assert get_hasher().algorithm == "md5"
