"""Settings read from the environment fail loudly: a typo stops the start instead of meaning false."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from qualityaward.settings import envbool

ROOT = Path(__file__).resolve().parent.parent


def _run(code: str, **variables):
    """Run ``code`` in a fresh interpreter on the production settings with only ``variables`` set."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "REDIS_URL", "SENTRY_DSN"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": "qualityaward.settings", "DATABASE_URL": "sqlite:///:memory:", **variables})
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)


PRINT_DEBUG = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("TRUE", True), ("True", True), ("1", True), ("false", False), ("False", False), ("0", False)],
)
def test_envbool_accepts_true_false_one_and_zero(monkeypatch, value, expected):
    monkeypatch.setenv("SOME_FLAG", value)
    assert envbool("SOME_FLAG", default=not expected) is expected


@pytest.mark.parametrize("value", ["ture", "yes", "on", "no", "off", "2", "flase"])
def test_envbool_refuses_anything_else_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("SOME_FLAG", value)
    with pytest.raises(ImproperlyConfigured) as error:
        envbool("SOME_FLAG", default=False)
    assert str(error.value) == f"SOME_FLAG must be true or false (or 1 or 0), not {value!r}."


def test_envbool_unset_or_empty_is_the_default(monkeypatch):
    monkeypatch.delenv("SOME_FLAG", raising=False)
    assert envbool("SOME_FLAG", default=True) is True
    monkeypatch.setenv("SOME_FLAG", "")
    assert envbool("SOME_FLAG", default=False) is False


def test_a_typo_in_debug_stops_the_start():
    result = _run(PRINT_DEBUG, DEBUG="ture", SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode != 0
    assert "DEBUG must be true or false (or 1 or 0), not 'ture'." in result.stderr
    assert result.stdout == ""


def test_a_typo_in_any_boolean_setting_stops_the_start():
    result = _run(PRINT_DEBUG, DEBUG="false", SECRET_KEY=secrets.token_urlsafe(50), EMAIL_USE_TLS="yes")
    assert result.returncode != 0
    assert "EMAIL_USE_TLS must be true or false (or 1 or 0), not 'yes'." in result.stderr


def test_debug_is_off_unless_set():
    result = _run(PRINT_DEBUG, SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_debug_is_on_when_set_true():
    result = _run(PRINT_DEBUG, DEBUG="TRUE")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_no_server_starts_without_a_secret_key_when_debug_is_unset():
    result = _run("import qualityaward.wsgi")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_tools_that_sign_nothing_run_with_nothing_set():
    result = _run(
        "import django; django.setup(); from django.core.management import call_command; call_command('makemigrations', check=True, dry_run=True, verbosity=0)"
    )
    assert result.returncode == 0, result.stderr
