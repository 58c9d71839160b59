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
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

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
from hiring.coaching.models import CallRole, CallStage
from hiring.coaching.services import actions as coaching_actions
from hiring.coaching.services import ride_alongs
from hiring.db import db, utcnow
from hiring.debriefs.models import Decision, DecisionOutcome
from hiring.interviews.models import Interview, InterviewInterviewer
from hiring.library.loading import load_library
from hiring.library.models import RoleProfile
from hiring.library.schema import Phase
from hiring.library.validation import validate_directory
from hiring.onboarding.models import CheckIn, Goal, GoalActual, OnboardingPlan, Progress
from hiring.onboarding.services import plans as plan_services
from hiring.positions import services as position_services
from hiring.positions.models import PlanStage, PlanStageInterviewer, Position, PositionStatus
from hiring.scorecards import scheduling
from hiring.scorecards.models import (
    Recommendation,
    Scorecard,
    ScorecardNote,
    ScorecardRating,
    ScorecardStatus,
)
from hiring.timezones import local_date, organisation_zone
from tests.support.harness import PASSWORD, sign_in

__all__ = ["PASSWORD"]

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
    time_zone: str | None = "America/Chicago",
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
        start=start or (utcnow().date() - timedelta(days=21)),
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
        due_on=due_on or utcnow().date() + timedelta(days=3),
        by=db.session.get(User, person.manager_id),
    )
    db.session.commit()
    return item.id


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
    ride = ride_alongs.plan_ride_along(
        person,
        ride_alongs.Plan(
            scheduled_at=utcnow() - timedelta(days=days_ago),
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
