"""Settings for the quality-award platform, read from the environment.

With nothing set the project runs embedded: SQLite in the project folder, Celery tasks run
eagerly, e-mail printed to the console. ``DATABASE_URL`` and ``REDIS_URL`` switch to the real
services. Bad values fail loudly at start-up.
"""

import os
import re
from email.utils import getaddresses
from pathlib import Path

import environ
import sentry_sdk
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

_TRUE, _FALSE = frozenset({"true", "1"}), frozenset({"false", "0"})


def envbool(name: str, default: bool) -> bool:
    """A boolean from the environment, as healthchecks' ``envbool``: true or false in any case (or 1 or 0).

    Anything else stops the start: ``DEBUG=ture`` must not quietly mean false. Unset or empty is ``default``.
    """
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (or 1 or 0), not {value!r}.")


def envrate(name: str, default: str) -> str:
    """A django-ratelimit rate from the environment, such as ``10/h`` or ``20/10m``; anything else stops the start."""
    value = os.environ.get(name, "").strip() or default
    if not re.fullmatch(r"\d+/\d*[smhd]", value):
        raise ImproperlyConfigured(f"{name} must be a rate such as 10/h or 20/10m, not {value!r}.")
    return value


# Off unless set: `make run` sets DEBUG=true for the embedded demo, a real installation leaves it off.
DEBUG = envbool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "insecure-development-key-only-for-debug-runs-000000000000"
    elif "DEBUG" in os.environ:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false.")
    # Neither set: a tool that signs nothing (makemigrations, compilemessages) may run; Django refuses
    # to sign anything with an empty key, and wsgi.py and asgi.py refuse to start a server without one.
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# When the system reminds people (working settings of the office, not numbers of a regulation):
# reviewers this many working days before their round's planned end, staff this many hours before an
# objection is due and this many days before an award's validity ends.
REMIND_REVIEWERS_WORKING_DAYS = env.int("REMIND_REVIEWERS_WORKING_DAYS", default=2)
REMIND_OBJECTION_HOURS = env.int("REMIND_OBJECTION_HOURS", default=24)
REMIND_VALIDITY_DAYS = env.int("REMIND_VALIDITY_DAYS", default=90)
# The public address of the site: certificates print their verification link and QR code with it.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Reverse proxies in front of the application (nginx: 1) that append the client's address to
# X-Forwarded-For; 0 trusts REMOTE_ADDR only. Lock-outs and rate limits key on common.http.client_ip.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

