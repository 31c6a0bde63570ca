"""Fidu settings. Everything comes from environment variables (see README, "Configuration")."""

from __future__ import annotations

import sys
from pathlib import Path

import dj_database_url

from fidu.env import env_bool, env_int, env_list, env_str, secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("FIDU_DATA_DIR", str(BASE_DIR / "data"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
TESTING = "pytest" in sys.modules or env_bool("FIDU_TESTING")

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = secret_key(DATA_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Links in e-mails (invitations, alerts) point at the port `make run` serves (PORT).
FIDU_BASE_URL = env_str("FIDU_BASE_URL", f"http://127.0.0.1:{env_int('PORT', 8000)}").rstrip("/")
# Production switches on every transport-security header at once.
FIDU_PRODUCTION = env_bool("FIDU_PRODUCTION", False)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "core.staticfiles.FiduStaticFilesConfig",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "axes",
    "django_tasks",
    "django_tasks_db",
]
# Fidu's own apps, lower layers first: an app imports only the ones listed before it.
# URLs (`<app>/urls.py`), API routers (`<app>/api.py`) and demo data (`<app>/demo.py`)
# of these apps are discovered, so adding an app means adding it here only.
FIDU_APPS = [
    "core",
    "einvoice",
    "tenancy",
    "documents",
    "recognition",
    "ledger",
    "booking",
    "bank",
    "payments",
    "feedback",
    "messaging",
    "invoicing",
    "office",
    "archive",
]
INSTALLED_APPS += FIDU_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tenancy.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fidu.urls"
WSGI_APPLICATION = "fidu.wsgi.application"
ASGI_APPLICATION = "fidu.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "tenancy.context_processors.portal",
            ],
        },
    },
]

