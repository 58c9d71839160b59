"""Demo organisation: a small sales team whose logins the README and `make run` print.

The people and the position are data (``hiring/demo_data/organisation.toml``); this module
only reads them and creates what is missing. Seeding is idempotent: existing demo users are
left alone, missing ones are created.
"""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import select

from hiring.auth import services as accounts
from hiring.auth.models import Role, User
from hiring.candidates.models import Candidate
from hiring.db import db
from hiring.demo_selfid import seed_self_identification
from hiring.library.loading import load_library
from hiring.library.models import RoleProfile
from hiring.library.validation import validate_directory
from hiring.positions import services as position_services
from hiring.positions.models import PlanStageInterviewer, Position, PositionStatus

DEMO_PASSWORD = "demo"  # noqa: S105 - published on purpose; demo accounts only


#: The demo organisation, the candidates and the new hire live as data beside this module.
DATA_DIR = Path(__file__).parent / "demo_data"


def read_data(name: str) -> dict[str, Any]:
    """One of the demo data files in ``hiring/demo_data/``."""
    with (DATA_DIR / name).open("rb") as handle:
        return tomllib.load(handle)


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    title: str
    roles: tuple[Role, ...]
    manager: str | None = None
    login: bool = False  # printed as a demo login
    #: Chosen already, so the demo never stops at the first sign-in's time-zone question.
    time_zone: str | None = None


@dataclass(frozen=True)
class DemoPosition:
    title: str
    team: str
    location: str
    profile: str
    headcount: int
    #: Default interviewers per stage of the profile's plan, in order.
    interviewers: tuple[tuple[str, ...], ...]


_ORGANISATION = read_data("organisation.toml")
PEOPLE: tuple[DemoPerson, ...] = tuple(
    DemoPerson(**{**person, "roles": tuple(Role(r) for r in person["roles"])})
    for person in _ORGANISATION["people"]
)
DEMO_POSITION = DemoPosition(
    **{
        **_ORGANISATION["position"],
        "interviewers": tuple(tuple(s) for s in _ORGANISATION["position"]["interviewers"]),
    }
)


def is_loaded() -> bool:
    emails = [p.email for p in PEOPLE if p.login]
    found = db.session.scalars(select(User.email).where(User.email.in_(emails))).all()
    return len(found) == len(emails)


def seed() -> int:
    """Create whatever demo records are missing; return how many were created."""
    created = _seed_people()
    created += _seed_library()
    created += _seed_positions()
    from hiring.demo_new_hire import seed_new_hire
    from hiring.demo_pipeline import seed_pipeline

    created += seed_pipeline()
    created += seed_new_hire()
    from hiring.demo_coaching import seed_coaching

    created += seed_coaching()
    from hiring.demo_support import seed_support

    created += seed_support()
    from hiring.demo_analytics import seed_analytics

    created += seed_analytics()
    from hiring.demo_training import seed_training

    created += seed_training()
    created += _seed_self_identification()
    db.session.flush()
    return created


def _seed_self_identification() -> int:
    """Voluntary self-identification for most demo candidates (some preferring not to say),
    so the adverse-impact section has groups large enough to show."""
    db.session.flush()
    candidates = list(db.session.scalars(select(Candidate.id).order_by(Candidate.id)))
    return seed_self_identification(candidates, random.Random(15))  # noqa: S311 - demo answers, not secrets


class DemoDataError(RuntimeError):
    pass


def _seed_library() -> int:
    library = validate_directory(Path(current_app.config["SCORECARDS_DIR"]))
    if library.errors:
        problems = "\n".join(str(p) for p in library.errors)
        raise DemoDataError(f"The library in scorecards/ has errors:\n{problems}")
    result = load_library(library, actor=None)
    return result.created


def _seed_positions() -> int:
    spec = DEMO_POSITION
    if db.session.scalar(select(Position.id).where(Position.title == spec.title)):
        return 0
    profile = db.session.scalar(
        select(RoleProfile).where(RoleProfile.key == spec.profile, RoleProfile.current.is_(True))
    )
    manager = accounts.find_by_email("manager@example.com")
    recruiter = accounts.find_by_email("recruiter@example.com")
    if profile is None or manager is None or recruiter is None:
        raise DemoDataError("The demo position needs the library and the demo people first.")
    position = position_services.create_position(
        title=spec.title,
        team=spec.team,
        location=spec.location,
        role_profile=profile,
        hiring_manager=manager,
        recruiter=recruiter,
        headcount=spec.headcount,
        status=PositionStatus.OPEN,
        actor=recruiter,
    )
    plan = position.current_plan
    assert plan is not None
    for stage, emails in zip(plan.stages, spec.interviewers, strict=False):
        people = [accounts.find_by_email(email) for email in emails]
        stage.interviewers = [PlanStageInterviewer(user_id=p.id) for p in people if p]
    db.session.flush()
    return 1


def _seed_people() -> int:
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
            time_zone=person.time_zone,
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
