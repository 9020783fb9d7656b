"""Settings for B12 Tracker, read from environment variables.

The defaults run the app locally with no services: SQLite and a filesystem Celery broker
under var/, console email. Debug is off unless DJANGO_DEBUG=1 says otherwise (`make run` and
the tests do), so a forgotten variable in production never shows the debug page, whose
settings dump includes DATABASE_URL. Production sets the variables the README lists.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from accounts.relying_party import relying_party_origin

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-local-development-key-not-for-production-use-0123456789"

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# The public address used in links inside emails and calendar feeds.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # The admin, with a site that insists on a verified second factor (accounts/admin_site.py).
    "accounts.apps.VerifiedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, found through TEMPLATES (FORM_RENDERER below)
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "anymail",
    "accounts",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "csp",
    "axes",
    "schedules",
    "supplies",
    "doses",
    "labs",
    "reminders",
    "review",
    "rest_framework",
    "drf_spectacular",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before CommonMiddleware (Django's order): the language from the cookie
    # set by the switcher or the browser's Accept-Language; a signed-in user's own choice
    # wins below (accounts.middleware.UserLanguageMiddleware).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.IdleSessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.PatientRecordMiddleware",
    "api.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a flagged lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "b12tracker.urls"

# Widgets render through TEMPLATES so templates/django/forms/widgets/attrs.html can turn the
# browser's maxlength (which silently cuts pasted text) into a stated limit the server checks.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

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
                "accounts.context_processors.visible_patients",
                "accounts.context_processors.navigation",
                "reminders.context_processors.unread_reminders",
            ],
        },
    },
]

WSGI_APPLICATION = "b12tracker.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default: WAL lets the worker write while pages read, and synchronous=NORMAL
    # commits without a disk sync each (a power cut may lose the last commits, never corrupt
    # the file): a sync per reminder marked sent would cap delivery at a few dozen a second.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"
    )
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out account+address before the password is checked.
# accounts.backends decides every email-and-password login (and refuses for good when it
# says no); ModelBackend stays for sessions that name it (login() after sign-up).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.EmailPasswordBackend",
    "django.contrib.auth.backends.ModelBackend",
    # The user a passkey sign-in names (accounts.passkey_views logs them in with it).
    "django_otp_webauthn.backends.WebAuthnBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Argon2id at OWASP's minimum, at most PASSWORD_HASHES_AT_ONCE per process (accounts/hashers.py).
PASSWORD_HASHERS = [
    "accounts.hashers.BoundedArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
PASSWORD_HASHES_AT_ONCE = env.int("DJANGO_PASSWORD_HASHES_AT_ONCE", default=4)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English is the source; each other language has one catalogue per domain under locale/
# (django.po for Python and templates, djangojs.po for static/js), compiled by `make`.
# README "Languages" says how to add one.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("pl", "Polski"),
    ("ur", "اردو"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Languages whose clinical advice (red flags, safety warnings) a clinically qualified native
# speaker has reviewed; elsewhere the advice carries a note that review is pending (README).
CLINICAL_TRANSLATIONS_REVIEWED = ["en"]
# Our English writes dates the British way (2 December 2026, 02/12/2026): b12tracker/formats/en.
FORMAT_MODULE_PATH = ["b12tracker.formats"]
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Stored times are UTC; each patient's own zone is applied when dates are shown or planned.
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
NODE_MODULES = BASE_DIR / "node_modules"
# Third-party assets are served straight from npm's install folder, never copied into the repo.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # The app icons, drawn from static/img/icons/*.svg by scripts/make-icons.mjs.
    ("icons", VAR_DIR / "icons"),
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    # Urdu's letters (ہ, ے, ٹ…): Debian's Chromium and many phones have no font for them.
    ("vendor/noto-naskh-arabic", NODE_MODULES / "@fontsource" / "noto-naskh-arabic"),
    ("vendor/swagger-ui", NODE_MODULES / "swagger-ui-dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Without the manifest (local runs, tests) whitenoise serves straight from the finders.
WHITENOISE_USE_FINDERS = STORAGES["staticfiles"]["BACKEND"].endswith("StaticFilesStorage")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: console locally; SMTP or another backend in production through EMAIL_URL.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# django-environ reads filemail:///abs/path as a relative path; EMAIL_FILE_PATH says it plainly.
if "EMAIL_FILE_PATH" in env:
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
# An email provider's API through django-anymail: DJANGO_EMAIL_BACKEND names its backend
# (e.g. anymail.backends.postmark.EmailBackend) and ANYMAIL holds its settings as JSON,
# e.g. {"POSTMARK_SERVER_TOKEN": "..."}.
ANYMAIL = env.json("ANYMAIL", default={})
# A dotted backend path (django-anymail's, or a test backend) wins over EMAIL_URL's scheme.
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default=EMAIL_CONFIG["EMAIL_BACKEND"])
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="B12 Tracker <reminders@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. Production defaults are strict; a TLS-terminating proxy may take over the redirect
# (DJANGO_SECURE_SSL_REDIRECT=0) and tells us the scheme through X-Forwarded-Proto.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
if env.bool("DJANGO_TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Our templates carry no inline script or style; keep it that way (JS in static/js/).
# Bootstrap's CSS draws form controls with data: SVG images, hence img-src data:.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # The service worker (/sw.js) and the web app manifest come from us only.
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Login protection (django-axes): 5 failures for one account, from any addresses, lock it
# out until 15 minutes after the last failure; never permanently, other accounts unaffected.
AXES_FAILURE_LIMIT = env.int("DJANGO_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("DJANGO_LOGIN_COOLOFF_MINUTES", default=15))
# Per account, whatever the address: another source address must not get five more tries.
# (The pair is listed too: it is what axes' deploy check looks for, and it is covered anyway.)
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
# The login form posts the email as `username` (Django's AuthenticationForm).
AXES_USERNAME_FORM_FIELD = "username"
# Attempts while locked out do not push the end of the lockout further away, so the page
# can tell the person when to come back.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_USERNAME_CALLABLE = "accounts.lockout.username_for_lockout"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken", "token"]
# Our own signal handlers log failures and lockouts (accounts.security); axes's start-up and
# per-request INFO lines would only bury them.
AXES_VERBOSE = False

# Two-factor (django-otp): TOTP apps plus single-use recovery codes (static tokens).
OTP_TOTP_ISSUER = "B12 Tracker"
# Passkeys (django-otp-webauthn): a second factor, and a sign-in of their own. The relying
# party comes from SITE_URL when each ceremony runs (accounts.passkeys.PasskeyHelper); the two
# values below are what the package's system checks read.
OTP_WEBAUTHN_RP_NAME = "B12 Tracker"
OTP_WEBAUTHN_RP_ID_CALLABLE = "accounts.passkeys.relying_party_id_for"
OTP_WEBAUTHN_ALLOWED_ORIGINS = [relying_party_origin(SITE_URL)]
OTP_WEBAUTHN_HELPER_CLASS = "accounts.passkeys.PasskeyHelper"

# Sessions: an idle timeout per kind of user, and a fresh password for sensitive actions.
SESSION_IDLE_SECONDS_CLINICIAN = 60 * env.int("DJANGO_SESSION_IDLE_MINUTES_CLINICIAN", default=30)
SESSION_IDLE_SECONDS = 60 * env.int("DJANGO_SESSION_IDLE_MINUTES", default=120)
SESSION_REMEMBER_ME_SECONDS = 86_400 * env.int("DJANGO_SESSION_REMEMBER_DAYS", default=14)
SESSION_COOKIE_AGE = SESSION_REMEMBER_ME_SECONDS
REAUTH_WINDOW_SECONDS = 60 * env.int("DJANGO_REAUTH_MINUTES", default=15)
SILENCED_SYSTEM_CHECKS = env.list("DJANGO_SILENCED_SYSTEM_CHECKS", default=[])

# The JSON API (api/): personal access tokens or the browser's session, JSON only, errors as
# {"detail", "errors": {field: [...]}} (api/exceptions.py), ISO 8601 dates, pages of 50.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.PersonalAccessTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "api.throttling.WithinRateLimit",
        "rest_framework.permissions.IsAuthenticated",
        "api.permissions.TokenScopeAllows",
        "api.permissions.QueryMatchesSchema",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",

    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "COERCE_DECIMAL_TO_STRING": True,
}
# Per token (or signed-in user) and per address for requests without credentials; the tests
# raise them (tests/settings.py) except where a test checks the limit itself.
API_THROTTLE_RATES = {
    "token": env("API_RATE_PER_TOKEN", default="600/min"),
    "anon": env("API_RATE_PER_ADDRESS", default="60/min"),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "B12 Tracker API",
    "DESCRIPTION": (
        "Patients, regimens, schedules, doses, lab results, rechecks, symptom check-ins and "
        "notifications. Authenticate with a personal access token (Profile → API tokens) as "
        "`Authorization: Bearer <token>`."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "SeverityEnum": "labs.models.Severity",
        # Injection sites: where a dose was given and where the next one is suggested.
        "SiteEnum": "doses.sites.CHOICES",
        # A phase's kind as the API takes it (and names the phase in force): one enum.
        "PhaseKindValueEnum": ["loading", "maintenance"],
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
}

# Web Push (reminders/push.py). VAPID_PRIVATE_KEY is the base64url P-256 private key (raw or
# DER); `make run` writes a local one to var/vapid-private-key when none is set. The subject
# is the contact push services use when our pushes misbehave.
VAPID_PRIVATE_KEY = env("VAPID_PRIVATE_KEY", default="")
if not VAPID_PRIVATE_KEY and (VAR_DIR / "vapid-private-key").exists():
    VAPID_PRIVATE_KEY = (VAR_DIR / "vapid-private-key").read_text().strip()
VAPID_SUBJECT = env("VAPID_SUBJECT", default="mailto:reminders@localhost")
# Only the tests' push service on loopback speaks plain HTTP.
WEBPUSH_ALLOW_HTTP_ENDPOINTS = env.bool("WEBPUSH_ALLOW_HTTP_ENDPOINTS", default=False)

# Celery. The broker defaults to kombu's filesystem transport so `make run` needs no Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    # A task not acknowledged within this window is redelivered; it must stay above the
    # task time limit below, or a slow task would run twice.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
# Acknowledge after the task ran, one message at a time: a killed worker's task is redelivered.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    "reminders-sweep": {
        "task": "reminders.tasks.sweep",
        "schedule": env.float("REMINDERS_SWEEP_SECONDS", default=60.0),
    },
    # Outbox retention (reminders/housekeeping.py), at a quiet hour.
    "reminders-prune": {
        "task": "reminders.tasks.prune",
        "schedule": crontab(hour=3, minute=17),
    },
    # Idempotency-Key answers are kept 24 hours (api.idempotency); hourly is soon enough.
    "api-idempotency-keys-purge": {
        "task": "api.tasks.idempotency_keys_purge",
        "schedule": 3600.0,
    },
}
# How long a claimed reminder stays with its sender before another sweep may take it over.
REMINDERS_LEASE_SECONDS = env.int("REMINDERS_LEASE_SECONDS", default=120)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}
