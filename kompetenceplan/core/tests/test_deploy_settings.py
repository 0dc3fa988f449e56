"""Finding 4 (issue 7): no public secret key in production, `check --deploy` clean.

The settings are imported in a fresh process with a given environment, the way a
server starts (ASVS 5.0 V13.3.1 secrets, V13.4 unintended information leakage)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

# The production environment documented in README ("Configuration").
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "q8#Lw2@vN5$rT9!zK4%hM7^pX1&cB6*dF3(gJ0)yS_eU+aQ=iOx",
    "DJANGO_ALLOWED_HOSTS": "kompetenceplan.example.dk",
    "SECURE_COOKIES": "true",
    "SECURE_HSTS_PRELOAD": "true",
}


def _manage(*args: str, **environment: str) -> subprocess.CompletedProcess[str]:
    # A clean process: only what Python needs, not the test session's variables
    # (PYTEST_VERSION, DJANGO_ALLOW_ASYNC_UNSAFE from the browser tests, CI's ...).
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_documented_production_environment():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_without_debug_the_server_refuses_to_start_without_a_secret_key():
    environment = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = _manage("check", **environment)
    assert result.returncode != 0
    assert (
        "django.core.exceptions.ImproperlyConfigured: DJANGO_SECRET_KEY is not set."
        in result.stderr
    )


@pytest.mark.parametrize(
    "key",
    ["a" * 49, "insecure-local-development-key-change-me-in-production-0123456789"],
    ids=["short", "development key"],
)
def test_without_debug_a_short_or_the_public_key_is_refused(key):
    result = _manage("check", **{**PRODUCTION_ENV, "DJANGO_SECRET_KEY": key})
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is" in result.stderr
    assert (
        "is 49 characters long; at least 50 are required." in result.stderr
        if len(key) == 49
        else "is the public development key" in result.stderr
    )


def test_with_debug_on_the_development_key_is_used():
    result = _manage("check", DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
