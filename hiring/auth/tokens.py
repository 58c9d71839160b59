"""Signed, expiring, single-use links for setting a password (invitations and resets)."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Literal

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from hiring.auth.models import User
from hiring.db import db

Purpose = Literal["invite", "reset"]


class InvalidToken(Exception):
    """The link is malformed, tampered with, already used or for a deactivated account."""


class ExpiredToken(InvalidToken):
    """The link was genuine but is older than its allowed age."""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="hiring.set-password")


def _fingerprint(user: User) -> str:
    # Changes whenever the password is set (session token rotates), so a link works once.
    material = f"{user.id}:{user.session_token}:{user.password_hash or ''}"
    return hashlib.sha256(material.encode()).hexdigest()[:20]


def make_set_password_token(user: User, purpose: Purpose) -> str:
    return _serializer().dumps({"uid": user.id, "fp": _fingerprint(user), "p": purpose})


def max_age(purpose: Purpose) -> timedelta:
    key = "INVITE_MAX_AGE" if purpose == "invite" else "PASSWORD_RESET_MAX_AGE"
    age: timedelta = current_app.config[key]
    return age


def read_set_password_token(token: str) -> tuple[User, Purpose]:
    """Return the user a valid token belongs to, or raise ``InvalidToken``."""
    serializer = _serializer()
    try:
        payload = serializer.loads(token)
    except BadSignature as exc:
        raise InvalidToken from exc
    purpose: Purpose = "reset" if payload.get("p") == "reset" else "invite"
    try:
        serializer.loads(token, max_age=int(max_age(purpose).total_seconds()))
    except SignatureExpired as exc:
        raise ExpiredToken from exc
    user = db.session.get(User, payload.get("uid"))
    if user is None or not user.active or payload.get("fp") != _fingerprint(user):
        raise InvalidToken
    return user, purpose
