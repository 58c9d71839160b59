"""Opening positions and changing their details. Functions flush, never commit.

The interview plan a position carries is edited through ``hiring.positions.plans``.
"""

from __future__ import annotations

from typing import Any, TypedDict, Unpack

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from hiring.audit.services import record
from hiring.auth.models import Role, User, UserRole
from hiring.db import db
from hiring.domain import DomainError, expect_version
from hiring.library.models import RoleProfile
from hiring.positions.models import Position, PositionStatus
from hiring.positions.plans import default_revision, one_line
from hiring.transaction import conflicts_as_domain_errors


class PositionDetails(TypedDict):
    """What the position form sets (``PositionForm.details()``)."""

    title: str
    team: str
    location: str
    hiring_manager: User | None
    recruiter: User | None
    headcount: int
    status: PositionStatus


def _check_people(hiring_manager: User | None, recruiter: User | None) -> User:
    if hiring_manager is None:
        raise DomainError("Choose the hiring manager.", field="hiring_manager_id")
    if not hiring_manager.active or not hiring_manager.has_role(Role.HIRING_MANAGER):
        raise DomainError(
            f"{hiring_manager.name} is not an active hiring manager.", field="hiring_manager_id"
        )
    if recruiter is not None and (not recruiter.active or not recruiter.has_role(Role.RECRUITER)):
        raise DomainError(f"{recruiter.name} is not an active recruiter.", field="recruiter_id")
    return hiring_manager


def _snapshot(position: Position) -> dict[str, Any]:
    return {
        "title": position.title,
        "team": position.team,
        "location": position.location,
        "status": position.status.value,
        "headcount": position.headcount,
        "hiring_manager": position.hiring_manager.email,
        "recruiter": position.recruiter.email if position.recruiter else None,
    }


def create_position(
    *, role_profile: RoleProfile | None, actor: User, **details: Unpack[PositionDetails]
) -> Position:
    """Open a position on the current version of a role profile, with its default plan."""
    if role_profile is None or not role_profile.current:
        raise DomainError(
            "Choose the current version of the role profile.", field="role_profile_id"
        )
    manager = _check_people(details["hiring_manager"], details["recruiter"])
    position = Position(
        title=one_line(details["title"]),
        team=details["team"].strip(),
        location=details["location"].strip(),
        role_profile=role_profile,
        hiring_manager=manager,
        recruiter=details["recruiter"],
        headcount=details["headcount"],
        status=details["status"],
        created_by_id=actor.id,
    )
    db.session.add(position)
    position.plan_revisions.append(
        default_revision(role_profile, manager, details["recruiter"], actor)
    )
    db.session.flush()
    record(
        "position.created", position, actor=actor, label=position.title, after=_snapshot(position)
    )
    return position


def stale_message(position: Position) -> str:
    """The refusal of an edit made on an older version, naming what the position is now."""
    return (
        "Someone else changed this position since you opened it, so your change was not "
        f"saved. It is now titled “{position.title}”, managed by "
        f"{position.hiring_manager.name}, and {position.status.label.lower()}. Your "
        "entries are still below: save again to apply them over the latest version."
    )


#: Another save of the same position committed between this one's check and its write.
RACED_MESSAGE = (
    "Someone else saved this position at the same moment, so your change was not saved. "
    "Your entries are still below: save again to apply them over the latest version."
)


def update_position(
    position: Position,
    *,
    expected_version: int,
    actor: User,
    **details: Unpack[PositionDetails],
) -> None:
    expect_version(position, expected_version, stale_message(position))
    manager = _check_people(details["hiring_manager"], details["recruiter"])
    before = _snapshot(position)
    with conflicts_as_domain_errors(RACED_MESSAGE):  # autoflushes included
        position.title = one_line(details["title"])
        position.team = details["team"].strip()
        position.location = details["location"].strip()
        position.hiring_manager = manager
        position.recruiter = details["recruiter"]
        position.headcount = details["headcount"]
        position.status = details["status"]
        after = _snapshot(position)
        if after != before:
            flag_modified(position, "title")
            db.session.flush()
    if after != before:
        record(
            "position.updated",
            position,
            actor=actor,
            label=position.title,
            before=before,
            after=after,
        )


def users_with_role(role: Role) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole)
            .where(UserRole.role == role, User.active.is_(True))
            .order_by(User.name)
        )
    )
