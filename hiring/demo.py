"""Demo organisation: a small sales team whose logins the README and `make run` print.

Seeding is idempotent: existing demo users are left alone, missing ones are created.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from hiring.auth import services as accounts
from hiring.auth.models import Role, User
from hiring.db import db

DEMO_PASSWORD = "demo"  # noqa: S105 - published on purpose; demo accounts only


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    title: str
    roles: tuple[Role, ...]
    manager: str | None = None
    login: bool = False  # printed as a demo login


PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("vp.sales@example.com", "Dana Whitfield", "VP of Sales", (Role.HIRING_MANAGER,)),
    DemoPerson(
        "admin@example.com", "Avery Chen", "People Operations Lead", (Role.ADMIN,), login=True
    ),
    DemoPerson(
        "recruiter@example.com", "Riley Brooks", "Talent Partner", (Role.RECRUITER,), login=True
    ),
    DemoPerson(
        "manager@example.com",
        "Morgan Patel",
        "Sales Manager, Mid-Market",
        (Role.HIRING_MANAGER, Role.INTERVIEWER),
        manager="vp.sales@example.com",
        login=True,
    ),
    DemoPerson(
        "interviewer@example.com",
        "Jamie Ortiz",
        "Senior Account Executive",
        (Role.INTERVIEWER,),
        manager="manager@example.com",
        login=True,
    ),
    DemoPerson(
        "sam.rivera@example.com",
        "Sam Rivera",
        "Account Executive",
        (Role.INTERVIEWER,),
        manager="manager@example.com",
    ),
    DemoPerson(
        "priya.shah@example.com",
        "Priya Shah",
        "Sales Engineer",
        (Role.INTERVIEWER,),
        manager="vp.sales@example.com",
    ),
    DemoPerson(
        "newhire@example.com",
        "Noah Kim",
        "Account Executive",
        (Role.NEW_HIRE,),
        manager="manager@example.com",
        login=True,
    ),
)


def is_loaded() -> bool:
    emails = [p.email for p in PEOPLE if p.login]
    found = db.session.scalars(select(User.email).where(User.email.in_(emails))).all()
    return len(found) == len(emails)


def seed() -> int:
    """Create whatever demo records are missing; return how many were created."""
    created = 0
    for person in PEOPLE:  # managers come before their reports
        if accounts.find_by_email(person.email) is not None:
            continue
        manager = accounts.find_by_email(person.manager) if person.manager else None
        accounts.create_user(
            email=person.email,
            name=person.name,
            title=person.title,
            roles=person.roles,
            manager=manager,
            password=DEMO_PASSWORD,
            actor=None,
            is_demo=True,
        )
        created += 1
    db.session.flush()
    return created


def logins_banner() -> str:
    lines = ["", "Demo logins (password: demo):"]
    for person in PEOPLE:
        if person.login:
            roles = ", ".join(role.label for role in person.roles)
            lines.append(f"  {person.email:<26} {person.name:<14} {roles}")
    return "\n".join(lines)
