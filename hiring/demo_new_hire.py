"""Noah Kim, the demo's new hire: interviewed for the Account Executive opening, hired
against the formula with a written reason, and three weeks into his onboarding plan, with the
1:1s, a ride-along and the KPI actuals a real week three would have.

The history is data (``hiring/demo_data/new_hire.toml``), replayed through the app's own
services after ``hiring.demo_pipeline`` has seeded the other candidates."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from hiring.applications.models import Application
from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.db import db, utcnow
from hiring.debriefs.models import Decision, DecisionOutcome
from hiring.debriefs.queries import load_debrief
from hiring.debriefs.services import decide
from hiring.demo import DemoDataError, read_data
from hiring.demo_pipeline import demo_user, read_steps, replay_interview
from hiring.onboarding.development import development_goals
from hiring.onboarding.models import OnboardingPlan
from hiring.onboarding.services import certifications, goals, items, plans
from hiring.positions.models import Position

NEW_HIRE = read_data("new_hire.toml")


def seed_new_hire() -> int:
    """Noah Kim (newhire@example.com): interviewed, hired, three weeks into his plan."""
    noah = db.session.scalar(select(User).where(User.email == "newhire@example.com"))
    position = db.session.scalar(
        select(Position).where(Position.title == "Account Executive, Mid-Market")
    )
    if (
        noah is None
        or position is None
        or db.session.scalar(select(OnboardingPlan.id).where(OnboardingPlan.new_hire_id == noah.id))
    ):
        return 0
    recruiter = demo_user("recruiter@example.com")
    manager = demo_user("manager@example.com")
    spec = NEW_HIRE
    candidate = Candidate(
        name=noah.name,
        email=noah.email,
        phone=spec["candidate"]["phone"],
        source=spec["candidate"]["source"],
        notes=spec["candidate"]["notes"],
        created_by_id=recruiter.id,
    )
    application = Application(
        candidate=candidate,
        position=position,
        applied_at=utcnow() - timedelta(days=spec["candidate"]["applied_days_ago"]),
    )
    db.session.add(application)
    db.session.flush()
    plan = position.current_plan
    assert plan is not None
    history = read_steps(spec["steps"])
    for step in history:
        replay_interview(application, plan.stages[step.stage], step, recruiter)
    debrief = load_debrief(application.id)
    assert debrief is not None
    start = (utcnow() - timedelta(days=spec["decision"]["started_days_ago"])).date()
    decide(
        application,
        outcome=DecisionOutcome.HIRE,
        rationale=spec["decision"]["rationale"],
        override_reason=(
            spec["decision"]["override_reason"] if debrief.formula.outcome.value != "hire" else ""
        ),
        start_date=start,
        manager=manager,
        formula=debrief.formula,
        actor=manager,
    )
    decision = db.session.scalar(select(Decision).where(Decision.application_id == application.id))
    assert decision is not None
    decision.decided_at = utcnow() - timedelta(days=spec["decision"]["decided_days_ago"])
    created = plans.create_plan(
        new_hire=noah,
        manager=manager,
        buddy=demo_user(spec["plan"]["buddy"]),
        start=start,
        template=position.role_profile.onboarding_template,
        template_source=f"{position.role_profile.key} v{position.role_profile.version}",
        title=spec["plan"]["title"],
        actor=manager,
        application_id=application.id,
        development=development_goals(application.id, start),
    )
    today = utcnow().date()
    overdue_left = spec["plan"]["overdue_left"]
    for item in sorted(created.items, key=lambda i: i.due_date):
        if item.due_date >= today:
            break
        if overdue_left and not item.generated and item.due_date > today - timedelta(days=9):
            overdue_left -= 1
            continue
        if item.competency_key:  # a certification: scored on its anchors, not ticked done
            certifications.score_certification(
                item,
                competency=certifications.certification_competency(item),
                score=spec["plan"]["certification_score"],
                assessor=manager,
                expected_version=created.version,
                by=manager,
            )
            continue
        items.complete_item(
            item,
            by=manager if item.owner.value == "manager" else noah,
            note=spec["plan"]["evidence_note"] if item.evidence_required else "",
            evidence_url=spec["plan"]["evidence_url"] if item.evidence_required else "",
        )
    record_actuals(created, spec["plan"], by=noah)
    db.session.flush()
    return 1


def record_actuals(plan: OnboardingPlan, spec: dict[str, Any], *, by: User) -> None:
    """The KPI actuals the new hire has entered so far, by goal outcome. A goal that counts
    things (calls, deals, meetings) gets whole numbers: nobody books 0.3 of a meeting. Only
    measures (percent, times quota) may be fractional."""
    goals_by_outcome = {g.outcome: g for g in plan.goals if not g.is_development}
    today = utcnow().date()
    for outcome, entries in spec["actuals"].items():
        goal = goals_by_outcome.get(outcome)
        if goal is None:
            raise DemoDataError(f"No goal {outcome!r} in the demo plan to record actuals on.")
        for weeks_ago, value in entries:
            if goal.unit not in spec["measured_units"] and value != int(value):
                raise DemoDataError(f"{outcome!r} counts {goal.unit}: {value} is not a count.")
            goals.record_actual(
                goal, value=float(value), on=today - timedelta(weeks=weeks_ago), note="", by=by
            )
