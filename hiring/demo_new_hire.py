"""Noah Kim, the demo's new hire: interviewed for the Account Executive opening, hired
against the formula with a written reason, and about four months into his onboarding plan (in
its months 4-6 ramp phase), with the items and KPI actuals a real month four would have.

The history is data (``hiring/demo_data/new_hire.toml``), replayed through the app's own
services after ``hiring.demo_pipeline`` has seeded the other candidates. His 1:1s, ride-alongs
and check-ins are coaching records (``hiring.demo_coaching``), so the plan's 1:1 and ride-along
items they fulfil are left for them to tick."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
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
from hiring.demo_coaching import COACHING, series_days
from hiring.demo_pipeline import demo_user, read_steps, replay_interview
from hiring.library.schema import ItemKind
from hiring.onboarding.development import development_goals
from hiring.onboarding.models import OnboardingPlan, PlanItem
from hiring.onboarding.services import certifications, goals, items, plans
from hiring.positions.models import Position

NEW_HIRE = read_data("new_hire.toml")


def seed_new_hire() -> int:
    """Noah Kim (newhire@example.com): interviewed, hired, four months into his plan."""
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
    first_one_on_one = series_days(COACHING["cadence"], len(COACHING["one_on_ones"]))[0]
    start = first_one_on_one - timedelta(days=spec["plan"]["start_days_before_first_one_on_one"])
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
    complete_past_items(
        created,
        spec["plan"],
        manager=manager,
        hire=noah,
        one_on_ones_from=first_one_on_one,
    )
    record_actuals(created, spec["plan"], by=noah)
    db.session.flush()
    return 1


def complete_past_items(
    plan: OnboardingPlan,
    spec: dict[str, Any],
    *,
    manager: User,
    hire: User,
    one_on_ones_from: date,
) -> None:
    """Everything due before today done on its due day, except a few recent ones left
    overdue, the weekly 1:1s from ``one_on_ones_from`` and the ride-along items of the days
    ``spec`` names (coaching records tick those); certifications scored on their anchors."""
    today = utcnow().date()
    overdue_left = spec["overdue_left"]
    for item in sorted(plan.items, key=lambda i: i.due_date):
        if item.due_date >= today:
            break
        if _left_to_coaching(item, spec, one_on_ones_from):
            continue
        if overdue_left and not item.generated and item.due_date > today - timedelta(days=9):
            overdue_left -= 1
            continue
        if item.competency_key:  # a certification: scored on its anchors, not ticked done
            scored = spec["certifications"][item.competency_key]
            certifications.score_certification(
                item,
                competency=certifications.certification_competency(item),
                score=scored["score"],
                assessor=demo_user(scored["assessor"]),
                expected_version=plan.version,
                by=manager,
            )
            item.scored_at = _on_the_day(item)
        else:
            items.complete_item(
                item,
                by=manager if item.owner.value == "manager" else hire,
                note=spec["evidence_note"] if item.evidence_required else "",
                evidence_url=spec["evidence_url"] if item.evidence_required else "",
            )
        item.done_at = _on_the_day(item)


def _left_to_coaching(item: PlanItem, spec: dict[str, Any], one_on_ones_from: date) -> bool:
    if item.kind == ItemKind.ONE_ON_ONE and item.generated:
        return item.due_date >= one_on_ones_from
    return item.kind == ItemKind.RIDE_ALONG and item.day in spec["ride_alongs_left_to_coaching"]


def _on_the_day(item: PlanItem) -> datetime:
    """Late afternoon (Chicago) of the item's due day: when it was done in the story."""
    return datetime.combine(item.due_date, time(22, 0), tzinfo=UTC)


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
