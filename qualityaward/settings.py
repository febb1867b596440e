"""Settings for the quality-award platform, read from the environment.

With nothing set the project runs embedded: SQLite in the project folder, Celery tasks run
eagerly, e-mail printed to the console. ``DATABASE_URL`` and ``REDIS_URL`` switch to the real
services. Bad values fail loudly at start-up.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise environ.ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false.")
    SECRET_KEY = "insecure-development-key-only-for-debug-runs-000000000000"
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "guardian",
    "axes",
    "django_htmx",
    "django_celery_beat",
    "simple_history",
    "accounts",
    "cycles",
    "register",
    "applications",
    "publicity",
    "reviews",
    "awards",
    "pipeline",
    "operations",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records who made each rulebook change that goes through a request (the admin, the office's pages).
    "simple_history.middleware.HistoryRequestMiddleware",
    "common.middleware.DomainErrorMiddleware",
    # django-axes must come last: it reads the outcome of the authentication above.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qualityaward.urls"
WSGI_APPLICATION = "qualityaward.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded demo database cannot enforce NULLS NOT DISTINCT uniqueness; PostgreSQL does.
    SILENCED_SYSTEM_CHECKS = ["models.W047"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # axes first: it refuses a locked-out account before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "pipeline:home"
LOGOUT_REDIRECT_URL = "public-home"

# Login throttling (django-axes): lock the account after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Uploaded evidence lives outside the static tree and is served only through views that
# check permissions; there is deliberately no MEDIA_URL route.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "private_media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Storage: where files live and how protected downloads are served ---------------------------
# Every file goes through Django's storage API (common/storage.py). "default" is where file fields
# write; its reads fall back to "cold", where an archived cycle's files are moved. Each is the
# filesystem unless a bucket is named: S3_BUCKET for default, S3_COLD_BUCKET for cold (MinIO or any
# S3-compatible store, see .env.example). Downloads are checked by the view, then served by nginx
# (X-Accel-Redirect under the prefixes below) or by the store (a pre-signed URL), never public.
COLD_MEDIA_ROOT = env.path("COLD_MEDIA_ROOT", default=BASE_DIR / "cold_media")
PROTECTED_MEDIA_ACCEL_PREFIX = env.str("PROTECTED_MEDIA_ACCEL_PREFIX", default="")
COLD_MEDIA_ACCEL_PREFIX = env.str("COLD_MEDIA_ACCEL_PREFIX", default="")
PROTECTED_URL_EXPIRE = env.int("PROTECTED_URL_EXPIRE", default=60)  # seconds a pre-signed URL is valid
S3_BUCKET = env.str("S3_BUCKET", default="")
S3_COLD_BUCKET = env.str("S3_COLD_BUCKET", default="")
S3_OPTIONS = {
    "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
    "public_endpoint_url": env.str("S3_PUBLIC_ENDPOINT_URL", default="") or None,
    "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
    "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
    "region_name": env.str("S3_REGION", default="us-east-1"),
    "addressing_style": env.str("S3_ADDRESSING_STYLE", default="path"),
    "signature_version": "s3v4",
    "default_acl": None,
    "file_overwrite": False,
    "querystring_expire": PROTECTED_URL_EXPIRE,
}
if S3_OPTIONS["addressing_style"] not in ("path", "virtual", "auto"):
    raise environ.ImproperlyConfigured("S3_ADDRESSING_STYLE must be path, virtual or auto.")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "common.storage_s3.TieredObjectStorage",
        "OPTIONS": {**S3_OPTIONS, "bucket_name": S3_BUCKET},
    }
else:
    STORAGES["default"] = {
        "BACKEND": "common.storage.TieredLocalStorage",
        "OPTIONS": {"accel_prefix": PROTECTED_MEDIA_ACCEL_PREFIX},
    }
if S3_COLD_BUCKET:
    STORAGES["cold"] = {
        "BACKEND": "common.storage_s3.ObjectStorage",
        "OPTIONS": {**S3_OPTIONS, "bucket_name": S3_COLD_BUCKET},
    }
else:
    STORAGES["cold"] = {
        "BACKEND": "common.storage.LocalStorage",
        "OPTIONS": {"accel_prefix": COLD_MEDIA_ACCEL_PREFIX, "location_setting": "COLD_MEDIA_ROOT"},
    }
# Backups (manage.py backup) are written here unless --output says otherwise.
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "backups")
# --- end of storage ------------------------------------------------------------------------------

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Caps on evidence, in bytes; the schemes may set lower ones.
EVIDENCE_MAX_FILE_SIZE = env.int("EVIDENCE_MAX_FILE_SIZE", default=20 * 1024 * 1024)
EVIDENCE_MAX_DOSSIER_SIZE = env.int("EVIDENCE_MAX_DOSSIER_SIZE", default=200 * 1024 * 1024)

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_IGNORE_RESULT = True

# --- Celery routing: PDFs and certificates apart from mail and notices -----------------------------
# A task named "pdf.<something>" goes to the "pdf" queue (its own workers: WeasyPrint is slow and
# memory-hungry); every other task, mail and notices included, to "default".
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {"pdf.*": {"queue": "pdf"}}
# A worker takes one task at a time and acknowledges it when done, so a worker that dies mid-task
# leaves the task for another one (tasks are idempotent, see STYLE.md).
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ACKS_LATE = True
# --- end of Celery routing -----------------------------------------------------------------------

# --- Statelessness: any web process can answer any request ----------------------------------------
# Sessions live in the database; the cache is Redis whenever REDIS_URL is set (above); login
# lock-outs (django-axes) are database rows. Nothing a second web replica must agree on is kept in
# a process. Only the embedded run (no REDIS_URL) uses a process-local cache, and it runs one process.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# --- end of statelessness ------------------------------------------------------------------------

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@qualityaward.local")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The CJK font family PDFs ask for (Debian: fonts-noto-cjk).
PDF_FONT_FAMILY = env.str("PDF_FONT_FAMILY", default='"Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei"')

if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
