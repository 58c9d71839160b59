"""Flask-Login wiring: sessions carry the user's rotating session token, not their id."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy import select

from hiring.auth.models import AnonymousUser, User
from hiring.db import db
from hiring.extensions import login_manager


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.anonymous_user = AnonymousUser
    # "basic" marks the session non-fresh when the client changes; "strong" would sign out
    # people whose mobile IP changes mid-interview.
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)


def load_user(session_token: str) -> User | None:
    """Find the active user owning this token; a rotated token ends the session."""
    return db.session.scalar(
        select(User).where(User.session_token == session_token, User.active.is_(True))
    )


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
