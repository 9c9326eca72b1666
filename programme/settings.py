"""Settings for the pilot programme service, read from the environment (or a `.env` file).

Every variable is listed in `.env.example`. Production is the default: DEBUG is off unless set,
and then SECRET_KEY is required and cookies, HSTS and the HTTPS redirect are on.
"""

import ipaddress
import os
from datetime import date, timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-only-used-when-debug-is-on")
else:
    SECRET_KEY = env.str("SECRET_KEY")  # required: the service refuses to start without one


def _check_production_secret_key(key: str) -> None:
    """Refuse to start with a key that `check --deploy` would call weak (Django's own thresholds): an empty key
    would make every request fail, and a short one signs sessions and reset links that can be forged."""
    advice = (
        f"set it to {SECRET_KEY_MIN_LENGTH} or more random characters, for example the output of "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
    if not key:
        raise ImproperlyConfigured(f"SECRET_KEY is set but empty: {advice}.")
    if len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        raise ImproperlyConfigured(
            f"SECRET_KEY is too weak ({len(key)} characters, {len(set(key))} of them different; it needs at least "
            f"{SECRET_KEY_MIN_LENGTH} characters and {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different): {advice}."
        )
    if key.startswith(SECRET_KEY_INSECURE_PREFIX):
        prefix = SECRET_KEY_INSECURE_PREFIX
        raise ImproperlyConfigured(f"SECRET_KEY starts with {prefix!r}, Django's placeholder: {advice}.")


if not DEBUG:
    _check_production_secret_key(SECRET_KEY)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The planner's settings for this service's queries (README, "Speed"), unless the address sets `options`:
    # - no just-in-time compilation: it pays off for long reports, but a page's short query whose estimate passed
    #   jit_above_cost spent 80 ms compiling to run in 40 (the claims review queue at national scale);
    # - random_page_cost 1.1, as for data held in memory or on SSD: with the default 4, loading one council's
    #   records read every person in England (a sequential scan) instead of that council's by their index.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", env.str("DATABASE_PLANNER_OPTIONS", default="-c jit=off -c random_page_cost=1.1")
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# No state on the web servers: nothing may rely on a cache shared between processes. Sessions, lockouts and
# two-factor devices live in the database. A local-memory cache would differ per process, so there is none.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

# E-mail: the console by default (development); EMAIL_URL=notify:// sends through GOV.UK Notify (docs/decisions/0010,
# docs/deployment.md), or an smtp:// address through a relay.
if env.str("EMAIL_URL", default="") == "notify://":
    EMAIL_BACKEND = "django_gov_notify.backends.NotifyEmailBackend"
    GOVUK_NOTIFY_API_KEY = env.str("GOVUK_NOTIFY_API_KEY")  # required with Notify
    GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID = env.str("GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID")
else:
    EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
    vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="no-reply@pilots.invalid")
