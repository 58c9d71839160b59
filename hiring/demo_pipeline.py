"""Demo candidates for the Account Executive opening: a pipeline across every stage,
interviews with independent scorecards (some disagreeing), and one scorecard still owed by
interviewer@example.com. Loaded by ``seed-demo`` after the people, library and position.

Who applied, who interviewed whom and how each card was rated are data
(``hiring/demo_data/pipeline.toml`` and ``new_hire.toml``); this module replays them through
the app's own services so the demo holds only what the app itself could have made."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from hiring.applications.models import Application, ApplicationEvent, ApplicationStatus
from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.db import db, utcnow
from hiring.demo import read_data
from hiring.positions.models import PlanStage, Position
from hiring.scorecards import scheduling
from hiring.scorecards import services as cards
from hiring.scorecards.models import Recommendation, Scorecard

ZONE = "America/Chicago"


@dataclass(frozen=True)
class Card:
    """One interviewer's card: ratings by competency key (0 = not assessed)."""

    interviewer: str
    recommendation: Recommendation | None  # None: left as a draft
    ratings: dict[str, int] = field(default_factory=dict)
    #: Changed after the debrief opened: new ratings by key, and the reason.
    amended_ratings: dict[str, int] = field(default_factory=dict)
    amend_reason: str = ""


@dataclass(frozen=True)
class Step:
    stage: int
    days_ago: int  # negative: in the future
    cards: tuple[Card, ...] = ()


@dataclass(frozen=True)
class DemoCandidate:
    name: str
    email: str
    phone: str
    source: str
    notes: str
    status: ApplicationStatus = ApplicationStatus.ACTIVE
    reason: str = ""
    steps: tuple[Step, ...] = ()


def _card(spec: dict[str, Any]) -> Card:
    recommendation = spec.get("recommendation")
    amendment = spec.get("amended_after_debrief", {})
    return Card(
        spec["interviewer"],
        Recommendation(recommendation) if recommendation else None,
        dict(spec.get("ratings", {})),
        dict(amendment.get("ratings", {})),
        amendment.get("reason", ""),
    )


def _steps(specs: list[dict[str, Any]]) -> tuple[Step, ...]:
    return tuple(
        Step(s["stage"], s["days_ago"], tuple(_card(c) for c in s.get("cards", ()))) for s in specs
    )


_PIPELINE = read_data("pipeline.toml")
CANDIDATES: tuple[DemoCandidate, ...] = tuple(
    DemoCandidate(
        name=c["name"],
        email=c["email"],
        phone=c["phone"],
        source=c["source"],
        notes=c["notes"],
        status=ApplicationStatus(c.get("status", "active")),
        reason=c.get("reason", ""),
        steps=_steps(c.get("steps", [])),
    )
    for c in _PIPELINE["candidates"]
)
#: Evidence written on each demo rating, by level.
EVIDENCE = {int(level): text for level, text in _PIPELINE["evidence"].items()}
STAR_NOTES: dict[str, str] = _PIPELINE["star"]
SUMMARY: str = _PIPELINE["summary"]
NEW_HIRE = read_data("new_hire.toml")


def _user(email: str) -> User:
    user = db.session.scalar(select(User).where(User.email == email))
    assert user is not None, email
    return user


def seed_pipeline() -> int:
    position = db.session.scalar(
        select(Position).where(Position.title == "Account Executive, Mid-Market")
    )
    if position is None or db.session.scalar(
        select(Application.id).where(Application.position_id == position.id)
    ):
        return 0
    recruiter = _user("recruiter@example.com")
    plan = position.current_plan
    assert plan is not None
    created = 0
    for index, person in enumerate(CANDIDATES):
        candidate = Candidate(
            name=person.name,
            email=person.email,
            phone=person.phone,
            source=person.source,
            notes=person.notes,
            links=[f"https://www.linkedin.com/in/{person.email.split('@')[0]}"],
            created_by_id=recruiter.id,
        )
        applied = utcnow() - timedelta(days=24 - index)
        application = Application(candidate=candidate, position=position, applied_at=applied)
        application.events.append(
            ApplicationEvent(actor_id=recruiter.id, kind="created", occurred_at=applied)
        )
        db.session.add(application)
        db.session.flush()
        for step in person.steps:
            _interview(application, plan.stages[step.stage], step, recruiter)
        if person.status != ApplicationStatus.ACTIVE:
            application.status = person.status
            application.status_reason = person.reason
            application.events.append(
                ApplicationEvent(
                    actor_id=recruiter.id, kind=person.status.value, reason=person.reason
                )
            )
        created += 1
    db.session.flush()
    return created


