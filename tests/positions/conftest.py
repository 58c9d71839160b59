from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from hiring.auth.models import User
from hiring.db import db
from hiring.library.models import RoleProfile
from hiring.positions import services
from hiring.positions.models import PositionStatus
from tests.library.conftest import loaded_library  # noqa: F401 - shared fixture


@dataclass(frozen=True)
class PositionRef:
    id: int
    revision_id: int
    stage_ids: list[int]
    version: int


@pytest.fixture
def make_position(app, make_user, loaded_library):  # noqa: F811
    """Open a position on the test library's Account Executive profile."""

    def _make(manager=None, recruiter=None, title="Account Executive"):
        manager = manager or make_user(roles=["hiring_manager"], name="Morgan Patel")
        recruiter = recruiter or make_user(roles=["recruiter"], name="Riley Brooks")
        with app.app_context():
            profile = db.session.scalar(select(RoleProfile))
            position = services.create_position(
                title=title,
                team="Mid-Market",
                location="Chicago",
                role_profile=profile,
                hiring_manager=db.session.get(User, manager.id),
                recruiter=db.session.get(User, recruiter.id),
                headcount=1,
                status=PositionStatus.OPEN,
                actor=db.session.get(User, recruiter.id),
            )
            db.session.commit()
            plan = position.current_plan
            return PositionRef(position.id, plan.id, [s.id for s in plan.stages], plan.version)

    return _make
