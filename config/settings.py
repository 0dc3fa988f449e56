"""Settings for Kompetenceplan, read from the environment (twelve-factor).

Every setting that differs between machines comes from an environment variable
(or a `.env` file in the project root); the defaults give a working local
installation on SQLite under ``var/``.
"""

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# --- Secrets and deployment (docs/security.md) -----------------------------------
# The development key is public (it is in this file), so it is used only with
# DJANGO_DEBUG=true (`make run`) or inside a pytest session (pytest sets
# PYTEST_VERSION for the run). Anything else refuses to start without a
# DJANGO_SECRET_KEY of at least 50 characters.
DEVELOPMENT_SECRET_KEY = "insecure-local-development-key-change-me-in-production-0123456789"
SECRET_KEY_MIN_LENGTH = 50
_development = DEBUG or "PYTEST_VERSION" in os.environ
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY and _development:
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Set it to a random value of at least "
        f"{SECRET_KEY_MIN_LENGTH} characters (python -c 'from django.core.management.utils "
        "import get_random_secret_key; print(get_random_secret_key())'), or set "
        "DJANGO_DEBUG=true for local development."
    )
if len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH:
    raise ImproperlyConfigured(
        f"DJANGO_SECRET_KEY is {len(SECRET_KEY)} characters long; "
        f"at least {SECRET_KEY_MIN_LENGTH} are required."
    )
if SECRET_KEY == DEVELOPMENT_SECRET_KEY and not _development:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is the public development key; set a secret one in production."
    )
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "django_tables2",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "kompetenceplan.core",
    "kompetenceplan.accounts",
    "kompetenceplan.organisation",
    "kompetenceplan.calendar",
    "kompetenceplan.plans",
    "kompetenceplan.funding",
    "kompetenceplan.cohorts",
    "kompetenceplan.competences",
    "kompetenceplan.coverage",
    "kompetenceplan.networks",
    "kompetenceplan.support",
    "kompetenceplan.evaluation",
    "kompetenceplan.followup",
    "kompetenceplan.reports",
    "kompetenceplan.frontpage",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kompetenceplan.core.middleware.DanishByDefaultLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kompetenceplan.core.middleware.NoStoreForAuthenticatedMiddleware",
    "kompetenceplan.core.readlog.ReadLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kompetenceplan" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "kompetenceplan.core.context_processors.shell",
            ],
            # Numbers are shown the Danish way (USE_THOUSAND_SEPARATOR: 1.331),
            # so an id in a link, form value or element id must be written
            # with |unlocalize (?plan=1331, not ?plan=1.331): available in
            # every template, and core/tests/test_template_ids.py checks it.
            "builtins": ["django.templatetags.l10n"],
        },
    }
]

# --- Database -----------------------------------------------------------------
# SQLite under var/ is the embedded default; DATABASE_URL=postgres://... switches.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'kompetenceplan.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://kompetenceplan")}

# --- Authentication -------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_ADAPTER = "kompetenceplan.accounts.adapters.AccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
# One account per e-mail address (case-insensitive); the adapter refuses an address
# another account holds without naming it (enumeration prevention stays on).
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
# Brute-force protection: after 5 failed logins per account (or 20 per IP) within
# 15 minutes (per account: username and e-mail share one counter, see the adapter), further attempts are refused until the window has passed (cool-off,
# never a permanent lock). Counted in the cache: use Redis (CACHE_URL) in production.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("LOGIN_FAILED_RATE", default="20/15m/ip,5/15m/key"),
    "signup": "0/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Kompetenceplan"
PASSWORD_HASHERS = env.list(
    "PASSWORD_HASHERS",
    default=[
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ],
)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Idle timeout: the session ends after SESSION_IDLE_MINUTES without a request.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- Internationalisation -------------------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "kompetenceplan" / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

# --- Static files -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    ("vendor/dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
STATICFILES_DIRS = [(prefix, path) for prefix, path in STATICFILES_DIRS if path.exists()]
WHITENOISE_USE_FINDERS = True

# --- Search (core/search.py, docs/security.md "Search") ----------------------------
# Every search box searches for at most this many words and characters; the rest
# is ignored and the page says so.
SEARCH_MAX_WORDS = env.int("SEARCH_MAX_WORDS", default=12)
SEARCH_MAX_CHARS = env.int("SEARCH_MAX_CHARS", default=200)

# --- Uploads and imports ------------------------------------------------------------
# Largest import file accepted (bytes); larger files are refused with a Danish message.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
# Bounds on reading an uploaded file (core/tabular.py), checked while streaming.
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=50_000)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=50)
IMPORT_MAX_CELL_CHARS = env.int("IMPORT_MAX_CELL_CHARS", default=1_000)
IMPORT_MAX_UNCOMPRESSED_BYTES = env.int("IMPORT_MAX_UNCOMPRESSED_BYTES", default=100 * 1024 * 1024)
IMPORT_MAX_COMPRESSION_RATIO = env.int("IMPORT_MAX_COMPRESSION_RATIO", default=100)
# Files inside an XLSX (a workbook has a dozen; thousands of tiny members is an attack
# on the zip directory, not a spreadsheet).
IMPORT_MAX_ZIP_MEMBERS = env.int("IMPORT_MAX_ZIP_MEMBERS", default=500)
IMPORT_PREVIEW_MAX_AGE_MINUTES = env.int("IMPORT_PREVIEW_MAX_AGE_MINUTES", default=60)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

DJANGO_TABLES2_TEMPLATE = "core/table.html"
DJANGO_TABLES2_PAGE_RANGE = 7

# Background jobs (documents): django-tasks with the database backend; run
# `python manage.py db_worker` beside the web server (`make run` does).
TASKS = {
    "default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}
}

# E-mail (the cohorts' calendar invitations, docs/cohorts.md "Invitations"): SMTP
# when EMAIL_HOST is set, otherwise printed on the console; EMAIL_BACKEND may name
# another, e.g. django.core.mail.backends.filebased.EmailBackend (files in var/mail).
# Tests use Django's locmem backend (mail.outbox).
EMAIL_HOST = env.str("EMAIL_HOST", default="")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=VAR_DIR / "mail")
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Kompetenceplan <noreply@kompetenceplan.dk>"
)
# The site's address, put in front of the links in e-mails (the compliance reminders).
SITE_URL = env.str("SITE_URL", default="")

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if SESSION_COOKIE_SECURE:  # behind HTTPS (a proxy that sets X-Forwarded-Proto)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy: everything from our own origin, no inline scripts or
# styles in markup (scripts set styles through the CSSOM, which CSP allows).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
