"""What the training pages read: the must-haves people qualify for, who interviews, and one
person's status across them. Bounded queries whatever the history."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from hiring.auth.models import PANEL, User, UserRole
from hiring.db import db
from hiring.library.models import Competency, RoleProfile, RoleProfileCompetency
from hiring.training.qualification import Qualification, qualifications

#: Who appears on the qualifications page: everyone who may be put on a panel.
INTERVIEWING_ROLES = PANEL


def must_have_competencies(role_key: str | None = None) -> list[Competency]:
    """The current competencies some current role profile (or the one named) calls a
    must-have, by name: what the scheduler asks a qualification for."""
    keys = (
        select(Competency.key)
        .join(RoleProfileCompetency, RoleProfileCompetency.competency_id == Competency.id)
        .join(RoleProfile, RoleProfile.id == RoleProfileCompetency.role_profile_id)
        .where(RoleProfile.current.is_(True), RoleProfileCompetency.must_have.is_(True))
    )
    if role_key:
        keys = keys.where(RoleProfile.key == role_key)
    return list(
        db.session.scalars(
            select(Competency)
            .where(Competency.current.is_(True), Competency.key.in_(keys))
            .order_by(Competency.name)
        )
    )


def interviewers_statement() -> Select[Any]:
    """Active people who may sit on a panel, by name (paginated by the page)."""
    return (
        select(User)
        .where(
            User.active.is_(True),
            User.role_grants.any(UserRole.role.in_(INTERVIEWING_ROLES)),
        )
        .order_by(User.name, User.id)
    )


def status_grid(
    people: list[User], competencies: list[Competency]
) -> dict[tuple[int, str], Qualification]:
    return qualifications([p.id for p in people], [c.key for c in competencies])


def my_qualifications(
    user: User, competencies: list[Competency]
) -> list[tuple[Competency, Qualification]]:
    found = qualifications([user.id], [c.key for c in competencies])
    return [(c, found[(user.id, c.key)]) for c in competencies]


def competency_names() -> dict[str, Competency]:
    return {
        c.key: c for c in db.session.scalars(select(Competency).where(Competency.current.is_(True)))
    }


def current_roles() -> list[RoleProfile]:
    return list(
        db.session.scalars(
            select(RoleProfile).where(RoleProfile.current.is_(True)).order_by(RoleProfile.name)
        )
    )
