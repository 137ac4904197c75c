"""Learnloop's settings: everything comes from environment variables (see README, "Configuration")."""

from __future__ import annotations

import math
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false).")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


ENVIRONMENT = os.environ.get("LEARNLOOP_ENV", "development").strip().lower()
if ENVIRONMENT not in {"development", "production", "test"}:
    raise ImproperlyConfigured(f"LEARNLOOP_ENV={ENVIRONMENT!r} is unknown: use development, production or test.")
PRODUCTION = ENVIRONMENT == "production"

DATA_DIR = Path(os.environ.get("LEARNLOOP_DATA_DIR", Path.cwd() / "var")).resolve()

DEBUG = env_bool("LEARNLOOP_DEBUG", False)


def _secret_key() -> str:
    key = os.environ.get("LEARNLOOP_SECRET_KEY", "").strip()
    if key:
        return key
    if PRODUCTION:
        return ""
    # Embedded mode: generate one key per installation and keep it beside the database.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("LEARNLOOP_ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("LEARNLOOP_CSRF_TRUSTED_ORIGINS", [])

# In production a weak secret key or cookies sent without TLS are refused unless the operator
# names the exception in LEARNLOOP_ALLOW_INSECURE (e.g. "cookies" on a closed network while TLS
# is being set up); debug pages and missing host names are refused always.
INSECURE_EXCEPTIONS = {"weak-secret-key", "cookies"}
ALLOW_INSECURE = set(env_list("LEARNLOOP_ALLOW_INSECURE", []))
if ALLOW_INSECURE - INSECURE_EXCEPTIONS:
    raise ImproperlyConfigured(
        f"LEARNLOOP_ALLOW_INSECURE names {', '.join(sorted(ALLOW_INSECURE - INSECURE_EXCEPTIONS))}: "
        f"it may list only {', '.join(sorted(INSECURE_EXCEPTIONS))}."
    )
SECURE_COOKIES = env_bool("LEARNLOOP_SECURE_COOKIES", PRODUCTION)

SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_BITS = 128
# Values that appear in examples and templates: a key that contains one was copied, not made.
SECRET_KEY_PLACEHOLDERS = ("django-insecure", "change", "example", "placeholder", "secret", "insecure", "default")


def secret_key_weakness(key: str) -> str | None:
    """Why a secret key is too weak for production, or None. The rule (docs/security.md): not a
    placeholder; at least 50 characters (as Django's deployment check asks); not one short part
    repeated; and at least 128 bits by a generous estimate, length times log2(distinct characters),
    so that a key of few different characters ("a" * 60, "ab" * 30) is refused."""
    lowered = key.lower()
    placeholder = next((word for word in SECRET_KEY_PLACEHOLDERS if word in lowered), None)
    if placeholder is not None:
        return f"it contains {placeholder!r}, so it looks like a placeholder"
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"it has {len(key)} characters, fewer than {SECRET_KEY_MIN_LENGTH}"
    if any(key[period:] == key[:-period] for period in range(1, len(key) // 2 + 1)):
        return "it repeats a shorter part"
    bits = len(key) * math.log2(len(set(key))) if len(set(key)) > 1 else 0.0
    if bits < SECRET_KEY_MIN_BITS:
        return f"its {len(set(key))} different characters give about {bits:.0f} bits, fewer than {SECRET_KEY_MIN_BITS}"
    return None


if PRODUCTION:
    problems = []
    if DEBUG:
        problems.append("LEARNLOOP_DEBUG must be false")
    if not SECRET_KEY:
        problems.append("LEARNLOOP_SECRET_KEY must be set")
    elif "weak-secret-key" not in ALLOW_INSECURE and (weakness := secret_key_weakness(SECRET_KEY)):
        problems.append(
            f"LEARNLOOP_SECRET_KEY is too weak ({weakness}); make one with "
            '`python3 -c "import secrets; print(secrets.token_urlsafe(50))"`'
        )
    if not ALLOWED_HOSTS:
        problems.append("LEARNLOOP_ALLOWED_HOSTS must list the host names served")
    if not SECURE_COOKIES and "cookies" not in ALLOW_INSECURE:
        problems.append(
            "LEARNLOOP_SECURE_COOKIES=false would send the session cookie without TLS; "
            "serve over HTTPS, or set LEARNLOOP_ALLOW_INSECURE=cookies to accept that"
        )
    if problems:
        raise ImproperlyConfigured("Refusing to start in production: " + "; ".join(problems) + ".")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "learnloop.core",
    "learnloop.people",
    "learnloop.api",
    "learnloop.loops",
    "learnloop.knowledge",
    "learnloop.voice",
    "learnloop.equity",
]

MIDDLEWARE = [
    # Outermost, so it sees every error: under /api/ each one answers in the API's JSON shape.
    "learnloop.core.web.JsonErrorsUnderApi",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "learnloop.core.middleware.AccessMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "learnloop.urls"
WSGI_APPLICATION = "learnloop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "learnloop.core.context_processors.viewer",
            ],
        },
    }
]

