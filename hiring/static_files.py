"""Static files that browsers may keep: content-hashed URLs, long-lived caching and the favicon.

Every ``url_for('static', filename=...)`` gets ``?v=`` and the first 12 hex digits of the
file's SHA-256, so a page names exactly the version it was built with. A request carrying the
file's current hash is answered with a year-long ``immutable`` cache: the browser never asks
again, and a changed file gets a new URL. Requests without the hash (or with an old one) keep
Flask's default of revalidating every time, so nothing stale is ever pinned.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from typing import Any

from flask import Flask, Response, current_app, request, send_from_directory
from flask.typing import ResponseReturnValue
from werkzeug.security import safe_join

from hiring.permissions import public

#: A year, the longest any browser honours; ``immutable`` stops reload-time revalidation.
VERSIONED_CACHE_CONTROL = "public, max-age=31536000, immutable"
#: The icon at the address browsers and feed readers ask for when a page names none.
FAVICON = "img/favicon.ico"
#: Its address cannot carry a hash, so it is kept a day (public: it is the same for everyone)
#: rather than revalidated on every page.
FAVICON_MAX_AGE = 86400


@lru_cache(maxsize=512)
def _digest(path: str, _mtime_ns: int, _size: int) -> str:
    """The file's hash, computed once per version of it (the stat values are the cache key,
    so an edited file in development gets a fresh hash without a restart)."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()[:12]


def static_version(filename: str) -> str | None:
    """The content hash of a static file, or None when there is no such file.

    Outside debug mode the files do not change while the process runs, so each name is
    looked up once (a page links several files: a ``stat`` each, on every page, otherwise).
    """
    if current_app.debug:
        return _lookup(current_app.static_folder, filename)
    return _settled_version(current_app.static_folder, filename)


@lru_cache(maxsize=512)
def _settled_version(folder: str | None, filename: str) -> str | None:
    return _lookup(folder, filename)


def _lookup(folder: str | None, filename: str) -> str | None:
    path = safe_join(folder, filename) if folder else None
    if path is None:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return _digest(path, stat.st_mtime_ns, stat.st_size)


def _add_version(endpoint: str, values: dict[str, Any]) -> None:
    if endpoint == "static" and "v" not in values and "filename" in values:
        version = static_version(str(values["filename"]))
        if version is not None:
            values["v"] = version


def _cache_versioned(response: Response) -> Response:
    if (
        request.endpoint == "static"
        and response.status_code == 200
        and request.view_args
        and request.args.get("v") == static_version(str(request.view_args["filename"]))
    ):
        response.headers["Cache-Control"] = VERSIONED_CACHE_CONTROL
    return response


@public
def favicon() -> ResponseReturnValue:
    """``/favicon.ico``: the same icon as the pages' SVG, for clients that ask here."""
    folder = current_app.static_folder
    assert folder is not None
    return send_from_directory(
        folder, FAVICON, mimetype="image/vnd.microsoft.icon", max_age=FAVICON_MAX_AGE
    )


def register(app: Flask) -> None:
    app.url_defaults(_add_version)
    app.after_request(_cache_versioned)
    app.add_url_rule("/favicon.ico", "favicon", favicon)
