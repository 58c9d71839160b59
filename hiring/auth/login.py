"""Flask-Login wiring: the cookies carry a session's secret (Flask-Login's alternative id),
never the user's id, and every request finds the session and its user in ONE query."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Flask, Response, g
from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import contains_eager

from hiring.auth import sessions
from hiring.auth.models import AnonymousUser, User, UserSession
from hiring.db import db, utcnow
from hiring.extensions import login_manager

logger = logging.getLogger(__name__)

_CURRENT = "hiring_user_session"
_TOUCH = "hiring_touch_session"


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.anonymous_user = AnonymousUser
    # "basic" marks the session non-fresh when the client changes; "strong" would sign out
    # people whose mobile IP changes mid-interview.
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)
    app.after_request(touch_session)


#: The session behind a cookie, its user and the user's roles, in one statement. Built once:
#: it runs on every request, and building a statement costs more than running this one.
_LIVE_SESSION = (
    select(UserSession)
    .join(UserSession.user)
    .options(contains_eager(UserSession.user).joinedload(User.role_grants))
    .where(
        UserSession.secret_hash == bindparam("secret_hash"),
        sessions.LIVE,
        User.active.is_(True),
    )
)


def load_user(secret: str) -> User | None:
    """The active user whose live session this cookie's secret opens, else None.

    A session seen more than ``sessions.TOUCH_EVERY`` ago has its "last active" moved after
    the response.
    """
    if not secret:
        return None
    found = db.session.scalars(
        _LIVE_SESSION,
        {"secret_hash": sessions.secret_hash(secret), **sessions.live_cutoffs()},
    )
    session = found.unique().one_or_none()
    if session is None:
        return None
    g.setdefault(_CURRENT, session)
    if session.last_seen_at < utcnow() - sessions.TOUCH_EVERY:
        g.setdefault(_TOUCH, session.id)
    return session.user


def current_session() -> UserSession | None:
    """The session the current request is signed in with (None for a visitor)."""
    found: UserSession | None = g.get(_CURRENT)
    return found


def touch_session(response: Response) -> Response:
    """Move a stale "last active" forward, in its own short transaction after the request's
    own (so a form's ``attempt`` never finds it pending, and a rolled-back request keeps it).
    It only feeds the account page, so a failure is logged, never shown."""
    session_id = g.pop(_TOUCH, None)
    if session_id is None:
        return response
    try:
        with db.engine.begin() as connection:
            connection.execute(
                update(UserSession)
                .where(UserSession.id == session_id)
                .values(last_seen_at=utcnow())
            )
    except SQLAlchemyError:
        logger.warning("could not record activity of session %s", session_id, exc_info=True)
    return response


def safe_next_url(target: str | None) -> str | None:
    """Accept only a path on this site, so ``?next=`` cannot send people elsewhere."""
    if not target:
        return None
    target = target.strip()
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
