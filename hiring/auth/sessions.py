"""Server-side sessions: starting one at sign-in, ending one or all, listing the live ones.

Each signed-in browser has a ``UserSession`` row; its cookies carry only the row's random
secret, and the row stores the secret's hash. Signing out, setting a password and deactivation
end rows, which kills the session cookie and the remember-me cookie together, including copies.
Like every service these flush and leave the commit to the request.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from flask import current_app
from sqlalchemy import ColumnElement, and_, bindparam, delete, or_, select, update

from hiring.audit.services import record
from hiring.auth.models import User, UserSession
from hiring.db import db, utcnow
from hiring.domain import DomainError

#: Ended or idle sessions older than this are deleted when their owner next signs in.
KEEP_ENDED = timedelta(days=30)
#: "Last active" moves on at most this often (``hiring.auth.login``), so reading pages does
#: not write every time.
TOUCH_EVERY = timedelta(minutes=5)


class Browser(NamedTuple):
    """What a new session records about the browser starting it (from the request)."""

    user_agent: str
    ip_address: str | None


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def idle_limit() -> timedelta:
    """A "keep me signed in" session unused this long is over, as its cookie would be."""
    limit: timedelta = current_app.config["REMEMBER_COOKIE_DURATION"]
    return limit


def is_live() -> ColumnElement[bool]:
    """The sessions still signed in: not ended, and used within their cookie's lifetime.

    Without "keep me signed in" only Flask's session cookie holds the session, and Flask
    refuses it once older than PERMANENT_SESSION_LIFETIME; it was last written no later than
    the last request, which "last active" trails by at most a few minutes.
    """
    cutoffs = live_cutoffs()
    return _live(cutoffs["plain_since"], cutoffs["remember_since"])


def live_cutoffs() -> dict[str, datetime]:
    """The oldest "last active" of a live session without and with "keep me signed in"
    (the values of ``LIVE``'s parameters)."""
    now = utcnow()
    cookie_age: timedelta = current_app.config["PERMANENT_SESSION_LIFETIME"]
    return {"plain_since": now - cookie_age - TOUCH_EVERY, "remember_since": now - idle_limit()}


def _live(plain_since: Any, remember_since: Any) -> ColumnElement[bool]:
    return and_(
        UserSession.ended_at.is_(None),
        or_(
            UserSession.last_seen_at >= plain_since,
            and_(UserSession.remember.is_(True), UserSession.last_seen_at >= remember_since),
        ),
    )


#: ``is_live`` with the cut-offs as parameters (``live_cutoffs``), for a statement built
#: once and run on every request.
LIVE = _live(bindparam("plain_since"), bindparam("remember_since"))


def start(user: User, *, remember: bool, browser: Browser) -> UserSession:
    """A new session for ``user``, whose secret the user object then carries to the cookie."""
    secret = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.execute(
        delete(UserSession).where(
            UserSession.user_id == user.id,
            or_(
                UserSession.ended_at < now - KEEP_ENDED, UserSession.last_seen_at < now - KEEP_ENDED
            ),
        )
    )
    session = UserSession(
        user_id=user.id,
        secret_hash=secret_hash(secret),
        created_at=now,
        last_seen_at=now,
        remember=remember,
        device=describe_device(browser.user_agent),
        ip_address=browser.ip_address[:45] if browser.ip_address else None,
    )
    db.session.add(session)
    db.session.flush()
    user.carry_session_secret(secret)
    return session


def live(user: User) -> list[UserSession]:
    """``user``'s sessions that are still signed in, most recently used first."""
    return list(
        db.session.scalars(
            select(UserSession)
            .where(UserSession.user_id == user.id, is_live())
            .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
        )
    )


def _end(user: User, *conditions: ColumnElement[bool]) -> int:
    """End ``user``'s live sessions matching ``conditions``; how many were live."""
    result = db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None), *conditions)
        .values(ended_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def sign_out(user: User, session: UserSession | None) -> None:
    """End the session this browser is signed in with."""
    if session is not None:
        _end(user, UserSession.id == session.id)
    record("auth.logout", user, actor=user, label=user.email)


def sign_out_one(user: User, session_id: int, *, current: UserSession | None) -> UserSession:
    """End one of ``user``'s other sessions (from the account page's list)."""
    session = db.session.get(UserSession, session_id)
    if session is None or session.user_id != user.id or session.ended_at is not None:
        raise DomainError("That session has already ended.")
    if current is not None and session.id == current.id:
        raise DomainError("Use “Sign out” to end the session on this device.")
    _end(user, UserSession.id == session.id)
    record(
        "auth.session_ended",
        user,
        actor=user,
        label=user.email,
        before={"device": session.device, "signed_in": session.created_at.isoformat()},
    )
    return session


def sign_out_everywhere(user: User, *, keep: UserSession | None, actor: User | None) -> int:
    """End every session of ``user`` but ``keep``; how many ended."""
    ended = end_all(user, keep=keep)
    counted = {"sessions_ended": ended}
    if keep is not None:
        record("auth.other_sessions_ended", user, actor=actor, label=user.email, after=counted)
    else:
        record("auth.all_sessions_ended", user, actor=actor, label=user.email, after=counted)
    return ended


def end_all(user: User, *, keep: UserSession | None = None) -> int:
    """End ``user``'s sessions (but ``keep``) as part of another audited change: a new
    password or deactivation."""
    return _end(user, *([UserSession.id != keep.id] if keep is not None else []))


# Device descriptions ---------------------------------------------------------------------------

#: First match wins: the order matters, as Edge and Opera also say "Chrome" and Chrome "Safari".
_BROWSERS = (
    ("Edge", re.compile(r"\bEdg(?:e|A|iOS)?/")),
    ("Opera", re.compile(r"\bOPR/|\bOpera\b")),
    ("Samsung Internet", re.compile(r"\bSamsungBrowser/")),
    ("Firefox", re.compile(r"\b(?:Firefox|FxiOS)/")),
    ("Chrome", re.compile(r"\b(?:Chrome|HeadlessChrome|CriOS|Chromium)/")),
    ("Safari", re.compile(r"\bSafari/")),
)
_SYSTEMS = (
    ("iPhone", re.compile(r"\biPhone\b")),
    ("iPad", re.compile(r"\biPad\b")),
    ("Android", re.compile(r"\bAndroid\b")),
    ("ChromeOS", re.compile(r"\bCrOS\b")),
    ("Windows", re.compile(r"\bWindows\b")),
    ("macOS", re.compile(r"\bMac OS X\b|\bMacintosh\b")),
    ("Linux", re.compile(r"\bLinux\b")),
)


def describe_device(user_agent: str) -> str:
    """ "Firefox on Windows" from a User-Agent header: enough to recognise one's own devices
    in the list, without storing the whole header."""
    browser = next((name for name, pattern in _BROWSERS if pattern.search(user_agent)), None)
    system = next((name for name, pattern in _SYSTEMS if pattern.search(user_agent)), None)
    if browser and system:
        return f"{browser} on {system}"
    if browser or system:
        return browser or f"A browser on {system}"
    cleaned = "".join(ch for ch in user_agent if ch.isprintable()).strip()
    return cleaned[:60] or "Unknown device"