INSTALLED_APPS = [
    "qualityaward.admin_site.QualityAwardAdminConfig",  # django.contrib.admin, staff role only
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
    "common.middleware.ReceivedAtMiddleware",  # before anything: the time a request was accepted
    "common.middleware.HealthCheckMiddleware",  # next: /health/ for container health checks
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.IdleSessionTimeoutMiddleware",
    "common.middleware.NoStoreMiddleware",
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
    # The embedded demo database cannot enforce NULLS NOT DISTINCT uniqueness (W047) nor keep the
    # consensus scores' covering index's extra column (W040, a plain index there); PostgreSQL does both.
    SILENCED_SYSTEM_CHECKS = ["models.W047", "models.W040"]
    # The embedded database under the autosave, which saves several report items at once: WAL lets
    # readers go on while one writes; IMMEDIATE takes the write lock when a transaction begins, so a
    # writer waits its turn (up to "timeout" seconds) instead of failing with "database is locked" when
    # a transaction that began by reading wants to write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # PostgreSQL's JIT compiles a query whose estimated cost is high: seconds spent on the rankings'
    # one-pass queries (3.8 s of 6.2 s at 10,000 applications) and nothing gained on a web
    # application's short queries. Off for this connection; an OPTIONS "options" of its own wins.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
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
# Idle sessions end (accounts.middleware): everyone who reads dossiers, scores or ballots after
# SESSION_IDLE_MINUTES without a request, applicants after SESSION_IDLE_MINUTES_APPLICANT.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_IDLE_MINUTES_APPLICANT = env.int("SESSION_IDLE_MINUTES_APPLICANT", default=120)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "pipeline:home"
LOGOUT_REDIRECT_URL = "public-home"

# Login throttling (django-axes): lock a username *from one address* after repeated failures. A flat
# ["username", "ip_address"] locks by either one alone, so anyone could lock a staff or committee account
# out from everywhere by failing on purpose; the nested list locks the pair. The owner unlocks the account
# from anywhere through a password reset (accounts.views.PasswordResetConfirmView).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "common.http.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

# Content-Security-Policy (django-csp) on every page: scripts only from our own static files, never inline
# (templates carry no <script> body and no on* attribute; behaviour lives in static/js). Styles may be
# inline: a few templates set style attributes and htmx adds its indicator style; a style runs no code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Rate limits on the forms anyone may post (common.ratelimits): per client address and per target,
# as django-ratelimit rates ("20/10m": 20 in ten minutes). Counters live in the cache (Redis when
# configured, so every web process shares them); if the cache fails the forms stay open and django-axes,
# in the database, still locks login guessing.
RATE_LIMITS = {
    "login": {
        "ip": envrate("RATE_LIMIT_LOGIN_IP", "60/10m"),
        "target": envrate("RATE_LIMIT_LOGIN_USERNAME", "20/10m"),
    },
    "password_reset": {
        "ip": envrate("RATE_LIMIT_RESET_IP", "10/h"),
        "target": envrate("RATE_LIMIT_RESET_EMAIL", "3/h"),
    },
    "registration": {
        "ip": envrate("RATE_LIMIT_REGISTRATION_IP", "10/h"),
        "target": envrate("RATE_LIMIT_REGISTRATION_USERNAME", "5/h"),
    },
    "objection": {
        "ip": envrate("RATE_LIMIT_OBJECTION_IP", "5/h"),
        "target": envrate("RATE_LIMIT_OBJECTION_NOTICE", "60/h"),
    },
}
RATELIMIT_FAIL_OPEN = True
# Attachments to one objection, which anyone may file without an account.
OBJECTION_MAX_FILES = env.int("OBJECTION_MAX_FILES", default=5)
OBJECTION_MAX_TOTAL_SIZE = env.int("OBJECTION_MAX_TOTAL_SIZE", default=20 * 1024 * 1024)

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
    CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", default=False)
else:
    # The embedded default (``make run``): tasks run in the process that sends them, the periodic
    # ones in the beat that ``make run`` starts beside the web server.
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
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@qualityaward.local")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The CJK font family PDFs ask for (Debian: fonts-noto-cjk).
PDF_FONT_FAMILY = env.str("PDF_FONT_FAMILY", default='"Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei"')

if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

# Error reports name the POST fields, files and variables of a failed request but not their values: a
# report item's text or an evidence file's name may be a trade secret (兰州 第十一条).
DEFAULT_EXCEPTION_REPORTER_FILTER = "common.reporting.DossierSafeExceptionReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "common.reporting.DossierSafeExceptionReporter"

# Logging: the product's own loggers (every app of the project, and common) at INFO, everything else at
# LOG_LEVEL, all to stdout; errors (a failed request, an ERROR of the product) are mailed to ADMINS.
PROJECT_PACKAGES = sorted(
    {name.split(".")[0] for name in INSTALLED_APPS if (BASE_DIR / name.split(".")[0] / "__init__.py").exists()}
    | {"common"}
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "plain"},
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {
        "django": {"handlers": ["console", "mail_admins"], "level": "WARNING", "propagate": False},
        **{
            package: {
                "handlers": ["console", "mail_admins"],
                "level": env.str("APP_LOG_LEVEL", default="INFO"),
                "propagate": False,
            }
            for package in PROJECT_PACKAGES
        },
    },
}


def envadmins(name: str) -> list[tuple[str, str]]:
    """``ADMINS`` from the environment: ``运维 <ops@example.org>, dev@example.org``; a wrong address stops the start."""
    value = os.environ.get(name, "").strip()
    admins = []
    for display, address in getaddresses([value]) if value else []:
        if "@" not in address:
            raise ImproperlyConfigured(f"{name} must list e-mail addresses, as 'Name <ops@example.org>, …'; {value!r}.")
        admins.append((display or address, address))
    return admins


ADMINS = envadmins("ADMINS")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = env.str("EMAIL_SUBJECT_PREFIX", default="[质量奖平台] ")

# Errors to a Sentry-compatible service when SENTRY_DSN is set. Nothing of a dossier goes with them: no
# request bodies, no local variables, no personal data (trade secrets, 兰州 第十一条).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
