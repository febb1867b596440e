"""The health endpoint, ``/health/``, for docker-compose's and a load balancer's health checks.

It touches the database (``SELECT 1``) and Redis when ``REDIS_URL`` is set (the cache and Celery's
broker), and answers 200 ``{"status": "ok", ...}`` or 503 naming what failed. It says nothing more
about the installation: no versions, hosts or error texts (those go to the log).
"""

import logging

import redis
from django.conf import settings
from django.db import connections
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

PATH = "/health/"


def _database() -> None:
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close_if_unusable_or_obsolete()


def _redis() -> None:
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()


def checks() -> dict:
    found = {"database": _database}
    if settings.REDIS_URL:
        found["redis"] = _redis
    return found


def health_response() -> JsonResponse:
    results, failed = {}, []
    for name, check in checks().items():
        try:
            check()
        except Exception:
            logger.warning("Health check: %s failed", name, exc_info=True)
            results[name], failed = "failed", [*failed, name]
        else:
            results[name] = "ok"
    body = {"status": "failed" if failed else "ok", "failed": failed, "checks": results}
    response = JsonResponse(body, status=503 if failed else 200)
    add_never_cache_headers(response)
    return response
