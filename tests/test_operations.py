"""Operations: the health endpoint, the product's logs on stdout, error mails to ADMINS, Sentry."""

import logging

import pytest
from django.core import mail
from django.db import OperationalError, connections

from tests.test_environment import _run

pytestmark = pytest.mark.django_db

PRODUCT_LOGGERS = ["accounts", "cycles", "applications", "publicity", "reviews", "awards", "common"]


# /health/ ---------------------------------------------------------------------------------------


def test_health_answers_200_when_the_database_and_redis_answer(client, settings):
    assert settings.REDIS_URL.startswith("redis://")
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "failed": [], "checks": {"database": "ok", "redis": "ok"}}
    assert "no-store" in response["Cache-Control"]


def test_health_answers_503_naming_redis_when_redis_is_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "failed", "failed": ["redis"], "checks": {"database": "ok", "redis": "failed"}}


def test_health_answers_503_naming_the_database_when_it_is_down(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["failed"] == ["database"]
    assert "connection refused" not in response.content.decode()  # details go to the log only


def test_health_without_redis_configured_checks_the_database_only(client, settings):
    settings.REDIS_URL = ""
    assert client.get("/health/").json()["checks"] == {"database": "ok"}


def test_health_answers_a_container_check_before_the_host_check_and_the_https_redirect(client, settings):
    settings.ALLOWED_HOSTS = ["award.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/", HTTP_HOST="localhost:8000").status_code == 200
    assert client.get("/", HTTP_HOST="localhost:8000").status_code == 400  # the rest stays behind the host check


# Logging ----------------------------------------------------------------------------------------


def test_every_app_of_the_product_logs_at_info(settings):
    for name in PRODUCT_LOGGERS:
        config = settings.LOGGING["loggers"][name]
        assert (config["level"], config["handlers"]) == ("INFO", ["console", "mail_admins"]), name
        assert logging.getLogger(f"{name}.some.module").getEffectiveLevel() == logging.INFO
    assert set(PRODUCT_LOGGERS) <= set(settings.PROJECT_PACKAGES)


def test_every_installed_app_of_the_project_has_its_logger_so_a_new_one_will_too(settings):
    # The loggers follow INSTALLED_APPS: an app added to the project later is logged without a settings change.
    packages = {name.split(".")[0] for name in settings.INSTALLED_APPS}
    own = {package for package in packages if (settings.BASE_DIR / package / "__init__.py").exists()}
    assert {"accounts", "cycles", "applications", "publicity", "reviews", "awards"} <= own
    assert own <= set(settings.LOGGING["loggers"])


def test_product_logs_go_to_stdout_at_info():
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('reviews.services').info('the draw is recorded'); "
        "logging.getLogger('applications').debug('too fine to show'); "
        "logging.getLogger('weasyprint').info('a library at info stays quiet')"
    )
    result = _run(code, DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert "INFO reviews.services: the draw is recorded" in result.stdout
    assert "too fine to show" not in result.stdout
    assert "a library at info stays quiet" not in result.stdout
    assert result.stderr == ""


# Error mails and Sentry -------------------------------------------------------------------------


def test_admins_are_read_from_the_environment():
    code = "import django; from django.conf import settings; django.setup(); print(settings.ADMINS)"
    result = _run(code, DEBUG="true", ADMINS="运维 <ops@example.org>, dev@example.org")
    assert result.stdout.strip() == "[('运维', 'ops@example.org'), ('dev@example.org', 'dev@example.org')]"


def test_a_wrong_admins_address_stops_the_start():
    result = _run("import django; django.setup()", DEBUG="true", ADMINS="运维组")
    assert result.returncode != 0
    assert "ADMINS must list e-mail addresses" in result.stderr


def test_a_failed_request_is_mailed_to_the_admins(client, settings, monkeypatch):
    settings.ADMINS = [("运维", "ops@example.org")]

    def broken():
        raise RuntimeError("the notice table is gone")

    monkeypatch.setattr("publicity.selectors.current_notices", broken)
    client.raise_request_exception = False
    assert client.get("/notices/").status_code == 500
    [report] = mail.outbox
    assert report.to == ["ops@example.org"]
    assert report.subject.startswith("[质量奖平台] ERROR")
    assert "RuntimeError at /notices/\nthe notice table is gone" in report.body


def test_an_error_of_the_product_itself_is_mailed_to_the_admins(settings):
    settings.ADMINS = [("运维", "ops@example.org")]
    logging.getLogger("publicity.services").error("Closing notice %s failed", 7)
    assert [message.subject for message in mail.outbox] == ["[质量奖平台] ERROR: Closing notice 7 failed"]


SENTRY_OPTIONS = (
    "import django, sentry_sdk; django.setup(); client = sentry_sdk.get_client(); "
    "print(client.is_active(), client.options['dsn'], client.options['send_default_pii'], "
    "client.options['include_local_variables'], client.options['max_request_body_size'], "
    "sorted(name for name in client.integrations if name in ('django', 'celery')))"
)


def test_sentry_is_initialised_when_a_dsn_is_set():
    result = _run(SENTRY_OPTIONS, DEBUG="true", SENTRY_DSN="http://public@127.0.0.1:9/1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True http://public@127.0.0.1:9/1 False False never ['celery', 'django']"


def test_sentry_stays_off_without_a_dsn():
    result = _run(SENTRY_OPTIONS.split("print(")[0] + "print(client.is_active())", DEBUG="true")
    assert result.stdout.strip() == "False", result.stderr
