"""docker-compose.yml, checked without Docker: the Compose Specification's schema, health checks on every
service, one configuration for every application container, and the queues and files they rely on.

compose_spec.json is the Compose Specification's JSON schema as shipped in docker-compose 1.29.2
(``compose/config/compose_spec.json`` in the docker-compose wheel on PyPI; Apache License 2.0,
from github.com/compose-spec/compose-spec). Vendored unchanged, SHA-256 below.
"""

import hashlib
import json
import re
import runpy
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.conf import settings

from qualityaward.celery import app

ROOT = Path(__file__).resolve().parent.parent.parent
SCHEMA = Path(__file__).with_name("compose_spec.json")
SCHEMA_SHA256 = "0dc04bd346dcfee1b1419628fff79937bbf076925f298f272a2b490e2b112bac"
APPLICATION_SERVICES = ["migrate", "web", "worker-pdf", "worker-default", "beat"]
SHARED = ["build", "image", "env_file", "environment", "volumes"]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_file_is_valid_against_the_compose_specification(compose):
    schema_bytes = SCHEMA.read_bytes()
    schema = json.loads(schema_bytes)
    # The schema names draft 2019-09 by a URL jsonschema does not know ("http://…/schema#").
    jsonschema.Draft201909Validator.check_schema(schema)
    validator = jsonschema.Draft201909Validator(schema)

    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(compose)]

    assert hashlib.sha256(schema_bytes).hexdigest() == SCHEMA_SHA256
    assert errors == []


def test_compose_schema_refuses_a_wrong_file():
    schema = json.loads(SCHEMA.read_text())
    wrong = {"services": {"web": {"image": "x", "healthcheck": {"interval": "5s", "tset": ["CMD", "true"]}}}}

    assert not jsonschema.Draft201909Validator(schema).is_valid(wrong)


def test_compose_every_service_has_a_health_check(compose):
    checks = {name: service.get("healthcheck", {}) for name, service in compose["services"].items()}

    assert sorted(checks) == sorted(["postgres", "redis", "minio", "minio-init", *APPLICATION_SERVICES, "nginx"])
    assert [name for name, check in checks.items() if not check.get("test") or check.get("disable")] == []


def test_compose_application_services_share_one_configuration(compose):
    anchor = compose["x-app"]
    shared = {name: {key: compose["services"][name].get(key) for key in SHARED} for name in APPLICATION_SERVICES}

    assert shared == {name: {key: anchor[key] for key in SHARED} for name in APPLICATION_SERVICES}
    assert anchor["image"] == "qualityaward:latest" and anchor["env_file"] == ".env"


def test_compose_runs_two_web_replicas_and_exactly_one_database_beat(compose):
    services = compose["services"]
    beats = [name for name, service in services.items() if " beat " in f" {service.get('command', '')} "]

    assert services["web"]["deploy"]["replicas"] == 2
    assert services["web"]["command"] == ["gunicorn", "-c", "gunicorn.conf.py"]
    assert beats == ["beat"]
    assert services["beat"]["deploy"]["replicas"] == 1
    assert "--scheduler django_celery_beat.schedulers:DatabaseScheduler" in services["beat"]["command"]
    assert settings.CELERY_BEAT_SCHEDULER == "django_celery_beat.schedulers:DatabaseScheduler"


def test_compose_workers_consume_the_queues_tasks_are_routed_to(compose):
    queues = {
        name: re.search(r"-Q (\S+)", compose["services"][name]["command"]).group(1)
        for name in ("worker-pdf", "worker-default")
    }

    assert queues == {"worker-pdf": "pdf", "worker-default": "default"}
    assert route("pdf.certificate") == route("pdf.cycle_archive") == "pdf"
    assert route("publicity.close_due_notices") == route("accounts.tasks.send_notification_email") == "default"


def route(task_name):
    return app.amqp.router.route({}, task_name)["queue"].name


def test_compose_web_health_check_asks_the_health_endpoint_and_nginx_its_own_port(compose):
    web = compose["services"]["web"]["healthcheck"]["test"]
    nginx = compose["services"]["nginx"]["healthcheck"]["test"]
    conf = (ROOT / "deploy" / "nginx.conf").read_text()

    assert web == ["CMD", "python", "deploy/healthcheck.py", "http", "http://127.0.0.1:8000/health/"]
    assert nginx[-1] == "http://127.0.0.1:8081/health"
    assert "listen 8081;" in conf and "location = /health {" in conf


def test_nginx_serves_protected_files_only_internally_from_the_shared_volumes(compose):
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    environment = compose["x-app"]["environment"]
    nginx_volumes = compose["services"]["nginx"]["volumes"]
    locations = dict(re.findall(r"location (/protected/\w+/) \{\s*internal;\s*alias (\S+);", conf))

    assert locations == {"/protected/media/": "/data/media/", "/protected/cold/": "/data/cold/"}
    assert (environment["PROTECTED_MEDIA_ACCEL_PREFIX"], environment["MEDIA_ROOT"]) == (
        "/protected/media/",
        "/data/media",
    )
    assert (environment["COLD_MEDIA_ACCEL_PREFIX"], environment["COLD_MEDIA_ROOT"]) == (
        "/protected/cold/",
        "/data/cold",
    )
    assert {"media:/data/media:ro", "cold:/data/cold:ro", "static:/app/staticfiles:ro"} <= set(nginx_volumes)
    assert "proxy_pass http://web;" in conf


def test_gunicorn_configuration_bounds_workers_and_requests():
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))

    assert conf["wsgi_app"] == "qualityaward.wsgi:application"
    assert (conf["worker_class"], conf["threads"], conf["timeout"], conf["graceful_timeout"]) == ("gthread", 4, 60, 30)
    assert (conf["max_requests"], conf["max_requests_jitter"]) == (1000, 100)
    assert 1 <= conf["workers"] <= 8
    assert (conf["accesslog"], conf["errorlog"]) == ("-", "-")
