"""Settings for Ryhmä, read from the environment.

Without DATABASE_URL the application uses a SQLite file in the project folder;
without REDIS_URL Celery runs tasks in-process. Production (RYHMA_DEBUG off)
refuses to start without a real SECRET_KEY and ALLOWED_HOSTS.
"""

from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from ryhma.env import (
    ImproperEnvironment,
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("RYHMA_DEBUG", False)

_DEV_SECRET = "dev-only-insecure-secret-key-do-not-use-in-production"
SECRET_KEY = env_str("SECRET_KEY") or (_DEV_SECRET if DEBUG else None)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

if not DEBUG:
    if not SECRET_KEY or SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 50:
        raise ImproperEnvironment(
            "SECRET_KEY must be set to a random value of at least 50 characters "
            "when RYHMA_DEBUG is off."
        )
    if not ALLOWED_HOSTS:
        raise ImproperEnvironment("ALLOWED_HOSTS must be set when RYHMA_DEBUG is off.")

INSTALLED_APPS = [
    "ryhma",
    "villages",
    "workers",
    "services",
    "evaluation",
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
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
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
    # After messages: the login page says why the session ended.
    "ryhma.middleware.SessionTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "ryhma.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "ryhma.middleware.NoStoreMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into its response.
    "axes.middleware.AxesMiddleware",
    # A write request that ends in an error stores nothing (the error page says so). It
    # calls the view itself, so no process_view after it; login stays outside (axes).
    "ryhma.middleware.AtomicWritesMiddleware",
]

ROOT_URLCONF = "ryhma.urls"
WSGI_APPLICATION = "ryhma.wsgi.application"

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
            ],
            "builtins": ["ryhma.templatetags.ryhma_tags"],
        },
    }
]

DATABASES = {
    "default": database_from_url("DATABASE_URL")
    or {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
        "OPTIONS": {"timeout": 20},
    }
}
CSRF_FAILURE_VIEW = "ryhma.views.csrf_failure"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "ryhma.User"
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out user and address is refused before the password is checked.
    "ryhma.security.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# A session ends SESSION_COOKIE_AGE seconds after login at the latest, after
# RYHMA_SESSION_IDLE_MINUTES without a request, and when the browser closes
# (ryhma.middleware.SessionTimeoutMiddleware).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60, minimum=60)
SESSION_IDLE_TIMEOUT = env_int("RYHMA_SESSION_IDLE_MINUTES", 30, minimum=1) * 60
if SESSION_IDLE_TIMEOUT > SESSION_COOKIE_AGE:
    raise ImproperEnvironment(
        "RYHMA_SESSION_IDLE_MINUTES must not be longer than SESSION_COOKIE_AGE (in seconds)."
    )
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy: only our own files. No inline script or style anywhere (put CSS in
# static/css/, JS in static/js/), no eval, no external hosts; the browser tests fail on any
# violation.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Login protection (django-axes): 5 failed logins for the same username from the same address
# lock that combination for an hour; a successful login clears the count.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "ryhma.security.client_ip"
AXES_VERBOSE = False

# Two-factor login (TOTP, django-otp) for the roles a municipality requires it of.
OTP_TOTP_ISSUER = "Ryhmä"

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True
# Off on purpose: with it on, every integer a template prints is grouped, ids included
# ("1 234" in form names and URLs). Amounts are grouped explicitly by the euro, hours and
# percent filters and by floatformat:"2g".
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["ryhma.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ryhma@localhost")
# The address people open Ryhmä at: links in emails (report notices) start with it.
SITE_URL = env_url("SITE_URL", ("http", "https")) or "http://127.0.0.1:8000"

# Celery: a real broker when REDIS_URL is set, otherwise tasks run in-process.
REDIS_URL = env_url("REDIS_URL", ("redis", "rediss"))
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None


# The cache: Redis when REDIS_URL is set (the database after the broker's, or
# RYHMA_CACHE_URL), so that every web process and worker shares it; otherwise memory.
def _cache_url() -> str | None:
    explicit = env_url("RYHMA_CACHE_URL", ("redis", "rediss"))
    if explicit or not REDIS_URL:
        return explicit
    parts = urlsplit(REDIS_URL)
    number = parts.path.strip("/")
    database = (int(number) + 1) % 16 if number.isdecimal() else 1
    return urlunsplit(parts._replace(path=f"/{database}"))


CACHE_URL = _cache_url()
CACHES: dict[str, dict[str, Any]] = {
    "default": {
        # A Redis that does not answer is a cache miss, never an error (ryhma.cache).
        "BACKEND": "ryhma.cache.TolerantRedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": "ryhma",
    }
    if CACHE_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}
# The release the offline app's caches are named by (ryhma.offline); unset: a digest of the code.
RYHMA_RELEASE = env_str("RYHMA_RELEASE", "") or ""
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 1}
# Sending a task while Redis is down fails within about two seconds instead of waiting for
# it (a request must not hang on the broker): the caller keeps the job and sends it later.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
_ONE_QUICK_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
CELERY_TASK_PUBLISH_RETRY_POLICY = _ONE_QUICK_RETRY
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": _ONE_QUICK_RETRY}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 5 * 365, minimum=30)
LOGIN_LOG_RETENTION_DAYS = env_int("LOGIN_LOG_RETENTION_DAYS", 180, minimum=1)
# An offline save's key only has to outlive the phone's resends of that save.
OFFLINE_SAVE_RETENTION_DAYS = env_int("OFFLINE_SAVE_RETENTION_DAYS", 90, minimum=7)
# Workers who left the programme longer ago than this are anonymised by a nightly task.
WORKER_RETENTION_YEARS = env_int("WORKER_RETENTION_YEARS", 5, minimum=1)

# `celery -A ryhma beat` runs these; apps add their own entries here.
CELERY_BEAT_SCHEDULE = {
    "purge-expired-audit-events": {
        "task": "ryhma.tasks.purge_audit_trail",
        "schedule": crontab(hour=3, minute=15),
    },
    "purge-expired-login-log": {
        "task": "ryhma.tasks.purge_login_log",
        "schedule": crontab(hour=3, minute=25),
    },
    # Report jobs never sent (the broker was down), whose worker died (no heartbeat) or
    # whose message was lost go back to the queue.
    "sweep-report-jobs": {
        "task": "evaluation.tasks.sweep_report_jobs",
        "schedule": timedelta(seconds=30),
    },
    # Scheduled monthly and quarterly programme reports (each period is ordered once).
    "run-report-schedules": {
        "task": "evaluation.tasks.run_report_schedules",
        "schedule": crontab(hour=6, minute=0),
    },
    "purge-expired-offline-saves": {
        "task": "services.tasks.purge_offline_saves",
        "schedule": crontab(hour=3, minute=35),
    },
    # Kept dashboard figures left stale by a parameter edit whose task was never sent (the
    # broker was down) are recomputed; the dashboard computes those years meanwhile.
    "refresh-stale-kept-figures": {
        "task": "evaluation.tasks.refresh_stale_kept_years",
        "schedule": timedelta(minutes=5),
    },
    "anonymise-workers-after-retention": {
        "task": "workers.tasks.anonymise_expired_workers",
        "schedule": crontab(hour=2, minute=30),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_tokens": {"()": "ryhma.logfilters.MaskTokensFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_tokens"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