# Database: SQLite in WAL mode under the data folder unless DATABASE_URL says otherwise.
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{DATA_DIR / 'learnloop.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0 if DEBUG else 60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if not DATABASE_URL.startswith("sqlite://:memory:"):
        DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers and one writer work at once; IMMEDIATE avoids "database is locked"
        # when two transactions both try to upgrade a read lock to a write lock.
        # secure_delete zeroes deleted rows in the file (anonymous answers waiting for release).
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA secure_delete=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Brute-force lock-out (django-axes, see people/lockout.py): five failed sign-ins to one account
# from one address lock that account out from that address; twenty from one address, whatever
# the accounts, lock the address out (a few common passwords tried against everyone). Both for
# an hour; a successful sign-in forgets only its own account's failures.
LOGIN_FAILURE_LIMIT = env_int("LEARNLOOP_LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LEARNLOOP_LOGIN_ADDRESS_FAILURE_LIMIT", 20, minimum=1)
if LOGIN_ADDRESS_FAILURE_LIMIT < LOGIN_FAILURE_LIMIT:
    raise ImproperlyConfigured(
        "LEARNLOOP_LOGIN_ADDRESS_FAILURE_LIMIT must be at least LEARNLOOP_LOGIN_FAILURE_LIMIT: "
        "an address's failures include every account's."
    )
AXES_HANDLER = "learnloop.people.lockout.LockoutHandler"
AXES_FAILURE_LIMIT = "learnloop.people.lockout.failure_limit"
AXES_USERNAME_CALLABLE = "learnloop.people.lockout.username_of"
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_VERBOSE = False
# Behind a load balancer or reverse proxy, count the proxies so lock-outs key on the client's
# address from X-Forwarded-For, not on the proxy's (which would lock everyone out at once).
PROXY_COUNT = int(os.environ.get("LEARNLOOP_PROXY_COUNT", "0"))
if PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Cookies and transport (SECURE_COOKIES is read above, with the production checks).
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
# A session row changes only when someone signs in or out: a row saved on every request would
# keep, in its expiry, the moment of the last request, anonymous acts included. Messages ("Your
# question is up") travel in a cookie for the same reason, never in the session.
SESSION_SAVE_EVERY_REQUEST = False
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("LEARNLOOP_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("LEARNLOOP_HSTS_SECONDS", "31536000"))

# Content Security Policy: no inline script or style anywhere, nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Mail: printed to the console unless an SMTP server is configured.
EMAIL_HOST = os.environ.get("LEARNLOOP_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("LEARNLOOP_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("LEARNLOOP_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("LEARNLOOP_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("LEARNLOOP_EMAIL_TLS", True)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("LEARNLOOP_EMAIL_FROM", "Learnloop <learnloop@localhost>")

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("LEARNLOOP_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if ENVIRONMENT == "test"
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = ENVIRONMENT != "production"

# Learnloop's own knobs.
SITE_NAME = os.environ.get("LEARNLOOP_SITE_NAME", "Learnloop")
# Smallest group whose aggregate anyone may see (never below 3; see core.anonymity).
MIN_GROUP_SIZE = int(os.environ.get("LEARNLOOP_MIN_GROUP_SIZE", "5"))
if MIN_GROUP_SIZE < 3:
    raise ImproperlyConfigured("LEARNLOOP_MIN_GROUP_SIZE must be at least 3.")
PAGE_SIZE = 50
# The largest request body accepted (Django's default, 2.5 MiB, stated): a larger one is refused
# before it is read, with a 413 in the API (docs/api.md).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Django's request loggers leave out anonymous acts (answering a pulse, asking a question): a
# line with its time would tie the act to whoever was active then (core.unlinkable). The
# development server's logger keeps Django's own format.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"anonymous_acts": {"()": "learnloop.core.unlinkable.LeaveOutAnonymousActs"}},
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "loggers": {
        "django.request": {"filters": ["anonymous_acts"]},
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
            "filters": ["anonymous_acts"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LEARNLOOP_LOG_LEVEL", "WARNING")},
}
