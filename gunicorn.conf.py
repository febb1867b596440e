"""gunicorn settings for the web containers (docker-compose.yml): ``gunicorn -c gunicorn.conf.py``.

Every number can be set from the environment, so a larger server changes .env, not this file.
"""

import multiprocessing
import os


def _int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value else default


wsgi_app = "qualityaward.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers with a few threads each: page views wait on PostgreSQL, not on the CPU; PDF work
# runs in the Celery "pdf" workers, never in a request.
workers = _int("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8))
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)
# A request that takes longer than this is killed; evidence uploads are up to 20 MB.
timeout = _int("GUNICORN_TIMEOUT", 60)
# On a deploy or scale-down, a worker finishes the requests it has for this long.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# Recycle each worker after this many requests (plus a random jitter, so they do not all restart
# at once): it bounds whatever memory a long-lived process accumulates.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)
# nginx in front adds X-Forwarded-For/-Proto; trust it from the compose network only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")
# Logs to stdout and stderr, where `docker compose logs` reads them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Load the application once in the master: workers fork ready, and a broken settings file stops the
# start instead of looping workers.
preload_app = True
