"""Onboarding service fixtures: a plan made through the service, with its people."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from hiring.auth.models import User
from hiring.db import db
from hiring.onboarding.models import OnboardingPlan
from hiring.onboarding.services import plans
from tests.builders import PLAN_START as START
from tests.builders import PLAN_TEMPLATE as TEMPLATE


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
