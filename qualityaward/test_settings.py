"""Test settings: the real PostgreSQL and Redis, fast hashing, mail kept in memory."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://root@127.0.0.1:5432/qualityaward")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
# The suite runs the development settings, as before DEBUG defaulted to off (Django still runs tests with
# DEBUG false); tests/test_deploy.py checks the production settings in a subprocess.
os.environ.setdefault("DEBUG", "true")

from .settings import *  # noqa: E402,F403
from .settings import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT", "/tmp/qualityaward-test-media")
COLD_MEDIA_ROOT = MEDIA_ROOT.rstrip("/") + "-cold"
AXES_FAILURE_LIMIT = 5