# The address people use to reach the service, for the links in reminders and notices (programme/notices/send.py).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Background tasks (docs/decisions/0006): loading a case file, the nightly outcomes and e-mail run in a worker
# process (`make worker`: `manage.py db_worker`), which takes them from a table in the database, so a web request
# never waits for them and any number of workers on any number of machines share the work.
# TASK_BACKEND=immediate runs each task at once, inside the request (the tests do).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASK_BACKEND = env.str("TASK_BACKEND", default="database")
if TASK_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASK_BACKEND is {TASK_BACKEND!r}: it must be one of {', '.join(TASK_BACKENDS)}")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASK_BACKEND], "QUEUES": ["default"]}}
# The nightly outcomes refresh runs at this local time (HH:MM) in the first worker free after it.
NIGHTLY_AT = env.str("NIGHTLY_AT", default="02:30")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run`: the web server and the worker share one SQLite file. Write-ahead logging lets pages read while
    # the worker writes, and a write waits (up to 20 s) for the other instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )

# Two-factor sign-in (councils/twofactor.py has the rules): required for central staff, admins and the users of a
# council that requires it, and for anyone who turned it on. This one setting turns all of it off (on unless DEBUG).
REQUIRE_TWO_FACTOR = env.bool("REQUIRE_TWO_FACTOR", default=not DEBUG)
OTP_TOTP_ISSUER = "Pilot programme"

# The business date (councils/calendar.py): YYYY-MM-DD pins "today" for judging results, due dates, claim windows
# and form defaults (the demo runs inside the programme); empty, it is the real date.
PROGRAMME_DATE = date.fromisoformat(env.str("PROGRAMME_DATE")) if env.str("PROGRAMME_DATE", default="") else None

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "simple_history",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "councils",
    "families",
    "funding",
    "programme",
]
# Apps that serve only web pages. A data load from the command line (manage.py sets PROGRAMME_WEB_APPS=0 for
# import_cases) starts without them: it needs every model, not the admin, tables or static files.
WEB_ONLY_APPS = [
    "django.contrib.admin",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "csp",
]
if not env.bool("PROGRAMME_WEB_APPS", default=True):
    INSTALLED_APPS = [app for app in INSTALLED_APPS if app not in WEB_ONLY_APPS]

MIDDLEWARE = [
    "councils.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "councils.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it turns a sign-in refused for lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "programme.urls"
WSGI_APPLICATION = "programme.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "councils.context_processors.navigation",
            ],
            "builtins": ["councils.templatetags.govuk", "django.contrib.humanize.templatetags.humanize"],
        },
    }
]
DJANGO_TABLES2_TEMPLATE = "includes/table.html"
FORM_RENDERER = "programme.form_renderer.FormRenderer"  # Django's, with a plain select written in Python

AUTH_USER_MODEL = "councils.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# AxesStandaloneBackend refuses sign-ins while an account or an address is locked out; ModelBackend checks passwords.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in protection (django-axes, in the database so every web server sees the same counts; the rules are in
# councils/signins.py): an account is locked out after SIGN_IN_FAILURE_LIMIT failures, and separately an address
# after SIGN_IN_ADDRESS_FAILURE_LIMIT (much higher: a council's staff share one address), for LOCKOUT_MINUTES or
# until an admin unlocks it. A successful sign-in clears the failures of that account.
AXES_HANDLER = "councils.signins.SignInLockoutHandler"
AXES_FAILURE_LIMIT = env.int("SIGN_IN_FAILURE_LIMIT", default=5)
SIGN_IN_ADDRESS_FAILURE_LIMIT = env.int("SIGN_IN_ADDRESS_FAILURE_LIMIT", default=100)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "councils.signins.lockout_response"
AXES_CLIENT_IP_CALLABLE = "councils.signins.client_ip"
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True  # the service keeps its own sign-in record (councils.SignInEvent)
# The proxies in front of the service (addresses or networks, as gunicorn sees them). Only a request from one of
# them has its X-Forwarded-For believed; any other sender's address is its own REMOTE_ADDR (docs/deployment.md).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {_proxy!r} is not an address or network (e.g. 10.0.1.5 or 10.0.1.0/24)"
        ) from None
if "TRUSTED_PROXY_COUNT" in os.environ:
    raise ImproperlyConfigured(
        "TRUSTED_PROXY_COUNT is no longer read: set TRUSTED_PROXIES to the addresses of the proxies in front of the "
        "service instead (docs/deployment.md), and remove TRUSTED_PROXY_COUNT."
    )

# Invitations: the link in the email works once, for this many hours.
INVITATION_VALID_HOURS = env.int("INVITATION_VALID_HOURS", default=72)
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2  # a reset link works for two hours

# Sessions live in the database, so several web servers can share one load balancer.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# In production, `collectstatic` writes hashed, compressed copies that whitenoise serves with long cache lifetimes.
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

# HTTPS and cookies: secure by default; the test suite and `make run` (DEBUG) turn them off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# One JSON line per log record (councils/logging.py), one per request from RequestLogMiddleware.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "councils.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # The request line replaces Django's own lines for 4xx/5xx answers (which carry no user id).
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
