from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta

import pytest

from hiring.applications.models import Application
from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.db import db, utcnow
from hiring.positions.models import Position
from hiring.scorecards import scheduling
from tests.library.conftest import loaded_library  # noqa: F401 - shared fixture
from tests.positions.conftest import make_position  # noqa: F401 - shared fixture

_numbers = itertools.count(1)


@dataclass(frozen=True)
class ApplicationRef:
    id: int
    position_id: int
    candidate_name: str


@dataclass(frozen=True)
class InterviewRef:
    id: int
    application_id: int
    position_id: int
    interviewer_ids: tuple[int, ...]


@pytest.fixture
def make_application(app, make_position):  # noqa: F811
    def _make(position=None, name=None):
        position = position or make_position()
        n = next(_numbers)
        name = name or f"Casey Candidate {n}"
        with app.app_context():
            candidate = Candidate(name=name, email=f"casey{n}@example.test")
            application = Application(candidate=candidate, position_id=position.id)
            db.session.add(application)
            db.session.commit()
            return ApplicationRef(application.id, position.id, name)

    return _make


@pytest.fixture
def schedule(app, make_application, make_user):
    """Book stage ``stage`` for an application; by default it ended two days ago."""

    def _make(interviewers, application=None, stage=1, starts_in=timedelta(days=-2)):
        application = application or make_application()
        with app.app_context():
            app_row = db.session.get(Application, application.id)
            position = db.session.get(Position, application.position_id)
            stage_row = position.current_plan.stages[stage]
            people = [db.session.get(User, u.id) for u in interviewers]
            interview = scheduling.schedule_panel(
                app_row,
                stage_row,
                starts_at=utcnow() + starts_in,
                time_zone="America/Chicago",
                duration_minutes=45,
                location="Room 4",
                video_link="",
                interviewers=people,
                actor=people[0],
            )
            db.session.commit()
            return InterviewRef(
                interview.id, application.id, application.position_id, tuple(u.id for u in people)
            )

    return _make
