"""Builders for test data. Each runs inside an app context, commits and returns plain values,
so tests never hold ORM objects across requests."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from hiring.auth import passwords
from hiring.auth.models import Role, User, UserRole
from hiring.db import db

PASSWORD = "correct horse battery"
_sequence = itertools.count(1)


@dataclass(frozen=True)
class UserRef:
    id: int
    email: str
    name: str
    password: str


def user(
    *,
    roles: Iterable[Role | str] = (Role.INTERVIEWER,),
    email: str | None = None,
    name: str | None = None,
    password: str | None = PASSWORD,
    manager_id: int | None = None,
    active: bool = True,
    title: str | None = None,
) -> UserRef:
    n = next(_sequence)
    person = User(
        email=email or f"person{n}@example.test",
        name=name or f"Person {n}",
        manager_id=manager_id,
        active=active,
        title=title,
        password_hash=passwords.hash_password(password) if password else None,
    )
    person.role_grants = [UserRole(role=Role(r)) for r in roles]
    db.session.add(person)
    db.session.commit()
    return UserRef(person.id, person.email, person.name, password or "")
