"""Configuration: defaults, then ``instance/config.py``, then ``HIRING_*`` environment variables.

Run ``python -m hiring.init_instance`` to create ``instance/config.py`` with a random secret key
(``make run`` does this on first start). The app never invents a key by itself outside
debug mode: several app servers must share one key, so a production deployment sets it.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: Values that must never sign sessions in production.
INSECURE_SECRET_KEYS = frozenset({"", "dev", "change-me", "changeme", "secret", "test"})

DEFAULTS: dict[str, Any] = {
    "APP_NAME": "Hiring & Onboarding",
    "SECRET_KEY": None,
    # A relative SQLite path resolves inside the instance folder.
    "DATABASE_URL": "sqlite:///hiring.sqlite3",
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "SCORECARDS_DIR": str(PROJECT_ROOT / "scorecards"),
    # Show the styled 500 page even when running with --debug (no stack traces in pages).
    "PROPAGATE_EXCEPTIONS": False,
    "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": None,  # None: secure unless debug or testing
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_DURATION": timedelta(days=14),
    "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
    "WTF_CSRF_TIME_LIMIT": None,  # tied to the session instead, so long forms never expire
    "RATELIMIT_ENABLED": True,
    # Counters live in the app's database, shared by every app process (see ratelimit.py).
    "RATELIMIT_STORAGE_URI": "hiring-db://",
    "RATELIMIT_HEADERS_ENABLED": True,
    "LOGIN_RATE_LIMIT": "10 per minute;50 per hour",
    "LOGIN_ACCOUNT_RATE_LIMIT": "5 per minute;20 per hour",
    "PASSWORD_MIN_LENGTH": 10,
    #: "default" is RFC 9106's low-memory Argon2id profile; tests use "cheapest".
    "PASSWORD_HASH_PROFILE": "default",
    "INVITE_MAX_AGE": timedelta(days=7),
    "PASSWORD_RESET_MAX_AGE": timedelta(hours=24),
    #: How long a voluntary self-identification link works (it also stops once used).
    "SELF_ID_LINK_MAX_AGE": timedelta(days=14),
    #: Attempts per address at the public self-identification page.
    "SELF_ID_RATE_LIMIT": "20 per minute;100 per hour",
    "MAIL_FROM": "Hiring <no-reply@localhost>",
    "MAIL_SMTP_HOST": None,
    "MAIL_SMTP_PORT": 587,
    "MAIL_SMTP_USERNAME": None,
    "MAIL_SMTP_PASSWORD": None,
    "MAIL_SMTP_STARTTLS": True,
    #: Seconds to wait on the SMTP server at each step before the attempt counts as failed.
    "MAIL_SMTP_TIMEOUT": 20,
    "EXTERNAL_URL": None,  # e.g. https://hiring.example.com, for links in emails
    #: The organiser of interview invitations, e.g. "Hiring team <hiring@example.com>";
    #: None: whoever booked the interview (replies then reach that person).
    "CALENDAR_ORGANIZER": None,
    "TRUSTED_PROXIES": 0,  # number of reverse proxies in front (X-Forwarded-* hops)
    "PAGE_SIZE": 25,
    #: The organisation's IANA time zone: for e-mails to people who have not chosen theirs,
    #: the first sign-in's suggestion without JavaScript, and the CLI's packets.
    "DEFAULT_TIME_ZONE": "UTC",
    #: Rendered packets, keyed by a fingerprint of their content (Flask-Caching settings).
    #: The default is a table in the app's database, shared by every app server and worker
    #: (hiring/packets/store.py); "RedisCache" with CACHE_REDIS_URL, or "FileSystemCache"
    #: (a folder per machine), work too.
    "CACHE_TYPE": "hiring.packets.store.DatabaseCache",
    "CACHE_DIR": None,  # FileSystemCache only; None: <instance>/packet-cache
    "CACHE_THRESHOLD": 2000,
    #: The database cache also stays under this many bytes (least recently read go first).
    "CACHE_MAX_BYTES": 512 * 1024 * 1024,
    "CACHE_DEFAULT_TIMEOUT": 30 * 24 * 3600,
    #: Flask-Compress: brotli where the browser takes it, else gzip; small bodies stay plain.
    #: Brotli quality 6 beats gzip's size on our CSS at ~2.5 ms per 80 KB (4, the default,
    #: does not).
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_ALGORITHM_STREAMING": ["br", "gzip"],
    "COMPRESS_BR_LEVEL": 6,
    #: Never HTML (nor anything else that mixes a secret with text an attacker can inject):
    #: a compressed page's length leaks its secrets byte by byte (BREACH), and our pages
    #: carry CSRF tokens and, on the account page, the calendar feed's private address.
    #: Static assets and exports hold no secret a third party can make us reflect.
    "COMPRESS_MIMETYPES": [
        "text/css",
        "text/javascript",
        "application/javascript",
        "image/svg+xml",
        "application/json",
        "text/csv",
        "text/calendar",
    ],
    #: The job queue's store (hiring/jobs.py). None: beside the database (instance/jobs.sqlite3
    #: on SQLite, jobs_queue_* tables on PostgreSQL); or redis://host:6379/0.
    "JOBS_URL": None,
    #: Run each job at once in the process that enqueued it, with no worker (the tests do).
    "JOBS_IMMEDIATE": False,
    #: Threads of `flask jobs worker` (each runs one job at a time).
    "JOBS_WORKERS": 2,
    "PACKET_PAGE_SIZE": "A4",  # or "Letter"
    #: Processes for `packets render position --out-dir` (None: one per core).
    "PACKET_WORKERS": None,
    #: Due dates skip this country's public holidays (ISO 3166 code, "" for none), optionally
    #: a subdivision's too (ISO 3166-2 suffix: "CA" for California, "ENG" for England), and
    #: the company's own closing days (ISO dates). See hiring/calendar.py.
    "HOLIDAY_COUNTRY": "US",
    "HOLIDAY_SUBDIVISION": None,
    "COMPANY_HOLIDAYS": [],
}


def load_config(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Layer the configuration onto ``app`` and derive the dependent settings."""
    app.config.from_mapping(DEFAULTS)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("HIRING")
    else:
        app.config.from_mapping(test_config)

    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(app.config["DATABASE_URL"])
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") and app.config[
        "SQLALCHEMY_ENGINE_OPTIONS"
    ] == {"pool_pre_ping": True}:
        # A file has no server that drops idle connections: the ping would be one more
        # query on every request for nothing.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {}
    if app.config["SESSION_COOKIE_SECURE"] is None:
        secure = not (app.debug or app.testing)
        app.config["SESSION_COOKIE_SECURE"] = secure
        app.config["REMEMBER_COOKIE_SECURE"] = secure
    else:
        app.config.setdefault("REMEMBER_COOKIE_SECURE", app.config["SESSION_COOKIE_SECURE"])
    _check_secret_key(app)
    _check_holidays(app)