# --- Database: SQLite (WAL) in the data dir unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'fidu.sqlite3'}"),
        conn_max_age=env_int("FIDU_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the worker write while pages read; IMMEDIATE avoids the
        # "database is locked" upgrade deadlock between web and worker.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- People
AUTH_USER_MODEL = "tenancy.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; tests create hundreds of users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
FIDU_INVITATION_DAYS = env_int("FIDU_INVITATION_DAYS", 7)

# C14: new counterparties completed from their VAT number. "vies" asks the EU's public VAT
# service at a fixed base URL (never one taken from a request: no SSRF); "off" asks nobody
# (the default under tests: tests replay recorded answers from a local fake server).
FIDU_VAT_LOOKUP = env_str("FIDU_VAT_LOOKUP", "off" if TESTING else "vies")
FIDU_VIES_URL = env_str(
    "FIDU_VIES_URL", "https://ec.europa.eu/taxation_customs/vies/rest-api"
).rstrip("/")
FIDU_VIES_TIMEOUT = env_int("FIDU_VIES_TIMEOUT", 8)  # seconds
FIDU_VIES_CACHE_SECONDS = env_int("FIDU_VIES_CACHE_SECONDS", 24 * 3600)

# Login throttling, per account (django-axes) and per client address (tenancy.throttle),
# counted separately: spraying many accounts from one address is stopped too. The client
# address comes from X-Forwarded-For only when the direct peer is a trusted proxy.
FIDU_TRUSTED_PROXIES = env_list("FIDU_TRUSTED_PROXIES", [])
AXES_FAILURE_LIMIT = env_int("FIDU_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("FIDU_LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes warns when it does not count per address: tenancy.throttle does, with its own limit.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_CLIENT_IP_CALLABLE = "tenancy.client_ip.client_ip"
FIDU_LOGIN_IP_FAILURE_LIMIT = env_int("FIDU_LOGIN_IP_FAILURE_LIMIT", 20)
FIDU_RESET_IP_LIMIT = env_int("FIDU_RESET_IP_LIMIT", 10)  # password-reset requests an hour
FIDU_RESET_ADDRESS_LIMIT = env_int("FIDU_RESET_ADDRESS_LIMIT", 3)
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "tenancy/locked_out.html"
AXES_VERBOSE = False

# --- Languages: the four of the product; a user's own choice wins (middleware).
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("nl", "Nederlands"), ("en", "English"), ("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Belgian readers: dd/mm/yyyy in every language, each language's separators (fidu/formats).
FORMAT_MODULE_PATH = ["fidu.formats"]
USE_I18N = True
TIME_ZONE = "Europe/Brussels"
USE_TZ = True

# --- Static files: Bootstrap and icons come from npm's node_modules, no build step.
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    ("vendor/chart.js", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
STATICFILES_DIRS = [(p, d) for p, d in STATICFILES_DIRS if d.exists()]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING or DEBUG
            else "core.staticfiles.FiduStaticStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = TESTING or DEBUG

# --- Blob storage (core.storage): local disk by default, S3-compatible when a bucket is set.
FIDU_BLOB_BACKEND = "s3" if env_str("FIDU_S3_BUCKET") else "local"
FIDU_BLOB_DIR = Path(env_str("FIDU_BLOB_DIR", str(DATA_DIR / "blobs")))
FIDU_S3 = {
    "bucket_name": env_str("FIDU_S3_BUCKET"),
    "endpoint_url": env_str("FIDU_S3_ENDPOINT_URL") or None,
    "region_name": env_str("FIDU_S3_REGION") or None,
    "access_key": env_str("FIDU_S3_ACCESS_KEY_ID") or None,
    "secret_key": env_str("FIDU_S3_SECRET_ACCESS_KEY") or None,
    "location": env_str("FIDU_S3_PREFIX", "blobs"),
}

# --- Background tasks: database queue embedded, Redis + RQ at scale.
FIDU_TASK_BACKEND = env_str("FIDU_TASK_BACKEND", "db")
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
# django_rq is always installed so that an RQ worker (`manage.py rqworker`) can run.
INSTALLED_APPS.append("django_rq")
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 900}}
if FIDU_TASK_BACKEND == "rq":
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif FIDU_TASK_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- E-mail: printed to the console unless an SMTP host is configured.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", bool(EMAIL_HOST))
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Fidu <no-reply@fidu.localhost>")
FIDU_MAIL_DOMAIN = env_str("FIDU_MAIL_DOMAIN", "fidu.localhost")

# --- Document intake (documents app): channels and limits (SPEC B3, B4, B9).
FIDU_SMTP_HOST = env_str("FIDU_SMTP_HOST", "127.0.0.1")
FIDU_SMTP_PORT = env_int("FIDU_SMTP_PORT", 2525)
FIDU_WATCH_DIR = Path(env_str("FIDU_WATCH_DIR", str(DATA_DIR / "inbox")))
MB = 1024 * 1024
FIDU_INTAKE_MAX_BYTES = env_int("FIDU_INTAKE_MAX_BYTES", 100 * MB)
FIDU_PDF_MAX_BYTES = env_int("FIDU_PDF_MAX_BYTES", 50 * MB)
FIDU_PDF_MAX_PAGES = env_int("FIDU_PDF_MAX_PAGES", 500)
FIDU_OFFICE_MAX_BYTES = env_int("FIDU_OFFICE_MAX_BYTES", 25 * MB)
FIDU_SHEET_MAX_BYTES = env_int("FIDU_SHEET_MAX_BYTES", 5 * MB)
FIDU_SHEET_MAX_PAGES = env_int("FIDU_SHEET_MAX_PAGES", 200)
FIDU_NAME_MAX_CHARS = env_int("FIDU_NAME_MAX_CHARS", 50)
FIDU_MAIL_MAX_BYTES = env_int("FIDU_MAIL_MAX_BYTES", 60 * MB)
FIDU_IMAGE_MAX_PIXELS = env_int("FIDU_IMAGE_MAX_PIXELS", 100_000_000)
FIDU_SOFFICE_TIMEOUT = env_int("FIDU_SOFFICE_TIMEOUT", 120)
# Every conversion, rendering and OCR page runs in a child process with these limits
# (core.sandbox): wall-clock/CPU seconds, and memory on top of the worker's own.
FIDU_SANDBOX_SECONDS = env_int("FIDU_SANDBOX_SECONDS", 120)
FIDU_SANDBOX_MEMORY_MB = env_int("FIDU_SANDBOX_MEMORY_MB", 1536)
FIDU_HTML_MAX_BYTES = env_int("FIDU_HTML_MAX_BYTES", 5 * MB)
# IMAP servers on private, loopback or link-local addresses are refused unless this is set.
FIDU_IMAP_ALLOW_PRIVATE = env_bool("FIDU_IMAP_ALLOW_PRIVATE", False)
# Authorities that IMAP servers' certificates are checked against (PEM); empty: the system's.
FIDU_IMAP_CAFILE = env_str("FIDU_IMAP_CAFILE")
# Key that seals stored secrets (IMAP passwords); empty: derived from SECRET_KEY.
FIDU_SECRETS_KEY = env_str("FIDU_SECRETS_KEY")
FIDU_RECOGNITION_ON_INTAKE = env_bool("FIDU_RECOGNITION_ON_INTAKE", True)
# The step runner (docs/intake.md): attempts per step, backoff before the next one (seconds,
# times 4 per further attempt), and when a claim on a document is taken as abandoned.
FIDU_INTAKE_MAX_ATTEMPTS = env_int("FIDU_INTAKE_MAX_ATTEMPTS", 3)
FIDU_INTAKE_RETRY_BACKOFF = env_int("FIDU_INTAKE_RETRY_BACKOFF", 60)
FIDU_INTAKE_CLAIM_TIMEOUT = env_int("FIDU_INTAKE_CLAIM_TIMEOUT", 900)
FIDU_INTAKE_QUEUED_TIMEOUT = env_int("FIDU_INTAKE_QUEUED_TIMEOUT", 6 * 3600)
# Rule sets no installed package ships: paths to the compiled XSLT of an official release
# (OpenPeppol's PEPPOL-EN16931-UBL, the Belgian UBL.BE rules). Unset: reported "not checked".
FIDU_PEPPOL_SCHEMATRON = env_str("FIDU_PEPPOL_SCHEMATRON")
FIDU_UBLBE_SCHEMATRON = env_str("FIDU_UBLBE_SCHEMATRON")
# The books (ledger app): what the file connector writes when bookings are sent.
FIDU_LEDGER_EXPORT_FORMAT = env_str("FIDU_LEDGER_EXPORT_FORMAT", "csv")

# --- Security headers, on from day one.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
if FIDU_PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("FIDU_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("FIDU_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# A strict CSP: no inline scripts or styles anywhere; office colours come from a
# generated stylesheet (tenancy.views_branding), scripts from static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- API
NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusal_on_one_line": {"()": "core.log_filters.RefusalOnOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["refusal_on_one_line"]}},
    "root": {"handlers": ["console"], "level": env_str("FIDU_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