def _interview(application: Application, stage: PlanStage, step: Step, actor: User) -> None:
    day = (utcnow() - timedelta(days=step.days_ago)).astimezone(ZoneInfo(ZONE)).date()
    starts = datetime.combine(day, time(10 + step.stage, 0), ZoneInfo(ZONE))
    emails = [card.interviewer for card in step.cards] or [i.user.email for i in stage.interviewers]
    interview = scheduling.schedule_panel(
        application,
        stage,
        starts_at=starts.astimezone(ZoneInfo("UTC")),
        time_zone=ZONE,
        duration_minutes=stage.duration_minutes,
        location="Chicago office, room Lakeshore" if step.stage == 3 else "",
        video_link="" if step.stage == 3 else "https://meet.example.com/ae-mid-market",
        interviewers=[_user(email) for email in emails],
        actor=actor,
    )
    # Date the history as it would have happened: booked three days before the interview.
    booked = interview.starts_at - timedelta(days=3)
    for event in application.events:
        if event.occurred_at > booked and event.kind in ("moved", "interview_scheduled"):
            event.occurred_at = booked
    for card in interview.scorecards:
        card.created_at = card.updated_at = booked
    for spec in step.cards:
        card = next(c for c in interview.scorecards if c.interviewer.email == spec.interviewer)
        if spec.recommendation is None:
            continue
        data = _card_input(card, spec.recommendation, spec.ratings, stage)
        cards.submit(card, data, expected_version=card.version, actor=card.interviewer)
        card.submitted_at = card.updated_at = interview.ends_at + timedelta(hours=2)
        if spec.amend_reason:
            # The hiring manager read the debrief the next morning; this card changed after.
            application.debrief_opened_at = card.submitted_at + timedelta(hours=20)
            changed = _card_input(
                card, spec.recommendation, spec.ratings | spec.amended_ratings, stage
            )
            cards.amend(
                card,
                changed,
                reason=spec.amend_reason,
                expected_version=card.version,
                actor=card.interviewer,
            )
            card.amendments[-1].amended_at = card.submitted_at + timedelta(hours=26)


def _card_input(
    card: Scorecard,
    recommendation: Recommendation,
    ratings: dict[str, int],
    stage: PlanStage,
) -> cards.ScorecardInput:
    """What the interviewer typed: each rating with the demo evidence for its level (0: not
    assessed) and the same STAR notes on every planned question."""
    data = cards.ScorecardInput(recommendation=recommendation)
    for key, competency in {c.key: c for c in cards.focus_competencies(card)}.items():
        level = ratings.get(key, 0)
        data.ratings[competency.id] = (
            cards.RatingInput(None, True, "")
            if level == 0
            else cards.RatingInput(level, False, EVIDENCE[level])
        )
    for item in stage.questions:
        data.notes[item.question_id] = dict(STAR_NOTES)
    data.summary = SUMMARY
    return data


def seed_new_hire() -> int:
    """Noah Kim (newhire@example.com): interviewed, hired, three weeks into his plan."""
    from hiring.debriefs.models import Decision, DecisionOutcome
    from hiring.debriefs.queries import load_debrief
    from hiring.debriefs.services import decide
    from hiring.onboarding.development import development_goals
    from hiring.onboarding.models import MeetingKind, OnboardingPlan
    from hiring.onboarding.services import goals, items, meetings, plans

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
    recruiter = _user("recruiter@example.com")
    manager = _user("manager@example.com")
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
    history = _steps(spec["steps"])
    for step in history:
        _interview(application, plan.stages[step.stage], step, recruiter)
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
        buddy=_user(spec["plan"]["buddy"]),
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
        items.complete_item(
            item,
            by=manager if item.owner.value == "manager" else noah,
            note=spec["plan"]["evidence_note"] if item.evidence_required else "",
            evidence_url=spec["plan"]["evidence_url"] if item.evidence_required else "",
        )
    for meeting in spec["meetings"]:
        meetings.record_meeting(
            created,
            kind=MeetingKind(meeting["kind"]),
            held_on=start + timedelta(days=meeting["day"]),
            by=manager,
            agenda=meeting.get("agenda", ""),
            notes=meeting.get("notes", ""),
            action_items=meeting.get("action_items", []),
            pre_call_plan=meeting.get("pre_call_plan", ""),
            observations=meeting.get("observations", ""),
            focus_points=meeting.get("focus_points", ""),
            agreed_action=meeting.get("agreed_action", ""),
        )
    for goal in created.goals:
        if goal.is_development or goal.target is None:
            continue
        for weeks_ago, share in spec["plan"]["actuals"]:
            goals.record_actual(
                goal,
                value=round(goal.target * share, 1),
                on=today - timedelta(weeks=weeks_ago),
                note="",
                by=noah,
            )
    db.session.flush()
    return 1