def normalise_database_url(url: str) -> str:
    """Accept the common ``postgres://`` spellings and route them to psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _check_secret_key(app: Flask) -> None:
    key = app.config.get("SECRET_KEY")
    if key and key not in INSECURE_SECRET_KEYS:
        return
    if app.debug or app.testing:
        if not key:
            # Debug only: sessions last until the server restarts.
            app.config["SECRET_KEY"] = secrets.token_hex(32)
            app.logger.warning("No SECRET_KEY configured; using a temporary one (debug only).")
        return
    raise RuntimeError(
        "Refusing to start: SECRET_KEY is missing or a well-known default. "
        "Set HIRING_SECRET_KEY, or run `python -m hiring.init_instance` to write one to "
        f"{Path(app.instance_path) / 'config.py'}."
    )


def _check_holidays(app: Flask) -> None:
    """Refuse to start with a holiday country or subdivision the calendar cannot read."""
    from hiring.calendar import holiday_settings_problem

    if problem := holiday_settings_problem(app.config):
        raise RuntimeError(f"Refusing to start: {problem}")


def write_instance_config(instance_path: Path) -> bool:
    """Create ``instance/config.py`` with a fresh random secret key; return False if it exists."""
    instance_path.mkdir(parents=True, exist_ok=True)
    config_file = instance_path / "config.py"
    if config_file.exists():
        return False
    config_file.write_text(
        '"""Local configuration (not committed). Environment variables HIRING_* override it."""\n\n'
        f"SECRET_KEY = {secrets.token_hex(32)!r}\n"
        "# DATABASE_URL = 'postgresql://user:password@localhost/hiring'\n"
        "# MAIL_SMTP_HOST = 'smtp.example.com'\n",
        encoding="utf-8",
    )
    config_file.chmod(0o600)
    return True
