"""The one place tests build domain rows: users, the library, positions, candidates, applications,
interviews, scorecards, decisions, voluntary self-identification and onboarding plans.

Row builders run inside an app context, build through the app's own services and models, commit,
and return plain values (ids, small frozen dataclasses), so tests never hold ORM objects across
requests. ``tests/conftest.py`` wraps each in a fixture (``make_user``, ``make_position``, ...).

Page builders (``submit_scorecard``, ``decide``, ``panel``) drive a test client through the pages,
as people do, and open their own app contexts.

Over 350 lines on purpose: issue #11 asks for ONE module that builds domain rows, so no test needs
another test's helpers. It reads in sections, in the order of the hiring flow.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, select

from hiring.analytics.models import (
    Disability,
    RaceEthnicity,
    SelfIdentification,
    SelfIdSource,
    Sex,
    Veteran,
)
from hiring.applications import services as application_services
from hiring.applications.models import Application, ApplicationEvent, ApplicationStatus
from hiring.auth import passwords
from hiring.auth.models import Role, User, UserRole
from hiring.candidates import services as candidate_services
from hiring.candidates.models import Candidate
from hiring.coaching.models import (
    MOTIVATORS,
    ActionItem,
    ActionKind,
    AgendaTopic,
    Cadence,
    CallRole,
    CallStage,
    CoachingProfile,
    CompetencyRating,
    Diagnosis,
    MeetingStatus,
    MotivatorProfile,
    OneOnOne,
    RatingSource,
    RideAlong,
    SupportCheckIn,
    SupportExpectation,
    SupportOutcome,
    SupportPlan,
    SupportStatus,
)
from hiring.coaching.services import actions as coaching_actions
from hiring.coaching.services import ride_alongs, support_plans
from hiring.db import db, utcnow
from hiring.debriefs.models import Decision, DecisionOutcome
from hiring.interviews.models import Interview, InterviewInterviewer
from hiring.library.loading import load_library
from hiring.library.models import Competency, Origin, ReferenceAnswer, RoleProfile
from hiring.library.schema import ItemKind, ItemOwner, Phase
from hiring.library.validation import validate_directory
from hiring.onboarding.models import (
    CheckIn,
    CheckInRating,
    Goal,
    GoalActual,
    OnboardingPlan,
    PlanItem,
    Progress,
)
from hiring.onboarding.services import plans as plan_services
from hiring.positions import services as position_services
from hiring.positions.models import (
    PlanStage,
    PlanStageFocus,
    PlanStageInterviewer,
    Position,
    PositionStatus,
)
from hiring.scorecards import scheduling
from hiring.scorecards.models import (
    Recommendation,
    Scorecard,
    ScorecardNote,
    ScorecardRating,
    ScorecardStatus,
)
from hiring.timezones import local_date, organisation_zone
from hiring.training.models import (
    CourseCompletion,
    PracticeAttempt,
    PracticeResult,
    QualificationSignoff,
    ShadowSession,
    TrainingPolicy,
)
from tests.support.harness import PASSWORD, sign_in

__all__ = ["PASSWORD"]

#: The zone the builders' people read in, unless a test says otherwise.
READER_ZONE = "America/Chicago"


def reader_today() -> date:
    """Today for the builders' people: in Chicago, which is still yesterday for the six
    hours after midnight UTC (a test counting days from UTC's date is off by one then)."""
    return local_date(utcnow(), READER_ZONE)


_sequence = itertools.count(1)  # numbers people
_numbers = itertools.count(1)  # numbers candidates


# --- People -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserRef:
    id: int
    email: str
    name: str
    password: str


def user(
    *,
    roles: Iterable[Role | str] = (Role.INTERVIEWER,),
    email: str | None = None,
    name: str | None = None,
    password: str | None = PASSWORD,
    manager_id: int | None = None,
    active: bool = True,
    title: str | None = None,
    time_zone: str | None = READER_ZONE,
) -> UserRef:
    """A person who has chosen their time zone (``time_zone=None``: one who will be asked on
    their first sign-in)."""
    n = next(_sequence)
    person = User(
        email=email or f"person{n}@example.test",
        name=name or f"Person {n}",
        manager_id=manager_id,
        active=active,
        title=title,
        time_zone=time_zone,
        password_hash=passwords.hash_password(password) if password else None,
    )
    person.role_grants = [UserRole(role=Role(r)) for r in roles]
    db.session.add(person)
    db.session.commit()
    return UserRef(person.id, person.email, person.name, password or "")


def accept_invitation(email: str, password: str, time_zone: str = "America/Chicago") -> None:
    """What an invited person (a new hire's account, say) does before using the app: sets a
    password and answers the first sign-in's time-zone question."""
    person = db.session.scalar(select(User).where(User.email == email))
    assert person is not None, email
    person.password_hash = passwords.hash_password(password)
    person.time_zone = time_zone
    db.session.commit()


# --- The library and positions ------------------------------------------------------------------


def library(directory: Path) -> Path:
    """Load a library directory (see ``tests.support.library_files``); returns the directory."""
    load_library(validate_directory(directory), actor=None)
    db.session.commit()
    return directory


@dataclass(frozen=True)
class PositionRef:
    id: int
    revision_id: int
    stage_ids: list[int]
    version: int


def position(
    *,
    manager: UserRef | None = None,
    recruiter: UserRef | None = None,
    title: str = "Account Executive",
) -> PositionRef:
    """Open a position on the loaded library's (first) role profile, with its interview plan.

    Without a ``manager``/``recruiter`` it makes Morgan Patel and Riley Brooks for the roles.
    """
    manager = manager or user(roles=["hiring_manager"], name="Morgan Patel")
    recruiter = recruiter or user(roles=["recruiter"], name="Riley Brooks")
    profile = db.session.scalar(select(RoleProfile))
    opened = position_services.create_position(
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
    plan = opened.current_plan
    return PositionRef(opened.id, plan.id, [s.id for s in plan.stages], plan.version)


def stage_interviewers(stage_id: int, people: Iterable[UserRef]) -> None:
    """Make ``people`` the stage's default interviewers (what scheduling it ticks)."""
    stage = db.session.get(PlanStage, stage_id)
    assert stage is not None
    stage.interviewers = [PlanStageInterviewer(user_id=u.id) for u in people]
    db.session.commit()


# --- Candidates and applications ----------------------------------------------------------------


@dataclass(frozen=True)
class CandidateRef:
    id: int
    name: str
    email: str
    version: int


def candidate(
    *, actor_id: int, name: str | None = None, email: str | None = None, **values: Any
) -> CandidateRef:
    """A candidate added by ``actor_id`` through the candidates service (duplicates allowed)."""
    n = next(_numbers)
    made = candidate_services.create_candidate(
        name=name or f"Casey Candidate {n}",
        email=email or f"casey{n}@example.test",
        allow_duplicate=True,
        actor=db.session.get(User, actor_id),
        **values,
    )
    db.session.commit()
    return CandidateRef(made.id, made.name, made.email, made.version)


@dataclass(frozen=True)
class ApplicationRef:
    id: int
    candidate_id: int
    position_id: int
    candidate_name: str
    version: int


def application(
    position_id: int,
    *,
    candidate: CandidateRef | None = None,
    name: str | None = None,
    added_by: int | None = None,
    stage_index: int | None = None,
    status: ApplicationStatus | None = None,
    reason: str = "",
) -> ApplicationRef:
    """A candidate's application to a position, built one of two ways.

    * ``added_by`` (a user id): as a recruiter adds ``candidate`` (required) to the pipeline,
      through ``applications.services.add_application``: it starts at "New", with its "created"
      event and audit record.
    * otherwise: bare rows (model defaults, no event, no audit) for a new candidate ``name``
      (or an existing ``candidate``), for tests about the later steps of a pipeline.

    ``stage_index`` and ``status`` (with ``reason``) then put it where a test needs it.
    """
    if added_by is not None:
        assert candidate is not None, "a recruiter adds an existing candidate"
        row = application_services.add_application(
            db.session.get(Candidate, candidate.id),
            db.session.get(Position, position_id),
            actor=db.session.get(User, added_by),
        )
    elif candidate is not None:
        row = Application(candidate_id=candidate.id, position_id=position_id)
        db.session.add(row)
    else:
        n = next(_numbers)
        name = name or f"Casey Candidate {n}"
        row = Application(
            candidate=Candidate(name=name, email=f"casey{n}@example.test"),
            position_id=position_id,
        )
        db.session.add(row)
    if stage_index is not None:
        row.stage_index = stage_index
    if status is not None:
        row.status = status
        row.status_reason = reason
    db.session.commit()
    return ApplicationRef(row.id, row.candidate_id, position_id, row.candidate.name, row.version)


def application_row(app: Flask, application_id: int) -> tuple[str, int | None, str, int]:
    """A detached snapshot of an application: (status, stage_index, reason, version)."""
    with app.app_context():
        row = db.session.get(Application, application_id)
        assert row is not None
        return row.status.value, row.stage_index, row.status_reason, row.version


# --- Onboarding plans --------------------------------------------------------------------------

#: A small onboarding template, so service tests need no library on disk.
PLAN_TEMPLATE: dict[str, Any] = {
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
PLAN_START = date(2027, 1, 11)


# --- Interviews ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class InterviewRef:
    id: int
    application_id: int
    position_id: int
    interviewer_ids: tuple[int, ...]


def interview(
    application: ApplicationRef,
    interviewers: Sequence[UserRef],
    *,
    stage: int = 1,
    starts_in: timedelta = timedelta(days=-2),
    booked_by: UserRef | None = None,
    minutes: int = 45,
) -> InterviewRef:
    """Book stage ``stage`` (an index into the plan) with a panel, ``minutes`` long;
    ``booked_by`` (default: the first interviewer) books it.

    By default it ended two days ago, so its scorecards are due.
    """
    app_row = db.session.get(Application, application.id)
    opened = db.session.get(Position, application.position_id)
    assert app_row is not None and opened is not None
    stage_row = opened.current_plan.stages[stage]
    people = [db.session.get(User, u.id) for u in interviewers]
    booked = scheduling.schedule_panel(
        app_row,
        stage_row,
        starts_at=utcnow() + starts_in,
        time_zone="America/Chicago",
        duration_minutes=minutes,
        location="Room 4",
        video_link="",
        interviewers=people,
        actor=db.session.get(User, booked_by.id) if booked_by else people[0],
    )
    db.session.commit()
    return InterviewRef(
        booked.id, application.id, application.position_id, tuple(u.id for u in people)
    )


def assigned_interview(application_id: int, user_id: int) -> int:
    """Bare rows putting ``user_id`` on a first-stage interview tomorrow; returns its id."""
    row = db.session.get(Application, application_id)
    assert row is not None
    stage = row.position.current_plan.stages[0]
    booked = Interview(
        application_id=row.id,
        stage_id=stage.id,
        starts_at=utcnow() + timedelta(days=1),
        time_zone="America/Chicago",
        duration_minutes=45,
    )
    booked.interviewers = [InterviewInterviewer(user_id=user_id)]
    db.session.add(booked)
    db.session.commit()
    return booked.id


def interview_history(
    application: ApplicationRef,
    interviewer: UserRef,
    starts_in: Sequence[timedelta],
    *,
    submitted: bool,
) -> list[int]:
    """Bare rows: ``interviewer`` alone on one first-stage interview per offset from now in
    ``starts_in``, with their card submitted (a "yes") or left a draft; returns the ids.

    For tests about long histories (hundreds of panels), where booking each through the
    scheduling service would be slow."""
    row = db.session.get(Application, application.id)
    assert row is not None
    stage = row.position.current_plan.stages[0]
    now = utcnow()
    made = []
    for offset in starts_in:
        booked = Interview(
            application_id=row.id,
            stage_id=stage.id,
            starts_at=now + offset,
            time_zone="America/Chicago",
            duration_minutes=45,
        )
        booked.interviewers = [InterviewInterviewer(user_id=interviewer.id)]
        card = Scorecard(interview=booked, interviewer_id=interviewer.id)
        if submitted:
            card.status, card.recommendation = ScorecardStatus.SUBMITTED, Recommendation.YES
            card.submitted_at = now + offset + timedelta(hours=2)
        db.session.add_all([booked, card])
        made.append(booked)
    db.session.commit()
    return [b.id for b in made]  # fmt: skip


def complete_panel(application: ApplicationRef, interviewers: Sequence[UserRef]) -> None:
    """Book every stage of the position's plan (each ended days ago) with ``interviewers`` and
    mark every card submitted, "yes", with no ratings (bare rows): the panel is complete, so
    the debrief waits for the hiring manager's decision."""
    opened = db.session.get(Position, application.position_id)
    assert opened is not None and opened.current_plan is not None
    for place in range(len(opened.current_plan.stages)):
        interview(application, interviewers, stage=place, starts_in=timedelta(days=-2 - place))
    cards = db.session.scalars(
        select(Scorecard).join(Interview).where(Interview.application_id == application.id)
    )
    for card in cards:
        card.status, card.submitted_at = ScorecardStatus.SUBMITTED, utcnow()
        card.recommendation = Recommendation.YES
    db.session.commit()


def scored_card(
    booked: InterviewRef,
    interviewer: UserRef,
    ratings: dict[str, int | None],
    recommendation: Recommendation,
    *,
    submitted_at: datetime | None = None,
) -> None:
    """Bare rows: ``interviewer``'s card on ``booked`` submitted (now, or at ``submitted_at``)
    with ``ratings`` (competency key -> level, ``None`` not assessed; only the keys given are
    rated) and a recommendation, saved through the ORM like a service would (so every flush
    listener sees it)."""
    card = db.session.scalars(
        select(Scorecard).where(
            Scorecard.interview_id == booked.id, Scorecard.interviewer_id == interviewer.id
        )
    ).one()
    focus = {f.competency.key: f.competency_id for f in card.interview.stage.focus}
    card.ratings = [
        ScorecardRating(
            competency_id=focus[key],
            rating=level,
            not_assessed=level is None,
            evidence=f"{key} evidence",
        )
        for key, level in ratings.items()
    ]
    card.status, card.submitted_at = ScorecardStatus.SUBMITTED, submitted_at or utcnow()
    card.recommendation = recommendation
    db.session.commit()


#: One interviewer's card for ``rated_candidate``: who, their ratings, their recommendation.
Card = tuple[UserRef, dict[str, int | None], Recommendation]


def rated_candidate(
    position_id: int,
    cards: Sequence[Card],
    *,
    name: str | None = None,
    stage: int = 1,
    starts_in: timedelta = timedelta(days=-2),
    hours_to_submit: float | None = None,
) -> ApplicationRef:
    """A new candidate on ``position_id`` whose stage ``stage`` interview (stage 1 focuses on all
    five test competencies) the interviewers in ``cards`` held together, each card submitted
    with its ratings and recommendation (``hours_to_submit`` after the interview ended, or now).
    For the analytics, which read many candidates' submitted cards."""
    applied = application(position_id, name=name)
    booked = interview(
        applied, [person for person, _, _ in cards], stage=stage, starts_in=starts_in
    )
    row = db.session.get(Interview, booked.id)
    assert row is not None
    submitted = None if hours_to_submit is None else row.ends_at + timedelta(hours=hours_to_submit)
    for person, ratings, recommendation in cards:
        scored_card(booked, person, ratings, recommendation, submitted_at=submitted)
    return applied


def hire(application: ApplicationRef, manager: UserRef, *, start: date | None = None) -> int:
    """A current hire decision by ``manager`` (who will manage the hire), as bare rows, the
    application marked hired; returns the decision's id."""
    decision = Decision(
        application_id=application.id,
        outcome=DecisionOutcome.HIRE,
        rationale="Strong on every stage.",
        formula_outcome="hire",
        decided_by_id=manager.id,
        start_date=start or utcnow().date() + timedelta(days=14),
        manager_id=manager.id,
    )
    row = db.session.get(Application, application.id)
    assert row is not None
    row.status = ApplicationStatus.HIRED
    db.session.add(decision)
    db.session.commit()
    return decision.id


# --- Voluntary self-identification ---------------------------------------------------------------


def self_identification(
    candidate_id: int,
    *,
    sex: str = "not_answered",
    race_ethnicity: str = "not_answered",
    veteran: str = "not_answered",
    disability: str = "not_answered",
) -> None:
    """A candidate's recorded answers (as an import records them), by their codes."""
    db.session.add(
        SelfIdentification(
            candidate_id=candidate_id,
            sex=Sex(sex),
            race_ethnicity=RaceEthnicity(race_ethnicity),
            veteran=Veteran(veteran),
            disability=Disability(disability),
            source=SelfIdSource.IMPORT,
        )
    )
    db.session.commit()


def applicants(
    position_id: int,
    count: int,
    *,
    sex: str | None = None,
    race_ethnicity: str | None = None,
    stage_index: int | None = None,
    hired: bool = False,
    status: ApplicationStatus = ApplicationStatus.ACTIVE,
) -> list[int]:
    """``count`` bare applications to the position (one commit), each candidate's answers
    recorded when ``sex`` or ``race_ethnicity`` is given; ``hired`` marks them hired, else
    they have ``status`` (still active unless told)."""
    rows = []
    for _ in range(count):
        n = next(_numbers)
        row = Application(
            candidate=Candidate(name=f"Casey Candidate {n}", email=f"casey{n}@example.test"),
            position_id=position_id,
            stage_index=stage_index,
            status=ApplicationStatus.HIRED if hired else status,
        )
        rows.append(row)
        db.session.add(row)
    db.session.flush()
    if sex or race_ethnicity:
        for row in rows:
            db.session.add(
                SelfIdentification(
                    candidate_id=row.candidate_id,
                    sex=Sex(sex or "not_answered"),
                    race_ethnicity=RaceEthnicity(race_ethnicity or "not_answered"),
                    veteran=Veteran.NOT_ANSWERED,
                    disability=Disability.NOT_ANSWERED,
                    source=SelfIdSource.IMPORT,
                )
            )
    db.session.commit()
    return [row.id for row in rows]


# --- Onboarding ---------------------------------------------------------------------------------


class PlanRef(NamedTuple):
    manager: UserRef
    new_hire: UserRef
    plan_id: int


def onboarding_plan(
    *,
    start: date | None = None,
    buddy: UserRef | None = None,
    manager: UserRef | None = None,
    new_hire_name: str = "Noah Kim",
    template: dict[str, Any] | None = None,
) -> PlanRef:
    """Noah Kim's plan from the loaded library's template (or ``template``, e.g.
    ``PLAN_TEMPLATE``); his manager is ``manager``, else a new Morgan Patel.

    It started three weeks ago unless ``start`` says otherwise.
    """
    manager = manager or user(roles=["hiring_manager"], name="Morgan Patel")
    new_hire = user(roles=["new_hire"], name=new_hire_name, manager_id=manager.id)
    profile = db.session.scalar(select(RoleProfile))
    assert profile is not None
    plan = plan_services.create_plan(
        new_hire=db.session.get(User, new_hire.id),
        manager=db.session.get(User, manager.id),
        buddy=db.session.get(User, buddy.id) if buddy else None,
        start=start or (reader_today() - timedelta(days=21)),
        template=template or profile.onboarding_template,
        template_source="test",
        title="Noah's plan",
        actor=db.session.get(User, manager.id),
    )
    db.session.commit()
    return PlanRef(manager, new_hire, plan.id)


# --- Through the pages --------------------------------------------------------------------------


def switch_to(client: FlaskClient, person: UserRef) -> UserRef:
    """Sign whoever is on ``client`` out, then ``person`` in (one browser, taking turns)."""
    client.post("/logout")
    return log_in(client, person)


def log_in(client: FlaskClient, person: UserRef) -> UserRef:
    """Sign ``client`` in as ``person`` (the ``login`` fixture does this for its own client)."""
    response = sign_in(client, person.email, person.password)
    assert response.status_code == 302, f"login failed for {person.email}"
    return person


def submit_scorecard(
    app: Flask,
    client: FlaskClient,
    interview_id: int,
    ratings: dict[str, int | None],
    recommendation: str,
    submit: bool = True,
) -> None:
    """Fill in the signed-in interviewer's card: ``ratings`` maps competency key -> level.

    Competencies left out get 3; ``None`` is "not assessed". ``submit=False`` only saves it.
    """
    with app.app_context():
        booked = db.session.get(Interview, interview_id)
        assert booked is not None
        focus = {f.competency.key: f.competency_id for f in booked.stage.focus}
    page = client.get(f"/interviews/{interview_id}/scorecard").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page)
    assert version is not None
    data = {
        "version": version.group(1),
        "recommendation": recommendation,
        "action": "submit" if submit else "save",
    }
    for key, cid in focus.items():
        level = ratings.get(key, 3)
        data[f"rating-{cid}"] = "na" if level is None else str(level)
        data[f"evidence-{cid}"] = f"{key} evidence <em>{level}</em>"
    response = client.post(f"/interviews/{interview_id}/scorecard", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def amend_scorecard(
    app: Flask,
    client: FlaskClient,
    interview_id: int,
    interviewer: UserRef,
    ratings: dict[str, int | None],
    recommendation: str,
    reason: str,
) -> None:
    """Amend ``interviewer``'s submitted card, signed in as them: ``ratings`` maps competency
    key -> new level (``None`` is "not assessed"); competencies left out keep their rating."""
    with app.app_context():
        booked = db.session.get(Interview, interview_id)
        assert booked is not None
        focus = {f.competency.key: f.competency_id for f in booked.stage.focus}
        card = next(c for c in booked.scorecards if c.interviewer_id == interviewer.id)
        current = {r.competency_id: r for r in card.ratings}
    page = client.get(f"/interviews/{interview_id}/scorecard").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page)
    assert version is not None
    data = {
        "version": version.group(1),
        "recommendation": recommendation,
        "action": "amend",
        "amend_reason": reason,
    }
    for key, cid in focus.items():
        kept = current.get(cid)
        old = None if kept is None or kept.not_assessed else kept.rating
        level = ratings.get(key, old)
        data[f"rating-{cid}"] = "na" if level is None else str(level)
        data[f"evidence-{cid}"] = kept.evidence if kept and kept.evidence else f"{key} evidence"
    response = client.post(f"/interviews/{interview_id}/scorecard", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def decide(client: FlaskClient, application_id: int, **data: str) -> None:
    """Post the signed-in manager's decision form; it must be accepted."""
    response = client.post(f"/applications/{application_id}/decision", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:400]


class Panel(NamedTuple):
    manager: UserRef
    jamie: UserRef
    sam: UserRef
    position: PositionRef
    application: ApplicationRef
    interview: InterviewRef


def panel(app: Flask, client: FlaskClient) -> Panel:
    """Marcus Bell's behavioural interview (all five test competencies) with both cards in:
    Jamie Ortiz (discovery 4, closing 3, strong yes) and Sam Rivera (discovery 2, closing 3,
    resilience not assessed, no). Morgan Patel is the hiring manager; nobody is signed in after.
    The library must be loaded.
    """
    with app.app_context():
        manager = user(roles=["hiring_manager"], name="Morgan Patel")
        jamie = user(roles=["interviewer"], name="Jamie Ortiz")
        sam = user(roles=["interviewer"], name="Sam Rivera")
        opened = position(manager=manager)
        marcus = application(opened.id, name="Marcus Bell")
        # Stage 1 (behavioural) focuses on all five test competencies.
        booked = interview(marcus, [jamie, sam], stage=1)
    log_in(client, jamie)
    submit_scorecard(app, client, booked.id, {"discovery": 4, "closing": 3}, "strong_yes")
    client.post("/logout")
    log_in(client, sam)
    submit_scorecard(
        app, client, booked.id, {"discovery": 2, "closing": 3, "resilience": None}, "no"
    )
    client.post("/logout")
    return Panel(manager, jamie, sam, opened, marcus, booked)


def earlier_hire(position_id: int, name: str, decided_by: UserRef) -> ApplicationRef:
    """Bare rows for a candidate already hired on the position (a current hire decision and a
    hired application), for tests about what comes after: headcount, the pipeline's end."""
    hired = application(position_id, name=name, status=ApplicationStatus.HIRED)
    db.session.add(
        Decision(
            application_id=hired.id,
            outcome=DecisionOutcome.HIRE,
            rationale="Hired earlier.",
            formula_outcome="hire",
            decided_by_id=decided_by.id,
            start_date=utcnow().date() + timedelta(days=30),
        )
    )
    db.session.commit()
    return hired


def clone_finalists(application_id: int, count: int) -> list[int]:
    """``count`` more candidates ("Finalist 01", ...) at ``application_id``'s stage with copies
    of its interviews and submitted scorecards, as bare rows: a long finalists' packet."""
    from hiring.scorecards.models import ScorecardRating

    source = db.session.get(Application, application_id)
    assert source is not None
    interviews = db.session.scalars(
        select(Interview).where(Interview.application_id == source.id)
    ).all()
    made = []
    for n in range(1, count + 1):
        row = Application(
            candidate=Candidate(name=f"Finalist {n:02d}", email=f"finalist{n}@example.test"),
            position_id=source.position_id,
            stage_index=source.stage_index,
        )
        for original in interviews:
            copy = Interview(
                stage_id=original.stage_id,
                starts_at=original.starts_at,
                time_zone=original.time_zone,
                duration_minutes=original.duration_minutes,
                status=original.status,
            )
            copy.interviewers = [
                InterviewInterviewer(user_id=i.user_id) for i in original.interviewers
            ]
            for card in original.scorecards:
                if card.status != ScorecardStatus.SUBMITTED:
                    continue
                copied = Scorecard(
                    interviewer_id=card.interviewer_id,
                    status=card.status,
                    recommendation=card.recommendation,
                    summary=card.summary,
                    submitted_at=card.submitted_at,
                )
                copied.ratings = [
                    ScorecardRating(
                        competency_id=r.competency_id,
                        rating=r.rating,
                        not_assessed=r.not_assessed,
                        evidence=f"{r.evidence} (finalist {n})",
                    )
                    for r in card.ratings
                ]
                copy.scorecards.append(copied)
            copy.application = row
            db.session.add(copy)
        db.session.add(row)
        db.session.flush()
        made.append(row.id)
    db.session.commit()
    return made


def finalists_pdf(client: FlaskClient, url: str) -> Any:
    """Get a finalists' packet as its reader does: the request starts a build (whose job runs
    at once under JOBS_IMMEDIATE, rendering it or finding it in the cache) and answers with
    its progress page, whose download link gives the PDF."""
    response = client.get(url)
    assert response.status_code == 303, response.status_code
    progress = response.headers["Location"]
    state = client.get(progress + ".json").json
    assert state["status"] == "ready", state
    return client.get(state["download"])


# --- Analytics: funnels and quality of hire (bare rows, with the history the pages read) --------


def funnel_application(
    position_id: int,
    *,
    source: str = "",
    applied_at: datetime | None = None,
    moves: Sequence[tuple[int, timedelta]] = (),
    status: ApplicationStatus = ApplicationStatus.ACTIVE,
    closed_after: timedelta | None = None,
    decision: DecisionOutcome | None = None,
) -> ApplicationRef:
    """Bare rows: an application from a ``source`` that arrived at ``applied_at`` (default: 30
    days ago), with a "moved" event into each (stage index, time after applying) of ``moves``.

    ``status`` closes it ``closed_after`` applying: a "rejected"/"withdrawn" event, or for a
    ``decision`` (hire or reject) a current decision and its "decision_..." event.
    """
    arrived = applied_at or utcnow() - timedelta(days=30)
    n = next(_numbers)
    row = Application(
        candidate=Candidate(
            name=f"Casey Candidate {n}", email=f"casey{n}@example.test", source=source
        ),
        position_id=position_id,
        applied_at=arrived,
        status=status,
        stage_index=moves[-1][0] if moves else None,
    )
    previous: int | None = None
    for stage, after in moves:
        row.events.append(
            ApplicationEvent(
                kind="moved", from_stage=previous, to_stage=stage, occurred_at=arrived + after
            )
        )
        previous = stage
    db.session.add(row)
    db.session.flush()
    if closed_after is not None:
        closed = arrived + closed_after
        kind = status.value if decision is None else f"decision_{decision.value}"
        row.events.append(ApplicationEvent(kind=kind, occurred_at=closed))
        if decision is not None:
            position_row = db.session.get(Position, position_id)
            assert position_row is not None
            db.session.add(
                Decision(
                    application_id=row.id,
                    outcome=decision,
                    rationale="Decided on the evidence.",
                    formula_outcome=decision.value,
                    decided_by_id=position_row.hiring_manager_id,
                    decided_at=closed,
                    manager_id=position_row.hiring_manager_id,
                )
            )
    db.session.commit()
    return ApplicationRef(row.id, row.candidate_id, position_id, row.candidate.name, row.version)


def held_interview(
    application: ApplicationRef,
    interviewer: UserRef,
    *,
    stage: int = 1,
    starts_at: datetime | None = None,
    submitted_after: timedelta | None = None,
    ratings: dict[str, int | None] | None = None,
    notes: Sequence[str] = (),
) -> int:
    """Bare rows: ``interviewer`` alone on a 60-minute interview at stage ``stage`` (default:
    ten days ago); with ``submitted_after`` (time after its end) their card is submitted, rating
    each competency key of ``ratings`` (None: not assessed) and with STAR notes for each
    question of ``notes`` ("competency.q2": the plan's question of that competency and key)."""
    row = db.session.get(Application, application.id)
    assert row is not None
    stage_row = row.position.current_plan.stages[stage]
    starts = starts_at or utcnow() - timedelta(days=10)
    booked = Interview(
        application_id=row.id,
        stage_id=stage_row.id,
        starts_at=starts,
        time_zone="America/Chicago",
        duration_minutes=60,
    )
    booked.interviewers = [InterviewInterviewer(user_id=interviewer.id)]
    card = Scorecard(interview=booked, interviewer_id=interviewer.id)
    if submitted_after is not None:
        card.status, card.recommendation = ScorecardStatus.SUBMITTED, Recommendation.YES
        card.submitted_at = starts + timedelta(minutes=60) + submitted_after
        focus = {f.competency.key: f.competency_id for f in stage_row.focus}
        card.ratings = [
            ScorecardRating(
                competency_id=focus[key], rating=level, not_assessed=level is None, evidence="e"
            )
            for key, level in (ratings or {}).items()
        ]
        asked = {
            f"{q.question.competency_key}.{q.question.key}": q.question_id
            for q in stage_row.questions
        }
        card.notes = [ScorecardNote(question_id=asked[ref], action="Did it.") for ref in notes]
    db.session.add_all([booked, card])
    db.session.commit()
    return booked.id


def ninety_day_outcome(
    application: ApplicationRef,
    manager: UserRef,
    *,
    start: date,
    goals: Sequence[tuple[float | None, Sequence[tuple[int, float]]]] = (),
    rating: Progress | None = None,
) -> int:
    """Bare rows: the hire's onboarding plan from ``application``, starting ``start``, with a
    goal per (target, [(day, actual), ...]) of ``goals`` (day 1 is the start date) and the
    manager's day-90 check-in ``rating``; returns the plan id."""
    hire_user = user(
        roles=["new_hire"],
        name=f"Hire {application.candidate_name}",
        manager_id=manager.id,
        password=None,
    )
    plan = OnboardingPlan(
        new_hire_id=hire_user.id,
        manager_id=manager.id,
        application_id=application.id,
        title="Ramp plan",
        start_date=start,
    )
    for target, actuals in goals:
        goal = Goal(
            phase=Phase.OWN,
            outcome="Build pipeline",
            target=target,
            unit="opportunities",
            due_date=start + timedelta(days=89),
        )
        goal.actuals = [
            GoalActual(
                recorded_on=start + timedelta(days=day - 1), value=value, recorded_by_id=manager.id
            )
            for day, value in actuals
        ]
        plan.goals.append(goal)
    plan.checkins.append(
        CheckIn(milestone=90, due_date=start + timedelta(days=89), manager_rating=rating)
    )
    db.session.add(plan)
    db.session.commit()
    return plan.id


def hires_with_outcomes(
    position_id: int,
    people: Sequence[UserRef],
    rows: Sequence[tuple[int, int, int, float, Progress]],
    *,
    started: int = 120,
    jamie_twice: bool = False,
) -> None:
    """Hires for the quality-of-hire analytics, one per row of (behavioural and screen
    discovery ratings, closing rating, day-85 actual of a target of 10, day-90 rating).

    Each hire: two scored interviews (STAR notes on the behavioural discovery question), a
    plan started ``started`` days ago (in the organisation's zone) whose goal has actuals on
    days 30, 85 and 95 (only day 85 counts), a goal without an actual by day 90, and a day-90
    check-in. With ``jamie_twice`` Jamie also rates discovery at the role play."""
    manager, jamie, ava = people
    day = timedelta(days=1)
    start = local_date(utcnow(), organisation_zone()) - started * day
    for behavioural, screen, closing, day85, rating in rows:
        hired = funnel_application(
            position_id,
            applied_at=utcnow() - 160 * day,
            moves=[(0, day), (1, 5 * day)],
            status=ApplicationStatus.HIRED,
            closed_after=20 * day,
            decision=DecisionOutcome.HIRE,
        )
        held_interview(
            hired,
            jamie,
            stage=1,
            submitted_after=day,
            ratings={"discovery": behavioural, "closing": closing, "resilience": None},
            notes=["discovery.q2"],
        )
        held_interview(
            hired, ava, stage=0, submitted_after=day, ratings={"discovery": screen, "closing": None}
        )
        if jamie_twice:
            held_interview(
                hired, jamie, stage=2, submitted_after=day, ratings={"discovery": behavioural}
            )
        ninety_day_outcome(
            hired,
            manager,
            start=start,
            goals=[(10.0, [(30, 1.0), (85, day85), (95, 20.0)]), (5.0, [(100, 5.0)])],
            rating=rating,
        )


# --- Coaching -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CoachingTeam:
    """A line of people around one rep: who may and may not read their coaching."""

    skip_level: UserRef  # the manager's manager: reads
    manager: UserRef  # coaches
    rep: UserRef
    peer: UserRef  # another rep of the same manager: sees nothing of the rep's
    other_manager: UserRef  # manages someone else
    admin: UserRef  # HR: reads support plans only
    interviewer: UserRef


def coaching_team() -> CoachingTeam:
    """Riley (skip-level) → Morgan (manager) → Noah and Ana (reps); plus Sam, who manages
    nobody here, an admin and an interviewer."""
    skip_level = user(roles=["hiring_manager"], name="Riley Brooks")
    manager = user(roles=["hiring_manager"], name="Morgan Patel", manager_id=skip_level.id)
    return CoachingTeam(
        skip_level=skip_level,
        manager=manager,
        rep=user(roles=["new_hire"], name="Noah Kim", manager_id=manager.id, title="AE"),
        peer=user(roles=["new_hire"], name="Ana Silva", manager_id=manager.id),
        other_manager=user(roles=["hiring_manager"], name="Sam Rivera"),
        admin=user(roles=["admin"], name="Avery Chen"),
        interviewer=user(roles=["interviewer"], name="Jamie Ortiz"),
    )


def action_item(
    rep: UserRef, owner: UserRef, *, text: str = "Send the pricing deck", due_on: date | None = None
) -> int:
    """An open action item on ``rep``'s coaching, owned by ``owner``."""
    person = db.session.get(User, rep.id)
    assert person is not None
    item = coaching_actions.add_action(
        person,
        text=text,
        owner=db.session.get(User, owner.id),
        due_on=due_on or reader_today() + timedelta(days=3),
        by=db.session.get(User, person.manager_id),
    )
    db.session.commit()
    return item.id


# --- Coaching history ---------------------------------------------------------------------------


def coaching_history(
    manager: UserRef,
    reps: int = 10,
    *,
    months: int = 12,
    competencies: Sequence[str] = ("discovery", "objections"),
) -> list[UserRef]:
    """``reps`` new reps of ``manager``, each with a weekly 1:1 cadence and ``months`` months of
    coaching up to today: a held 1:1 every week (the rep's agenda topic first, then the
    manager's; deal and skill coaching; an action item agreed, ticked off unless it is from the
    last fortnight), the next 1:1 scheduled, one ride-along a month (observe-only, rated on
    ``competencies``, with a client follow-up; every fourth a demonstration call, unrated:
    mentoring) and a motivators profile each quarter. The bar's data: a year of weekly 1:1s
    for 10 reps. Rows are added in bulk through the models, as the services would leave them
    (without their audit entries), so a year for 10 reps builds in a second or two."""
    boss = db.session.get(User, manager.id)
    assert boss is not None
    zone = "America/Chicago"
    today = local_date(utcnow(), zone)
    weeks = round(months * 52 / 12)
    first_on = today - timedelta(weeks=weeks)
    people = [
        user(roles=["new_hire"], name=f"Rep {n:02d} {boss.name}", manager_id=boss.id)
        for n in range(1, reps + 1)
    ]
    rows: list[Any] = []
    for rep in people:
        rows.append(
            CoachingProfile(
                rep_id=rep.id,
                cadence=Cadence.WEEKLY,
                first_on=first_on,
                starts_at_local=time(10, 0),
                time_zone=zone,
                minutes=30,
                ride_alongs_per_month=1,
                updated_by_id=boss.id,
            )
        )
        rows += _weekly_one_on_ones(rep, boss, first_on, weeks, zone, today, competencies)
        rows += _monthly_ride_alongs(rep, boss, first_on, months, zone, today, competencies)
        rows += [
            MotivatorProfile(
                rep_id=rep.id,
                ranking=list(MOTIVATORS)[quarter % 3 :] + list(MOTIVATORS)[: quarter % 3],
                own_words="Winning a deal the whole team worked for.",
                recorded_at=_at(first_on + timedelta(days=91 * quarter), 9, zone),
                recorded_by_id=rep.id,
            )
            for quarter in range(max(1, months // 3))
        ]
    db.session.add_all(rows)
    db.session.commit()
    return people


def _at(day: date, hour: int, zone: str) -> datetime:
    """``hour``:00 on ``day`` in ``zone``, in UTC (as the services store it)."""
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(zone)).astimezone(UTC)


def _weekly_one_on_ones(
    rep: UserRef,
    boss: User,
    first_on: date,
    weeks: int,
    zone: str,
    today: date,
    competencies: Sequence[str],
) -> list[Any]:
    rows: list[Any] = []
    for week in range(weeks + 1):
        day = first_on + timedelta(weeks=week)
        held = day < today
        meeting = OneOnOne(
            rep_id=rep.id,
            manager_id=boss.id,
            scheduled_at=_at(day, 10, zone),
            minutes=30,
            time_zone=zone,
            status=MeetingStatus.HELD if held else MeetingStatus.SCHEDULED,
            held_at=_at(day, 10, zone) + timedelta(minutes=30) if held else None,
            notes="Walked the pipeline; practised the discovery opener." if held else "",
            deal_coaching=held,
            opportunities="Acme renewal; Globex expansion" if held else "",
            next_steps="Acme: book the economic buyer" if held else "",
            skill_coaching=held,
            competency_key=competencies[week % len(competencies)] if held else None,
            practised="Second-level questions on budget" if held else "",
        )
        meeting.topics = [
            AgendaTopic(author_id=rep.id, text="How do I get past procurement at Acme?"),
            AgendaTopic(author_id=boss.id, text="Your discovery calls this week", covered=held),
        ]
        rows.append(meeting)
        if held:
            due_on = day + timedelta(days=7)
            done = due_on < today - timedelta(days=14)
            owner = rep.id if week % 2 else boss.id
            rows.append(
                ActionItem(
                    rep_id=rep.id,
                    text="Send the mutual action plan to Acme" if week % 2 else "Book a ride-along",
                    owner_id=owner,
                    due_on=due_on,
                    one_on_one=meeting,
                    created_by_id=boss.id,
                    done_at=_at(due_on - timedelta(days=1), 16, zone) if done else None,
                    done_by_id=owner if done else None,
                )
            )
    return rows


def _monthly_ride_alongs(
    rep: UserRef,
    boss: User,
    first_on: date,
    months: int,
    zone: str,
    today: date,
    competencies: Sequence[str],
) -> list[Any]:
    rows: list[Any] = []
    for month in range(months):
        day = first_on + timedelta(days=30 * month + 2)
        if day >= today:
            break
        observe = month % 4 != 3
        call = RideAlong(
            rep_id=rep.id,
            manager_id=boss.id,
            scheduled_at=_at(day, 14, zone),
            minutes=60,
            time_zone=zone,
            status=MeetingStatus.HELD,
            account="Acme Corp",
            objective="Agree the next step with the economic buyer",
            call_stage=CallStage.DISCOVERY,
            manager_role=CallRole.OBSERVE if observe else CallRole.DEMONSTRATE,
            competency_key=competencies[0] if observe else None,
            rep_assessment="Good rapport; I rushed the budget question.",
            rep_assessed_at=_at(day, 15, zone),
            observations="Strong opener; budget left vague." if observe else "",
            focus_points="Ask about budget before the demo." if observe else "",
            agreed_practice="Role-play the budget question twice." if observe else "",
            debriefed_at=_at(day, 16, zone),
        )
        if observe:
            call.ratings = [
                CompetencyRating(
                    rep_id=rep.id,
                    competency_key=key,
                    score=3 + (month + index) % 2,
                    source=RatingSource.RIDE_ALONG,
                    rated_on=day,
                    assessor_id=boss.id,
                )
                for index, key in enumerate(competencies)
            ]
        rows.append(call)
        rows.append(
            ActionItem(
                rep_id=rep.id,
                kind=ActionKind.CLIENT_FOLLOW_UP,
                text="Send Acme the security questionnaire",
                owner_id=rep.id,
                due_on=day + timedelta(days=3),
                ride_along=call,
                created_by_id=boss.id,
                done_at=_at(day + timedelta(days=2), 11, zone),
                done_by_id=rep.id,
            )
        )
    return rows


def history_profile(
    rep: UserRef,
    *,
    first_on: date,
    cadence: Cadence = Cadence.WEEKLY,
    at: time = time(10, 0),
    zone: str = "America/Chicago",
    ride_alongs_per_month: int = 1,
) -> None:
    """``rep``'s 1:1 cadence, set by their manager."""
    person = db.session.get(User, rep.id)
    assert person is not None
    db.session.add(
        CoachingProfile(
            rep_id=rep.id,
            cadence=cadence,
            first_on=first_on,
            starts_at_local=at,
            time_zone=zone,
            ride_alongs_per_month=ride_alongs_per_month,
            updated_by_id=person.manager_id,
        )
    )
    db.session.commit()


def history_one_on_one(
    rep: UserRef,
    at: datetime,
    *,
    status: MeetingStatus = MeetingStatus.HELD,
    held_at: datetime | None = None,
    minutes: int = 30,
) -> int:
    """A 1:1 of ``rep`` with their manager at ``at`` (UTC); a held one was held then unless
    ``held_at`` says otherwise (a 1:1 moved to another day)."""
    person = db.session.get(User, rep.id)
    assert person is not None and person.manager_id is not None
    held = status == MeetingStatus.HELD
    meeting = OneOnOne(
        rep_id=rep.id,
        manager_id=person.manager_id,
        scheduled_at=at,
        minutes=minutes,
        time_zone="America/Chicago",
        status=status,
        held_at=(held_at or at) if held else None,
        notes="Walked the pipeline." if held else "",
    )
    db.session.add(meeting)
    db.session.commit()
    return meeting.id


def history_ride_along(
    rep: UserRef,
    at: datetime,
    *,
    role: CallRole = CallRole.OBSERVE,
    status: MeetingStatus = MeetingStatus.HELD,
    minutes: int = 60,
) -> int:
    """A ride-along on ``rep``'s call at ``at`` (UTC), debriefed when held."""
    person = db.session.get(User, rep.id)
    assert person is not None and person.manager_id is not None
    held = status == MeetingStatus.HELD
    call = RideAlong(
        rep_id=rep.id,
        manager_id=person.manager_id,
        scheduled_at=at,
        minutes=minutes,
        time_zone="America/Chicago",
        status=status,
        objective="Agree the next step",
        call_stage=CallStage.DISCOVERY,
        manager_role=role,
        rep_assessment="I rushed the budget question." if held else "",
        rep_assessed_at=at + timedelta(hours=1) if held else None,
        debriefed_at=at + timedelta(hours=1) if held else None,
    )
    db.session.add(call)
    db.session.commit()
    return call.id


def history_support_plan(
    rep: UserRef,
    *,
    starts_on: date,
    days: int = 60,
    status: SupportStatus = SupportStatus.ACTIVE,
) -> int:
    """A support plan for ``rep`` over ``days`` from ``starts_on``, with two expectations,
    acknowledged by both and HR informed (a closed one recorded as met)."""
    person = db.session.get(User, rep.id)
    assert person is not None and person.manager_id is not None
    ends_on = starts_on + timedelta(days=days)
    began = _at(starts_on, 9, "America/Chicago")
    plan = SupportPlan(
        rep_id=rep.id,
        manager_id=person.manager_id,
        status=status,
        diagnosis=Diagnosis.SKILL_GAP,
        support=[{"kind": "ride_alongs", "detail": "Two ride-alongs a month"}],
        starts_on=starts_on,
        ends_on=ends_on,
        hr_informed_at=began,
        manager_acknowledged_at=began,
        rep_acknowledged_at=began,
        outcome=SupportOutcome.MET if status == SupportStatus.CLOSED else None,
        closed_at=_at(ends_on, 9, "America/Chicago") if status == SupportStatus.CLOSED else None,
        closed_by_id=person.manager_id if status == SupportStatus.CLOSED else None,
        created_by_id=person.manager_id,
    )
    plan.expectations = [
        SupportExpectation(
            outcome="Discovery calls to the standard",
            metric="calls a week",
            target=8,
            due_on=ends_on,
        ),
        SupportExpectation(
            outcome="Qualified pipeline", metric="opportunities", target=4, due_on=ends_on
        ),
    ]
    db.session.add(plan)
    db.session.commit()
    return plan.id


# --- Coaching page: competencies over time, current goals, motivators (#16 items 1, 4, 9) ------


def rep_plan(
    rep: UserRef,
    *,
    application_id: int | None = None,
    buddy: UserRef | None = None,
    start: date | None = None,
) -> int:
    """An onboarding plan for an existing rep (their manager runs it) from the loaded library's
    role profile, from ``application_id``'s hire if given; returns the plan's id."""
    person = db.session.get(User, rep.id)
    assert person is not None and person.manager is not None
    profile = db.session.scalar(select(RoleProfile))
    assert profile is not None
    plan = plan_services.create_plan(
        new_hire=person,
        manager=person.manager,
        buddy=db.session.get(User, buddy.id) if buddy else None,
        start=start or (utcnow().date() - timedelta(days=21)),
        template=profile.onboarding_template,
        template_source=f"{profile.key} v{profile.version}",
        title=f"{person.first_name}'s plan",
        actor=person.manager,
        application_id=application_id,
    )
    db.session.commit()
    return plan.id


# --- Ramp beyond 90 days (issue 16, item 7) -----------------------------------------------------

#: The library the app ships (the tests' own library is written per test, without a ramp).
SHIPPED_ROLES = Path(__file__).resolve().parent.parent / "scorecards" / "roles"


def shipped_onboarding(role_key: str) -> dict[str, Any]:
    """The onboarding template of a shipped role profile, as loading stores it on the profile
    (``RoleProfile.onboarding_template``): ``shipped_onboarding("account_executive")``."""
    import tomllib

    from hiring.library.schema import RoleProfileSpec

    spec = RoleProfileSpec.model_validate(
        tomllib.loads((SHIPPED_ROLES / f"{role_key}.toml").read_text())
    )
    return spec.onboarding.model_dump(mode="json")


def hired_rep(rep: UserRef, cards: Sequence[Card], *, buddy: UserRef | None = None) -> int:
    """``rep`` was hired through an interview the panel in ``cards`` rated (stage 1, sixty days
    ago) and is on a plan from that hire; returns the plan's id."""
    opened = position(manager=user(roles=["hiring_manager"]), recruiter=user(roles=["recruiter"]))
    applied = rated_candidate(opened.id, cards, name=rep.name, starts_in=timedelta(days=-60))
    return rep_plan(rep, application_id=applied.id, buddy=buddy)


def scored_certification(
    plan_id: int, competency_key: str, score: int, *, on: datetime, by: UserRef
) -> int:
    """A certification item on the plan, rated ``score`` on ``competency_key``'s anchors by
    ``by`` at ``on`` (bare rows, as the certification part's service stores it)."""
    plan = db.session.get(OnboardingPlan, plan_id)
    assert plan is not None
    item = PlanItem(
        phase=Phase.LEARN,
        day=10,
        due_date=on.date(),
        title=f"{competency_key.title()} role-play",
        kind=ItemKind.CERTIFICATION,
        owner=ItemOwner.NEW_HIRE,
        competency_key=competency_key,
        score=score,
        assessor_id=by.id,
        scored_at=on,
        done_at=on,
    )
    plan.items.append(item)
    db.session.commit()
    return item.id


def checkin_rating(
    plan_id: int, milestone: int, competency_key: str, score: int, *, at: datetime, by: UserRef
) -> None:
    """The manager's rating of a competency at the plan's day-``milestone`` check-in."""
    checkin = db.session.scalar(
        select(CheckIn).where(CheckIn.plan_id == plan_id, CheckIn.milestone == milestone)
    )
    assert checkin is not None
    checkin.competency_ratings.append(
        CheckInRating(competency_key=competency_key, score=score, rated_by_id=by.id, rated_at=at)
    )
    db.session.commit()


def competency_rating(
    rep: UserRef,
    competency_key: str,
    score: int,
    *,
    on: date,
    by: UserRef,
    source: RatingSource = RatingSource.REVIEW,
) -> None:
    """A later rating of the rep's competency (a review, or a ride-along's observation)."""
    db.session.add(
        CompetencyRating(
            rep_id=rep.id,
            competency_key=competency_key,
            score=score,
            source=source,
            rated_on=on,
            assessor_id=by.id,
        )
    )
    db.session.commit()


def motivator_profile(
    rep: UserRef, ranking: Sequence[str], *, own_words: str = "", days_ago: int = 0
) -> int:
    """The rep's own ranking, recorded ``days_ago`` (bare rows)."""
    profile = MotivatorProfile(
        rep_id=rep.id,
        ranking=list(ranking),
        own_words=own_words,
        recorded_at=utcnow() - timedelta(days=days_ago),
        recorded_by_id=rep.id,
    )
    db.session.add(profile)
    db.session.commit()
    return profile.id


# --- Coaching: 1:1s -----------------------------------------------------------------------------


def coaching_cadence(
    rep: UserRef,
    *,
    first_on: date | None = None,
    at: str = "10:00",
    zone: str = "America/Chicago",
    weekly: bool = True,
) -> int:
    """Set ``rep``'s 1:1 cadence as their manager (the series' next 1:1 is put in place),
    measured against the loaded library's role profile if there is one."""
    from datetime import time as clock

    from hiring.coaching.models import Cadence
    from hiring.coaching.services import cadence as coaching_cadence_services

    person = db.session.get(User, rep.id)
    assert person is not None and person.manager is not None
    profile = db.session.scalar(select(RoleProfile))
    hour, minute = (int(part) for part in at.split(":"))
    values = coaching_cadence_services.CadenceValues(
        cadence=Cadence.WEEKLY if weekly else Cadence.FORTNIGHTLY,
        first_on=first_on or utcnow().date(),
        starts_at_local=clock(hour, minute),
        time_zone=zone,
        minutes=30,
        ride_alongs_per_month=1,
        role_profile_id=profile.id if profile else None,
    )
    made = coaching_cadence_services.set_cadence(person, values, by=person.manager, version=0)
    db.session.commit()
    return made.id


def one_on_one(
    rep: UserRef,
    *,
    at: datetime,
    held: bool = False,
    topics: Sequence[tuple[UserRef, str]] = (),
    actions: Sequence[tuple[UserRef, str]] = (),
    notes: str = "",
) -> int:
    """A 1:1 of ``rep`` with their manager at ``at`` (UTC), with agenda topics (author, text),
    open action items agreed in it (owner, text) and notes; ``held`` records it as deal
    coaching."""
    from hiring.coaching.models import AgendaTopic, MeetingStatus, OneOnOne

    person = db.session.get(User, rep.id)
    assert person is not None and person.manager_id is not None
    meeting = OneOnOne(
        rep_id=person.id,
        manager_id=person.manager_id,
        scheduled_at=at,
        minutes=30,
        time_zone="America/Chicago",
        notes=notes,
        status=MeetingStatus.HELD if held else MeetingStatus.SCHEDULED,
        held_at=at if held else None,
        deal_coaching=held,
        opportunities="Acme renewal" if held else "",
        next_steps="Send the proposal" if held else "",
    )
    db.session.add(meeting)
    for author, text in topics:
        db.session.add(AgendaTopic(one_on_one=meeting, author_id=author.id, text=text))
    db.session.flush()
    for owner, text in actions:
        coaching_actions.add_action(
            person,
            text=text,
            owner=db.session.get(User, owner.id),
            due_on=at.date() + timedelta(days=7),
            by=person.manager,
            one_on_one=meeting,
        )
    db.session.commit()
    return meeting.id


def plan_for_rep(
    rep: UserRef, *, buddy: UserRef | None = None, start: date | None = None, hired: bool = False
) -> int:
    """An onboarding plan for an existing rep (their manager runs it), from the loaded
    library's template; ``hired``: from a hired application on a position of that profile."""
    person = db.session.get(User, rep.id)
    assert person is not None and person.manager is not None
    profile = db.session.scalar(select(RoleProfile))
    assert profile is not None
    application_id = None
    if hired:
        manager = UserRef(person.manager.id, person.manager.email, person.manager.name, "")
        opened = position(manager=manager)
        application_id = application(opened.id, name=person.name, status=ApplicationStatus.HIRED).id
    plan = plan_services.create_plan(
        new_hire=person,
        manager=person.manager,
        buddy=db.session.get(User, buddy.id) if buddy else None,
        start=start or (utcnow().date() - timedelta(days=21)),
        template=profile.onboarding_template,
        template_source="test",
        title=f"{person.first_name}'s plan",
        actor=person.manager,
        application_id=application_id,
    )
    db.session.commit()
    return plan.id


# --- Coaching: support plans --------------------------------------------------------------------


def support_plan(
    team: CoachingTeam,
    *,
    started: bool = True,
    expectations: int = 2,
    starts_on: date | None = None,
    days: int = 60,
) -> int:
    """A support plan for the team's rep by their manager: a draft with ``expectations``
    expectations, started unless ``started`` is False (HR told, nobody acknowledged yet)."""
    rep = db.session.get(User, team.rep.id)
    manager = db.session.get(User, team.manager.id)
    assert rep is not None and manager is not None
    starts_on = starts_on or local_date(utcnow())
    plan = support_plans.open_plan(
        rep,
        by=manager,
        diagnosis=Diagnosis.SKILL_GAP,
        diagnosis_note="Discovery calls stop at the first answer.",
        support={"training": "Discovery workshop", "ride_alongs": "Two extra a month"},
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=days),
    )
    for n in range(expectations):
        support_plans.add_expectation(
            plan,
            by=manager,
            version=plan.version,
            outcome=f"Expectation {n + 1}",
            metric=f"Metric {n + 1}",
            target=10 + n,
            unit="calls",
            due_on=starts_on + timedelta(days=days),
        )
    if started:
        support_plans.start(plan, by=manager, version=plan.version, today=starts_on)
    db.session.commit()
    assert isinstance(plan, SupportPlan)
    return plan.id


def move_support_window(plan_id: int, *, starts_on: date, days: int = 60) -> None:
    """Shift a plan's window (as if it had started ``starts_on``), e.g. into the past."""
    plan = db.session.get(SupportPlan, plan_id)
    assert plan is not None
    plan.starts_on, plan.ends_on = starts_on, starts_on + timedelta(days=days)
    for e in plan.expectations:
        e.due_on = plan.ends_on
    db.session.commit()


def rep_onboarding_plan(
    team: CoachingTeam, *, buddy: UserRef | None = None, start: date | None = None
) -> int:
    """The team rep's 30/60/90 plan (the loaded library's template), by their manager."""
    profile = db.session.scalar(select(RoleProfile))
    assert profile is not None
    plan = plan_services.create_plan(
        new_hire=db.session.get(User, team.rep.id),
        manager=db.session.get(User, team.manager.id),
        buddy=db.session.get(User, buddy.id) if buddy else None,
        start=start or (utcnow().date() - timedelta(days=21)),
        template=profile.onboarding_template,
        template_source="test",
        title="Noah's plan",
        actor=db.session.get(User, team.manager.id),
    )
    db.session.commit()
    return plan.id


# --- Coaching: ride-alongs ---------------------------------------------------------------------


def ride_along(
    rep: UserRef,
    *,
    days_ago: int = 2,
    role: str = "observe",
    competency: str | None = "discovery",
    assessed: bool = False,
    debriefed: bool = False,
    account: str = "Acme Corp",
) -> int:
    """A ride-along with ``rep`` planned by their manager ``days_ago`` days ago (negative: in
    the future), optionally assessed by the rep and debriefed (rated 3, one focus point)."""
    person = db.session.get(User, rep.id)
    assert person is not None and person.manager is not None
    manager = person.manager
    # Planned ahead (a ride-along cannot be planned after the call), then moved to its day.
    ride = ride_alongs.plan_ride_along(
        person,
        ride_alongs.Plan(
            scheduled_at=utcnow() + timedelta(days=max(1, -days_ago)),
            time_zone="America/Chicago",
            minutes=60,
            account=account,
            objective="Agree the next step with the economic buyer",
            call_stage=CallStage.DISCOVERY,
            manager_role=CallRole(role),
            competency_key=competency,
        ),
        by=manager,
    )
    ride.scheduled_at = utcnow() - timedelta(days=days_ago)
    db.session.flush()
    if assessed or debriefed:
        ride_alongs.assess(
            ride, text="Opened well, rushed the close.", version=ride.version, by=person
        )
    if debriefed:
        ride_alongs.debrief(
            ride,
            ride_alongs.Debrief(
                observations="Good open; missed the budget question.",
                score=3 if role == "observe" and competency else None,
                focus_points="Ask about budget before the demo",
                agreed_practice="Role-play the budget question twice",
            ),
            version=ride.version,
            by=manager,
        )
    db.session.commit()
    return ride.id


# --- Onboarding: scored certifications ----------------------------------------------------------


def certification_plan(*, buddy: UserRef | None = None) -> PlanRef:
    """Noah Kim's plan from the loaded library's profile (``template_source`` names it, so the
    plan is rated on its competencies), with a discovery certification scored on its anchors."""
    profile = db.session.scalar(select(RoleProfile))
    assert profile is not None
    manager = user(roles=["hiring_manager"], name="Morgan Patel")
    new_hire = user(roles=["new_hire"], name="Noah Kim", manager_id=manager.id)
    template = {
        "items": [
            {
                "phase": "learn",
                "day": 3,
                "title": "Discovery certification",
                "kind": "certification",
                "owner": "new_hire",
                "competency": "discovery",
            },
            {
                "phase": "learn",
                "day": 5,
                "title": "Meet the team",
                "kind": "connection",
                "owner": "buddy",
            },
        ]
    }
    plan = plan_services.create_plan(
        new_hire=db.session.get(User, new_hire.id),
        manager=db.session.get(User, manager.id),
        buddy=db.session.get(User, buddy.id) if buddy else None,
        start=utcnow().date() - timedelta(days=21),
        template=template,
        template_source=f"{profile.key} v{profile.version}",
        title="Noah's plan",
        actor=db.session.get(User, manager.id),
    )
    db.session.commit()
    return PlanRef(manager, new_hire, plan.id)


# --- Coaching review fixes: one role profile per rep -------------------------------------------


def rep_on_chart(rep: UserRef) -> None:
    """Measure ``rep`` against the loaded library's role profile through their coaching
    profile (a bare weekly cadence from today, no 1:1s made), so ride-alongs and skill
    coaching have the chart's competencies to offer."""
    profile = db.session.scalar(select(RoleProfile))
    person = db.session.get(User, rep.id)
    assert profile is not None and person is not None
    db.session.add(
        CoachingProfile(
            rep_id=rep.id,
            cadence=Cadence.WEEKLY,
            first_on=utcnow().date(),
            starts_at_local=time(10, 0),
            time_zone="America/Chicago",
            role_profile_id=profile.id,
            updated_by_id=person.manager_id,
        )
    )
    db.session.commit()


# --- Coaching: support plan fixes (review of #16: start, announcements, HR's list) -------------


def support_plan_for(
    rep: UserRef,
    manager: UserRef,
    *,
    starts_ago: int,
    days: int = 60,
    started: bool = True,
    checkins: int = 0,
) -> int:
    """A support plan for any ``rep`` of ``manager`` whose window began ``starts_ago`` days ago
    (a draft unless ``started``), with a check-in in each of its first ``checkins`` weeks."""
    starts_on = local_date(utcnow(), READER_ZONE) - timedelta(days=starts_ago)
    plan = SupportPlan(
        rep_id=rep.id,
        manager_id=manager.id,
        status=SupportStatus.ACTIVE if started else SupportStatus.DRAFT,
        diagnosis=Diagnosis.EFFORT_GAP,
        diagnosis_note="Ten calls a week against forty.",
        support=[{"kind": "coaching", "detail": "A weekly call review"}],
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=days),
        hr_informed_at=utcnow() if started else None,
        created_by_id=manager.id,
    )
    plan.checkins = [
        SupportCheckIn(
            held_on=starts_on + timedelta(days=7 * week),
            progress=Progress.AT_RISK,
            notes=f"Week {week + 1}",
            recorded_by_id=manager.id,
        )
        for week in range(checkins)
    ]
    db.session.add(plan)
    db.session.commit()
    return plan.id


# --- Coaching pages in the browser (axe sweep and screenshots, #16) -----------------------------


class CoachingPages(NamedTuple):
    """A coached team with something on every coaching page, and the ids of those pages."""

    skip_level: UserRef
    manager: UserRef
    rep: UserRef  # three months of coaching, a plan, a support plan running
    peer: UserRef  # the same history, no support plan (its "Open a support plan" form)
    one_on_one: int  # the rep's next 1:1, with topics of both and an open action
    held_one_on_one: int
    planned_ride_along: int
    debriefed_ride_along: int
    support_plan: int


def coaching_pages() -> CoachingPages:
    """Riley → Morgan → two reps with three months of weekly 1:1s and monthly ride-alongs
    (rated on the loaded library's first role profile, so the charts have points), motivators,
    a 30/60/90 plan; the rep also has a planned and a debriefed ride-along, a next 1:1 with an
    agenda and a running support plan whose first week is past (a check-in missing)."""
    profile = db.session.scalar(select(RoleProfile).order_by(RoleProfile.id))
    assert profile is not None
    keys = [link.competency.key for link in profile.competency_links][:2]
    skip_level = user(roles=["hiring_manager"], name="Riley Brooks")
    manager = user(roles=["hiring_manager"], name="Morgan Lee", manager_id=skip_level.id)
    rep, peer = coaching_history(manager, reps=2, months=3, competencies=keys)
    today = reader_today()
    for person in (rep, peer):
        rep_plan(person, start=today - timedelta(days=100))
    competency_rating(rep, keys[0], 4, on=today - timedelta(days=5), by=manager)
    upcoming = one_on_one(
        rep,
        at=utcnow() + timedelta(days=2),
        topics=[(rep, "How do I open a call with a CFO?"), (manager, "The Q3 forecast")],
        actions=[(rep, "Send the pricing deck to Acme")],
    )
    held = one_on_one(rep, at=utcnow() - timedelta(days=9), held=True, notes="Agreed on Acme.")
    planned = ride_along(rep, days_ago=-4, account="Globex", competency=keys[1])
    debriefed = ride_along(rep, days_ago=3, debriefed=True, competency=keys[0])
    team = CoachingTeam(skip_level, manager, rep, peer, manager, manager, manager)
    plan = support_plan(team, starts_on=today - timedelta(days=10), expectations=3)
    return CoachingPages(skip_level, manager, rep, peer, upcoming, held, planned, debriefed, plan)


# --- Interviewer training ------------------------------------------------------------------

#: A reference answer's transcript: 120 words, with the phrase the evidence quotes.
PRACTICE_ANSWER = (
    "Last spring a buyer at a regional logistics firm asked us for a cheaper scanner contract. "
    "Before quoting anything I asked what the scanners were for, who used them and what went "
    "wrong on a bad day. I asked the operations lead what a missed delivery cost them and she "
    "said about four hundred dollars each, around sixty a month. I played that back and she "
    "confirmed it, then I asked who would sign off a change and met the finance director the "
    "following week. We proposed routing software instead of cheaper scanners, with the cost "
    "of missed deliveries as the business case, and they signed a pilot within the quarter. "
    "I still use that question about the bad day in every first call I run."
)
PRACTICE_EVIDENCE = "I asked the operations lead what a missed delivery cost them"


def reference_answers(
    competency_key: str, ratings: Sequence[int], *, question_key: str = "q1"
) -> list[int]:
    """Current reference answers (one per rating, in order) to a question of the loaded
    library, as ``library load`` would store them; returns their ids."""
    rows = [
        ReferenceAnswer(
            competency_key=competency_key,
            question_key=question_key,
            key=f"answer_{next(_sequence)}",
            version=1,
            current=True,
            content_hash="test",
            answer=PRACTICE_ANSWER,
            rating=rating,
            rationale=f"Meets the level {rating} anchor.",
            evidence=[PRACTICE_EVIDENCE],
            origin=Origin.LIBRARY,
        )
        for rating in ratings
    ]
    db.session.add_all(rows)
    db.session.commit()
    return [row.id for row in rows]


def course_read(person: UserRef) -> None:
    db.session.add(CourseCompletion(user_id=person.id))
    db.session.commit()


def practice_passed(
    person: UserRef, competency_key: str, *, at: datetime | None = None, passed: bool = True
) -> None:
    """A finished practice attempt whose result for ``competency_key`` passed (or not)."""
    moment = at or utcnow()
    run = PracticeAttempt(
        user_id=person.id, set_key=competency_key, answer_ids=[], started_at=moment
    )
    run.finished_at = moment
    run.results.append(
        PracticeResult(
            user_id=person.id,
            competency_key=competency_key,
            answers=3,
            within_one=3 if passed else 1,
            passed=passed,
            finished_at=moment,
        )
    )
    db.session.add(run)
    db.session.commit()


def shadowed(
    person: UserRef, competency_key: str, booked: InterviewRef, *, at: datetime | None = None
) -> None:
    """``person`` sat in on ``booked`` as a shadow and rated ``competency_key``."""
    card_id = db.session.scalars(
        select(Scorecard.id).where(Scorecard.interview_id == booked.id).limit(1)
    ).one()
    db.session.add(
        ShadowSession(
            user_id=person.id,
            competency_key=competency_key,
            scorecard_id=card_id,
            recorded_at=at or utcnow(),
        )
    )
    db.session.commit()


# --- Drift: live leniency and agreement with the panel (issue 17, item 5) -------------------------


def mark_shadow(application: ApplicationRef, person: UserRef) -> None:
    """Mark ``person`` a shadow on every interview of ``application`` and their cards shadow
    cards (bare rows): what an interviewer in training who sat in leaves behind."""
    interview_ids = select(Interview.id).where(Interview.application_id == application.id)
    for seat in db.session.scalars(
        select(InterviewInterviewer).where(
            InterviewInterviewer.interview_id.in_(interview_ids),
            InterviewInterviewer.user_id == person.id,
        )
    ):
        seat.shadow = True
    for card in db.session.scalars(
        select(Scorecard).where(
            Scorecard.interview_id.in_(interview_ids), Scorecard.interviewer_id == person.id
        )
    ):
        card.shadow = True
    db.session.commit()


# --- Qualification warnings (issue #17, item 4) -------------------------------------------------


def qualify(
    person: UserRef | User,
    *competency_keys: str,
    by: UserRef | User | None = None,
    at: datetime | None = None,
) -> list[int]:
    """Sign ``person`` off as qualified for each competency (every competency in the loaded
    library when none is named), signed by ``by`` (an admin made for it by default), ``at``
    (now by default); returns the sign-offs' ids. Tests not about training qualify the
    interviewers they schedule on a must-have stage, so the page books without a warning."""
    keys = competency_keys or tuple(
        dict.fromkeys(db.session.scalars(select(Competency.key).order_by(Competency.key)))
    )
    signer = by or user(roles=["admin"], name="Avery Admin")
    rows = [
        QualificationSignoff(
            user_id=person.id,
            competency_key=key,
            signed_by_id=signer.id,
            signed_at=at or utcnow(),
            note="Signed off for a test.",
        )
        for key in keys
    ]
    db.session.add_all(rows)
    db.session.commit()
    return [row.id for row in rows]


def qualify_named(*names: str) -> list[int]:
    """Sign the demo's people called ``names`` off for every competency, as the demo admin;
    returns the sign-offs' ids (for ``withdraw_signoffs``)."""
    admin = db.session.scalar(select(User).where(User.email == "admin@example.com"))
    people = db.session.scalars(select(User).where(User.name.in_(names))).all()
    assert admin is not None and len(people) == len(set(names)), names
    return [row for person in people for row in qualify(person, by=admin)]


def withdraw_signoffs(signoff_ids: Iterable[int]) -> None:
    """Undo ``qualify`` (browser tests share one demo database: leave it as found)."""
    db.session.execute(
        delete(QualificationSignoff).where(QualificationSignoff.id.in_(list(signoff_ids)))
    )
    db.session.commit()


def lapse_after(months: int) -> None:
    """The admin's training policy: qualifications lapse after ``months``."""
    db.session.add(TrainingPolicy(lapse_months=months))
    db.session.commit()


def stage_focus(stage_id: int, *competency_keys: str) -> None:
    """Make the stage assess only ``competency_keys`` (of the position's role profile)."""
    stage = db.session.get(PlanStage, stage_id)
    assert stage is not None
    links = stage.revision.position.role_profile.competency_links
    stage.focus = [
        PlanStageFocus(competency_id=link.competency_id)
        for link in links
        if link.competency.key in competency_keys
    ]
    db.session.commit()


# --- Shadow cards (interviewer training, #17 item 4) --------------------------------------------


def shadow_seat(booked: InterviewRef, shadow: UserRef) -> None:
    """Bare rows: ``shadow`` sits in on ``booked`` as a shadow, with their (empty) shadow card."""
    row = db.session.get(Interview, booked.id)
    assert row is not None
    row.interviewers.append(InterviewInterviewer(user_id=shadow.id, shadow=True))
    row.scorecards.append(Scorecard(interviewer_id=shadow.id, shadow=True))
    db.session.commit()


def shadow_card(
    app: Flask,
    client: FlaskClient,
    booked: InterviewRef,
    ratings: dict[str, int | None] | None = None,
    recommendation: str = "strong_no",
    *,
    name: str = "Riley Chen",
    submit: bool = True,
) -> UserRef:
    """A new interviewer in training sits in on ``booked`` as a shadow (``shadow_seat``) and,
    with ``submit``, submits their card through the page (signed in as them, signed out
    after). By default every competency gets 1 and the recommendation is Strong no: far from
    any panel, so a card that leaked into a number would move it."""
    with app.app_context():
        shadow = user(roles=["interviewer"], name=name)
        shadow_seat(booked, shadow)
        row = db.session.get(Interview, booked.id)
        assert row is not None
        focus = [f.competency.key for f in row.stage.focus]
    if submit:
        log_in(client, shadow)
        chosen = dict.fromkeys(focus, 1) if ratings is None else ratings
        submit_scorecard(app, client, booked.id, chosen, recommendation)
        client.post("/logout")
    return shadow


def shadow_scored_card(
    booked: InterviewRef, shadow: UserRef, *, submitted_at: datetime | None = None
) -> None:
    """Bare rows, for the analytics' many candidates: ``shadow`` sat in on ``booked`` and
    submitted a card rating each of discovery, closing and resilience the stage focuses on 1,
    with a Strong no and STAR notes on every planned question."""
    shadow_seat(booked, shadow)
    row = db.session.get(Interview, booked.id)
    assert row is not None
    focus = {f.competency.key for f in row.stage.focus}
    scored_card(
        booked,
        shadow,
        {key: 1 for key in ("discovery", "closing", "resilience") if key in focus},
        Recommendation.STRONG_NO,
        submitted_at=submitted_at,
    )
    card = next(c for c in row.scorecards if c.interviewer_id == shadow.id)
    card.notes = [
        ScorecardNote(question_id=q.question_id, action="Watched.") for q in row.stage.questions
    ]
    db.session.commit()
