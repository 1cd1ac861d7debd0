"""Settings come from the environment: DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, EMAIL_*."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "axes",
    "template_partials",  # {% partialdef %}; wraps the template loaders (cached) itself
    "accounts",
    "workspaces",
    "journeys",
    "personas",
    "touchpoints",
    "workshops",
    "insights",
    "gallery",
    "history",
    "sharing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # (static files: compressed by WhiteNoise)
    "config.compression.PageGZipMiddleware",  # pages; why it is safe with CSRF tokens: there
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "config.unavailable.DatabaseUnavailableMiddleware",  # lost database: 503, not 500
    "journeys.middleware.BusyMiddleware",  # a write that stays locked out: 503, not 500
    "axes.middleware.AxesMiddleware",  # last: it turns a locked-out login into the lockout page
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",  # LANGUAGE_CODE, LANGUAGES
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "workspaces.current.workspaces",  # the switcher in the header
            ],
        },
    },
]

# Unset DATABASE_URL: a SQLite file beside the project; a postgres:// URL: PostgreSQL via psycopg 3.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        # A kept connection (CONN_MAX_AGE > 0) is checked before reuse: after a database restart
        # the next request reconnects instead of failing on the dead connection.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Many writers at once (a workshop's phones): readers never wait for a writer (WAL),
    # every transaction takes the write lock when it starts (IMMEDIATE), so none fails half
    # way, and a writer waits up to 20 s (`?timeout=` in DATABASE_URL) for its turn. See
    # journeys/concurrency.py.
    _options = DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        **DATABASES["default"].get("OPTIONS", {}),
    }
    _options["timeout"] = float(_options["timeout"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes counts failed logins first; ModelBackend then checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one user name from one address lock that pair out for 15 minutes;
# the same user from elsewhere, and other users, can still log in.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "journeys:list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ko", "한국어")]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Seoul")
USE_I18N = True
# The Korean catalogue: locale/ko/LC_MESSAGES/*.po, compiled to .mo by `make setup` (msgfmt).
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and times follow the active language (Django's locale formats, with Korean's date-time
# order fixed in config/formats/ko/): {{ when|date:"DATE_FORMAT" }} is "Dec. 4, 2026" or
# "2026년 12월 4일". USE_THOUSAND_SEPARATOR stays off: it would group every number a template
# prints, ids in URLs and form values too (value="1,234"); figures people read go through
# journeys/numbers.py's format_number instead (1,234,567 in both languages).
FORMAT_MODULE_PATH = ["config.formats"]
USE_THOUSAND_SEPARATOR = False
USE_TZ = True

STATIC_URL = "static/"
# Production serves collected files (`manage.py collectstatic`); development serves them from
# the apps' folders, so no collected copy is expected then.
STATIC_ROOT = None if DEBUG else BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "insights.finders.PlotlyFinder",  # plotly.js from the plotly package (insights/finders.py)
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Imports are capped at 5 MB; let Django hold a little more so the view can say so clearly.
MAX_IMPORT_BYTES = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"

# PDF export (journeys/pdf_export.py): one PDF prints at most PDF_MAX_UNITS cards and
# touchpoints (five grid cells count as one), measured to stay near 20 s and 500 MB per render;
# at most PDF_MAX_RENDERS renders run at once per process, a request waits
# PDF_RENDER_WAIT_SECONDS for a free slot before a 503.
PDF_MAX_UNITS = int(os.environ.get("PDF_MAX_UNITS", "1500"))
PDF_MAX_RENDERS = int(os.environ.get("PDF_MAX_RENDERS", "2"))
PDF_RENDER_WAIT_SECONDS = float(os.environ.get("PDF_RENDER_WAIT_SECONDS", "5"))

# History (history/): `manage.py prune_history` deletes map changes older than this many days,
# keeping named versions. Unset (the default): the history is kept whole.
HISTORY_KEEP_DAYS = (
    int(os.environ["HISTORY_KEEP_DAYS"]) if os.environ.get("HISTORY_KEEP_DAYS") else None
)
PDF_RETRY_AFTER_SECONDS = 30
# A file cache, because it is shared by every app process on the machine (uvicorn workers),
# needs no server and no table, and holds large values (PDFs) without using their RAM; the
# default in-memory cache would be one per process, so a repeated export could miss.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / ".cache")),
    }
}

# No inline script or style anywhere (static/js/ and static/css/ hold them all), so the policy
# needs neither 'unsafe-inline' nor 'unsafe-eval'; htmx runs with allowEval off (base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Mail (password reset): printed on the console unless EMAIL_HOST names an SMTP server.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Journey Map Studio <noreply@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Where the app is reached from outside: the links the commands print and the workshop join
# link and QR code. Unset, the commands print http://127.0.0.1:8000 and the join link follows
# the address the facilitator opened (only as trustworthy as ALLOWED_HOSTS).
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")

# Workshop limits (workshops/limits.py). Behind N reverse proxies that each append to
# X-Forwarded-For, set TRUSTED_PROXY_COUNT=N so limits see the phone's address, not the proxy's.
# WORKSHOP_PEOPLE_PER_ADDRESS: how many people one address stands for (raise it when a room
# reaches a public server through one shared address, e.g. a venue's Wi-Fi).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
WORKSHOP_PEOPLE_PER_ADDRESS = int(os.environ.get("WORKSHOP_PEOPLE_PER_ADDRESS", "1"))
