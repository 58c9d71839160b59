"""Flask extensions, created unbound and bound to an app in ``create_app``."""

from __future__ import annotations

from flask_caching import Cache
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect

from hiring import ratelimit  # noqa: F401 - registers the hiring-db:// limits storage
from hiring.db import db

migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
# Limits are declared per route (login, set-password); nothing is limited by default.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
#: Rendered PDF packets, keyed by content fingerprint (see hiring/packets/render.py).
cache = Cache()
#: gzip or brotli for pages, CSS, JS and JSON (the CSS alone goes from 120 KB to ~19 KB).
compress = Compress()

__all__ = ["cache", "compress", "csrf", "db", "limiter", "login_manager", "migrate"]
