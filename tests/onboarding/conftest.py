from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from hiring.auth.models import User
from hiring.db import db
from hiring.onboarding.models import OnboardingPlan
from hiring.onboarding.services import plans
from tests.interviews.conftest import (  # noqa: F401 - shared fixtures
    loaded_library,
    make_application,
    make_position,
    schedule,
)

#: A small onboarding template, so service tests need no library on disk.
TEMPLATE = {
    "items": [
        {"phase": "learn", "day": 3, "title": "Product certification", "kind": "certification",
         "owner": "new_hire", "evidence_required": True},
        {"phase": "learn", "day": 5, "title": "Meet the team", "kind": "connection",
         "owner": "buddy"},
        {"phase": "contribute", "day": 40, "title": "First demo", "kind": "deliverable",
         "owner": "new_hire"},
    ],
    "goals": [
        {"phase": "contribute", "outcome": "Run discovery calls", "metric": "Calls",
         "target": 6, "unit": "calls", "due_day": 60},
    ],
}  # fmt: skip

#: A Monday well inside the allowed start-date window of the tests' clock.
START = date(2027, 1, 11)


@dataclass
class PlanWorld:
    """A plan made through the service, with the people around it (inside an app context)."""

    plan: OnboardingPlan
    manager: User
    new_hire: User
    buddy: User
    outsider: User


@pytest.fixture
def world(app, make_user):
    manager = make_user(roles=["hiring_manager"], name="Morgan Patel")
    new_hire = make_user(roles=["new_hire"], name="Noah Kim", manager_id=manager.id)
    buddy = make_user(roles=["interviewer"], name="Jamie Buddy")
    outsider = make_user(roles=["interviewer"], name="Olly Outsider")
    with app.app_context():
        people = [db.session.get(User, p.id) for p in (manager, new_hire, buddy, outsider)]
        plan = plans.create_plan(
            new_hire=people[1],
            manager=people[0],
            buddy=people[2],
            start=START,
            template=TEMPLATE,
            template_source="test",
            title="Noah's plan",
            actor=people[0],
        )
        db.session.commit()
        yield PlanWorld(plan, *people)


@dataclass
class PlanRefs:
    """The same plan for HTTP tests: ids and user refs only, no app context held open."""

    plan_id: int
    manager: object
    new_hire: object


@pytest.fixture
def plan_refs(app, make_user):
    manager = make_user(roles=["hiring_manager"], name="Morgan Patel")
    new_hire = make_user(roles=["new_hire"], name="Noah Kim", manager_id=manager.id)
    with app.app_context():
        boss = db.session.get(User, manager.id)
        plan = plans.create_plan(
            new_hire=db.session.get(User, new_hire.id),
            manager=boss,
            buddy=None,
            start=START,
            template=TEMPLATE,
            template_source="test",
            title="Noah's plan",
            actor=boss,
        )
        db.session.commit()
        return PlanRefs(plan.id, manager, new_hire)
