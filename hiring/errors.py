"""Styled error pages (and JSON errors for data requests); never a stack trace."""

from __future__ import annotations

import logging
import math
import time
from urllib.parse import urlsplit

from flask import (
    Flask,
    Response,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, MethodNotAllowed

from hiring.db import db
from hiring.domain import Conflict, DomainError
from hiring.extensions import limiter
from hiring.permissions import wants_html
from hiring.transaction import show_error
from hiring.wording import counted

logger = logging.getLogger(__name__)

MESSAGES: dict[int, tuple[str, str]] = {
    400: ("Bad request", "The request could not be understood. Check the form and try again."),
    401: ("Sign in required", "Sign in to see this page."),
    403: ("Not allowed", "Your account does not have access to this page."),
    404: ("Not found", "There is nothing here. The link may be old, or the item was removed."),
    405: ("Method not allowed", "This page cannot be used that way. Go back and use its form."),
    410: ("Link expired", "This link is no longer valid."),
    413: (
        "File too large",
        "The upload is larger than the server accepts. Choose a smaller file.",
    ),
    429: (
        "Too many attempts",
        "You have tried this too often in a short time. Wait a while, then try again.",
    ),
    500: (
        "Something went wrong",
        "The server hit an unexpected problem. Nothing you entered has been half-saved; "
        "please try again, and tell an administrator if it keeps happening.",
    ),
}


def _render(code: int, title: str | None = None, message: str | None = None) -> Response:
    default_title, default_message = MESSAGES.get(code, ("Error", "The request failed."))
    title = title or default_title
    message = message or default_message
    if not wants_html():
        response = jsonify(error=title, message=message)
        response.status_code = code
        return response
    page = render_template("errors/error.html", code=code, title=title, message=message)
    return make_response(page, code)


def wait_text(seconds: float) -> str:
    """A wait as a person says it: "30 seconds", "47 minutes", "3 hours" (to the nearest
    minute or hour, as Retry-After's seconds are read; never "0")."""
    if seconds < 60:
        amount, unit = max(math.ceil(seconds), 1), "second"
    elif seconds < 2 * 3600:
        amount, unit = max(round(seconds / 60), 1), "minute"
    else:
        amount, unit = round(seconds / 3600), "hour"
    return counted(amount, unit)


def _throttled_message() -> str | None:
    """The throttle page's message with the real wait: the same moment Flask-Limiter puts in
    the Retry-After header (the window of the limit that was hit closes then)."""
    limit = limiter.current_limit
    if limit is None or not limit.breached:
        return None
    return (
        "You have tried this too often in a short time. "
        f"Try again in {wait_text(limit.reset_at - time.time())}."
    )


def _back() -> str:
    """Where the person came from, if it is a page of this site; else the home page."""
    referrer = request.referrer or ""
    parts = urlsplit(referrer)
    if referrer and parts.netloc == request.host and parts.scheme in ("http", "https"):
        return referrer
    return url_for("home.index")


def register(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def refused(error: DomainError) -> ResponseReturnValue:
        """A service refused what a view asked and the view left it to us: say why."""
        db.session.rollback()
        if not wants_html():
            response = jsonify(
                error="conflict" if isinstance(error, Conflict) else "refused",
                message=error.message,
                field=error.field,
            )
            response.status_code = 409 if isinstance(error, Conflict) else 400
            return response
        if request.method == "GET":  # never loop: a page that refuses to load says so itself
            return _render(409 if isinstance(error, Conflict) else 400, message=error.message)
        show_error(error)
        return redirect(_back())

    @app.errorhandler(CSRFError)
    def csrf_error(_error: CSRFError) -> Response:
        return _render(
            400,
            "Form expired",
            "This form was open too long or came from another site, so it was not saved. "
            "Go back, reload the page and submit again.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        code = error.code or 500
        if code == 500:
            return server_error(error)
        response = _render(code, message=_throttled_message() if code == 429 else None)
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(Exception)
    def server_error(error: Exception) -> Response:
        if isinstance(error, HTTPException) and not isinstance(error, InternalServerError):
            return http_error(error)
        original = getattr(error, "original_exception", None) or error
        logger.error("unhandled error", exc_info=original)
        db.session.rollback()
        return _render(500)
