"""Demo candidates for the Account Executive opening: a pipeline across every stage,
interviews with independent scorecards (some disagreeing), and one scorecard still owed by
interviewer@example.com. Loaded by ``seed-demo`` after the people, library and position.

Who applied, who interviewed whom and how each card was rated are data
(``hiring/demo_data/pipeline.toml``; the new hire's are in ``new_hire.toml``, seeded by
``hiring.demo_new_hire``); this module replays them through
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
from hiring.demo import DemoDataError, read_data
from hiring.positions.models import PlanStage, Position
from hiring.scorecards import scheduling
from hiring.scorecards import services as cards
from hiring.scorecards.models import Recommendation, Scorecard

ZONE = "America/Chicago"


@dataclass(frozen=True)
class Card:
    """What one interviewer wrote: ratings by competency key (0 = not assessed), the evidence
    behind each rating, a summary and STAR notes by question key."""

    interviewer: str
    recommendation: Recommendation | None  # None: left as a draft
    ratings: dict[str, int] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)
    summary: str = ""
    notes: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Changed after the debrief opened: new ratings and evidence by key, and the reason.
    amended_ratings: dict[str, int] = field(default_factory=dict)
    amended_evidence: dict[str, str] = field(default_factory=dict)
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
    card = Card(
        spec["interviewer"],
        Recommendation(recommendation) if recommendation else None,
        dict(spec.get("ratings", {})),
        dict(spec.get("evidence", {})),
        spec.get("summary", ""),
        {key: dict(parts) for key, parts in spec.get("notes", {}).items()},
        dict(amendment.get("ratings", {})),
        dict(amendment.get("evidence", {})),
        amendment.get("reason", ""),
    )
    _check(card)
    return card


def _check(card: Card) -> None:
    """Fail loudly on a card whose words do not match its ratings: every rating needs its
    own evidence (never a shared stock sentence), and nothing is written for an unrated one."""
    for ratings, evidence in (
        (card.ratings, card.evidence),
        (card.amended_ratings, card.amended_evidence),
    ):
        rated = {key for key, level in ratings.items() if level}
        if card.recommendation is not None and set(evidence) != rated:
            raise DemoDataError(
                f"{card.interviewer}'s demo card: evidence for {sorted(evidence)} "
                f"but ratings for {sorted(rated)}."
            )
    if card.recommendation is not None and not card.summary:
        raise DemoDataError(f"{card.interviewer}'s demo card has no summary.")


def read_steps(specs: list[dict[str, Any]]) -> tuple[Step, ...]:
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
        steps=read_steps(c.get("steps", [])),
    )
    for c in _PIPELINE["candidates"]
)


def demo_user(email: str) -> User:
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
    recruiter = demo_user("recruiter@example.com")
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
            replay_interview(application, plan.stages[step.stage], step, recruiter)
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


def replay_interview(application: Application, stage: PlanStage, step: Step, actor: User) -> None:
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
        interviewers=[demo_user(email) for email in emails],
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
        problems = cards.submit(
            card, _card_input(card, spec), expected_version=card.version, actor=card.interviewer
        )
        if problems:
            raise DemoDataError(f"{spec.interviewer}'s demo card is incomplete: {problems}")
        card.submitted_at = card.updated_at = interview.ends_at + timedelta(hours=2)
        if spec.amend_reason:
            # The hiring manager read the debrief the next morning; this card changed after.
            application.debrief_opened_at = card.submitted_at + timedelta(hours=20)
            cards.amend(
                card,
                _card_input(card, spec, amended=True),
                reason=spec.amend_reason,
                expected_version=card.version,
                actor=card.interviewer,
            )
            card.amendments[-1].amended_at = card.submitted_at + timedelta(hours=26)


def _card_input(card: Scorecard, spec: Card, *, amended: bool = False) -> cards.ScorecardInput:
    """What the interviewer typed: each rating with its evidence (0: not assessed), the STAR
    notes they took on the stage's questions, and their summary."""
    assert spec.recommendation is not None
    ratings = spec.ratings | spec.amended_ratings if amended else spec.ratings
    evidence = spec.evidence | spec.amended_evidence if amended else spec.evidence
    data = cards.ScorecardInput(recommendation=spec.recommendation, summary=spec.summary)
    for competency in cards.focus_competencies(card):
        level = ratings.get(competency.key, 0)
        data.ratings[competency.id] = (
            cards.RatingInput(None, True, "")
            if level == 0
            else cards.RatingInput(level, False, evidence[competency.key])
        )
    questions = {item.question.key: item.question_id for item in card.interview.stage.questions}
    for key, parts in spec.notes.items():
        if key not in questions:
            raise DemoDataError(
                f"{spec.interviewer}'s demo notes name an unplanned question {key}."
            )
        data.notes[questions[key]] = parts
    return data
