"""Account operations: sign-in checks, passwords, invitations and user administration.

Every function flushes and leaves the commit to its caller; a refusal is a ``DomainError``
naming the form field it is about, a stale edit a ``Conflict``.

A little over 350 lines: an account's whole life (invited, signed in, passwords, changed,
deactivated) reads in one place; the sessions it signs in with live in ``sessions``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from blinker import Namespace
from flask import current_app, has_request_context, url_for
from sqlalchemy import func, select, update
from sqlalchemy.orm.attributes import flag_modified, set_committed_value

from hiring import timezones
from hiring.audit.services import record
from hiring.auth import passwords, sessions, tokens
from hiring.auth.models import (
    Role,
    User,
    UserRole,
    UserSession,
    new_session_token,
    normalise_email,
)
from hiring.db import db, utcnow
from hiring.domain import DomainError, expect_version
from hiring.mail import services as mail
from hiring.transaction import conflicts_as_domain_errors

#: Sent by ``update_user`` (sender: the user, ``actor=``) inside its transaction when the
#: user's manager changes, so an area that keeps work per manager (coaching hands a rep's 1:1s
#: over) follows at once without accounts depending on it.
manager_changed = Namespace().signal("manager-changed")

logger = logging.getLogger(__name__)


def _changed_meanwhile(user: User) -> str:
    return (
        f"{user.name} was changed by someone else while you were editing. "
        "Review the current values below and apply your changes again."
    )


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """Return the active user with these credentials, or None (never say which part was wrong).

    Nothing here writes the user row: two sign-ins to one account at the same moment must not
    race on its version counter (the sign-in time lives on the new session's row)."""
    user = find_by_email(email)
    if not passwords.verify_password(user.password_hash if user else None, password):
        if user is not None:
            record("auth.login_failed", user, actor=None, label=user.email)
        return None
    # verify_password never matches a missing account or hash; this narrows the types.
    if user is None or user.password_hash is None or not user.active:
        return None
    if passwords.needs_rehash(user.password_hash):
        # A plain UPDATE, outside the version counter, for the same reason.
        stronger = passwords.hash_password(password)
        db.session.execute(
            update(User)
            .where(User.id == user.id)
            .values(password_hash=stronger)
            .execution_options(synchronize_session=False)
        )
        set_committed_value(user, "password_hash", stronger)
    return user


def sign_in(email: str, password: str, *, remember: bool, browser: sessions.Browser) -> User | None:
    """Check the credentials and start a session on this device; None when they are wrong.
    The returned user carries the new session's secret for ``login_user``."""
    user = authenticate(email, password)
    if user is None:
        return None
    session = sessions.start(user, remember=remember, browser=browser)
    record("auth.login", user, actor=user, label=user.email, after={"device": session.device})
    return user


def check_password_strength(password: str, user: User | None = None) -> None:
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        raise DomainError(f"Use at least {minimum} characters.", field="password")
    if user is not None and password.strip().lower() in {user.email, user.name.strip().lower()}:
        raise DomainError("Choose a password that is not your name or e-mail.", field="password")


def set_password(
    user: User, password: str, *, actor: User | None, keep: UserSession | None = None
) -> None:
    """Set a new password and end every session of the user (but ``keep``, the one changing
    it), with their remember-me cookies."""
    check_password_strength(password, user)
    user.password_hash = passwords.hash_password(password)
    user.password_changed_at = utcnow()
    user.session_token = new_session_token()
    db.session.flush()
    ended = sessions.end_all(user, keep=keep)
    record(
        "user.password_set", user, actor=actor, label=user.email, after={"sessions_ended": ended}
    )


def accept_password_link(
    user: User,
    password: str,
    *,
    browser: sessions.Browser,
    replacing: tuple[User, UserSession | None] | None = None,
) -> None:
    """An invitation or reset link used: the password is set, every older session ends, and
    this device is signed in with a new one.

    ``replacing`` is whoever was signed in on this device until now (perhaps someone else):
    their session ends here too, as a sign-out would end it, so copies of their cookie stop
    working and it leaves their list of sessions.
    """
    if replacing is not None:
        sessions.sign_out(*replacing)
    set_password(user, password, actor=user)
    sessions.start(user, remember=False, browser=browser)


def change_password(
    user: User, current_password: str, new_password: str, *, current: UserSession | None
) -> None:
    """A new password from the account page: every other session ends, this one stays."""
    if not passwords.verify_password(user.password_hash, current_password):
        raise DomainError("That is not your current password.", field="current_password")
    if current_password == new_password:
        raise DomainError("Choose a password different from the current one.", field="password")
    set_password(user, new_password, actor=user, keep=current)


def set_time_zone(user: User, zone: str) -> None:
    """The zone ``user`` reads every time in; only a name from the list (``hiring.timezones``)."""
    if not timezones.is_zone(zone):
        raise DomainError("Choose your time zone from the list.", field="time_zone")
    user.time_zone = zone


def _snapshot(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "name": user.name,
        "title": user.title,
        "roles": sorted(role.value for role in user.roles),
        "manager": user.manager.email if user.manager else None,
        "active": user.active,
    }


def _check_manager(user: User | None, manager: User | None) -> None:
    if manager is None:
        return
    if not manager.active:
        raise DomainError(f"{manager.name} is deactivated.", field="manager_id")
    if user is None:
        return
    seen: set[int] = set()
    boss: User | None = manager
    while boss is not None and boss.id not in seen:
        if boss.id == user.id:
            raise DomainError(
                f"{manager.name} reports to {user.name}, so cannot be their manager.",
                field="manager_id",
            )
        seen.add(boss.id)
        boss = boss.manager


def _set_roles(user: User, roles: Iterable[Role]) -> None:
    wanted = set(roles)
    user.role_grants = [g for g in user.role_grants if g.role in wanted]
    have = {g.role for g in user.role_grants}
    user.role_grants.extend(UserRole(role=role) for role in Role if role in wanted - have)


def create_user(
    *,
    email: str,
    name: str,
    roles: Iterable[Role],
    manager: User | None = None,
    title: str | None = None,
    password: str | None = None,
    actor: User | None,
    is_demo: bool = False,
    time_zone: str | None = None,
) -> User:
    """Create an account (with a password, or none until the invitation is accepted).

    Without ``time_zone`` the person is asked for theirs when they first sign in."""
    roles = list(roles)
    if not roles:
        raise DomainError("Choose at least one role.", field="roles")
    if find_by_email(email) is not None:
        raise DomainError(f"{normalise_email(email)} already has an account.", field="email")
    _check_manager(None, manager)
    if time_zone is not None and not timezones.is_zone(time_zone):
        raise DomainError(f"“{time_zone}” is not a time zone.", field="time_zone")
    user = User(
        email=email,
        name=name.strip(),
        manager=manager,
        title=title,
        is_demo=is_demo,
        time_zone=time_zone,
    )
    _set_roles(user, roles)
    db.session.add(user)
    db.session.flush()
    if password is not None:
        if not is_demo:  # the published demo logins use the short password "demo"
            check_password_strength(password, user)
        user.password_hash = passwords.hash_password(password)
        user.password_changed_at = utcnow()
    record("user.created", user, actor=actor, label=user.email, after=_snapshot(user))
    return user


def invite_user(
    *,
    email: str,
    name: str,
    roles: Iterable[Role],
    manager: User | None,
    title: str | None,
    actor: User,
) -> User:
    """Create an account without a password and e-mail a link to set one."""
    user = create_user(
        email=email, name=name, roles=roles, manager=manager, title=title, actor=actor
    )
    send_set_password_link(user, purpose="invite", actor=actor)
    return user


def new_hire_account(
    *, email: str, name: str, manager: User | None, title: str | None, actor: User
) -> User:
    """The account of someone just hired: linked by e-mail when it exists (gaining the
    new-hire role), otherwise created and invited. The invitation mail goes out after the
    request commits."""
    user = find_by_email(email)
    if user is None:
        return invite_user(
            email=email, name=name, roles=[Role.NEW_HIRE], manager=manager, title=title, actor=actor
        )
    if Role.NEW_HIRE not in user.roles:
        user.role_grants.append(UserRole(role=Role.NEW_HIRE))
        db.session.flush()
    return user


def send_set_password_link(user: User, *, purpose: tokens.Purpose, actor: User | None) -> None:
    """Queue an e-mail with a signed, expiring link to set a password."""
    if not user.active:
        raise DomainError(f"{user.name} is deactivated; reactivate the account first.")
    token = tokens.make_set_password_token(user, purpose)
    link = external_url("auth.set_password", token=token)
    days = tokens.max_age(purpose)
    app_name = current_app.config["APP_NAME"]
    if purpose == "invite":
        user.invited_at = utcnow()
        inviter = actor.name if actor else "An administrator"
        subject = f"{inviter} invited you to {app_name}"
        intro = f"{inviter} created an account for you in {app_name}."
    else:
        subject = f"Set a new password for {app_name}"
        intro = "A new password was requested for your account."
    body = (
        f"Hello {user.first_name},\n\n{intro}\n\n"
        f"Choose your password here (the link works once and expires in {_humanise(days)}):\n"
        f"{link}\n\nYour sign-in e-mail is {user.email}.\n"
    )
    mail.queue(user.email, subject, body)
    record(f"user.{purpose}_sent", user, actor=actor, label=user.email)


def _humanise(delta: Any) -> str:
    hours = int(delta.total_seconds() // 3600)
    if hours % 24 == 0:
        days = hours // 24
        return f"{days} day{'s' if days != 1 else ''}"
    return f"{hours} hour{'s' if hours != 1 else ''}"


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute link for e-mails and invitations.

    EXTERNAL_URL wins; otherwise the current request's host; outside any request (CLI,
    cron) the development address, which EXTERNAL_URL should replace in production.
    """
    base = current_app.config.get("EXTERNAL_URL")
    if base:
        with current_app.test_request_context(base_url=str(base)):
            return url_for(endpoint, _external=True, **values)
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context(base_url="http://localhost:5000"):
        return url_for(endpoint, _external=True, **values)


def update_user(
    user: User,
    *,
    expected_version: int,
    name: str,
    title: str | None,
    roles: Iterable[Role],
    manager: User | None,
    actor: User,
) -> User:
    """Change a user's details; refuse a stale form and keep at least one active admin."""
    expect_version(user, expected_version, _changed_meanwhile(user))
    roles = set(roles)
    if not roles:
        raise DomainError("Choose at least one role.", field="roles")
    if Role.ADMIN in user.roles and Role.ADMIN not in roles:
        _ensure_another_admin(user, "remove the admin role from")
    _check_manager(user, manager)
    before = _snapshot(user)
    former_manager_id = user.manager_id
    # Another save may win the race between the check above and the write (autoflush included).
    with conflicts_as_domain_errors(_changed_meanwhile(user)):
        user.name = name.strip()
        user.title = title
        user.manager = manager
        _set_roles(user, roles)
        after = _snapshot(user)
        if after != before:
            # Role changes touch another table; mark a column so the version counter moves too.
            flag_modified(user, "name")
            db.session.flush()
        record("user.updated", user, actor=actor, label=user.email, before=before, after=after)
        if user.manager_id != former_manager_id:
            manager_changed.send(user, actor=actor)
    return user


def _ensure_another_admin(user: User, doing: str) -> None:
    others = db.session.scalar(
        select(func.count(User.id))
        .join(UserRole)
        .where(UserRole.role == Role.ADMIN, User.active.is_(True), User.id != user.id)
    )
    if not others:
        raise DomainError(f"You cannot {doing} the last active admin.", field="roles")


def deactivate_user(user: User, *, actor: User) -> None:
    """Block sign-in and end every session; the account and its history stay."""
    if user.id == actor.id:
        raise DomainError("You cannot deactivate your own account.")
    if not user.active:
        return
    if Role.ADMIN in user.roles:
        _ensure_another_admin(user, "deactivate")
    user.active = False
    user.deactivated_at = utcnow()
    user.session_token = new_session_token()
    db.session.flush()
    ended = sessions.end_all(user)
    record(
        "user.deactivated",
        user,
        actor=actor,
        label=user.email,
        before={"active": True},
        after={"active": False, "sessions_ended": ended},
    )


def reactivate_user(user: User, *, actor: User) -> None:
    if user.active:
        return
    user.active = True
    user.deactivated_at = None
    db.session.flush()
    record(
        "user.reactivated",
        user,
        actor=actor,
        label=user.email,
        before={"active": False},
        after={"active": True},
    )
