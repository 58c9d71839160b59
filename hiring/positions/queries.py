"""Read-side helpers for position pages, each a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Integer, Select, bindparam, func, inspect, or_, select
from sqlalchemy.orm import aliased, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from hiring.auth.models import Role, User
from hiring.db import db
from hiring.library.models import Competency, Question, RoleProfile, RoleProfileCompetency
from hiring.positions.models import (
    PlanRevision,
    PlanStage,
    PlanStageFocus,
    PlanStageInterviewer,
    PlanStageQuestion,
    Position,
    PositionStatus,
)


def position_list(user: User, *, status: str = "", q: str = "") -> Select[Any]:
    query = select(Position).options(
        joinedload(Position.hiring_manager),
        joinedload(Position.recruiter),
        joinedload(Position.role_profile),
    )
    if not user.has_role(Role.ADMIN, Role.RECRUITER):
        query = query.where(Position.hiring_manager_id == user.id)
    if status in {s.value for s in PositionStatus}:
        query = query.where(Position.status == PositionStatus(status))
    if q:
        pattern = f"%{q.lower()}%"
        query = query.where(
            or_(
                func.lower(Position.title).like(pattern),
                func.lower(Position.team).like(pattern),
                func.lower(Position.location).like(pattern),
            )
        )
    return query.order_by(Position.status, Position.created_at.desc(), Position.id.desc())


class PlanSummary(NamedTuple):
    """A position's current plan revision as the list shows it."""

    number: int
    stages: int


def current_plans(position_ids: list[int]) -> dict[int, PlanSummary]:
    """Each position's current revision number and stage count, by position id, in one query
    (the list showed them by loading every revision of every position with its stages)."""
    if not position_ids:
        return {}
    rows = db.session.execute(_current_plans(), {"position_ids": position_ids})
    return {position: PlanSummary(number, stages) for position, number, stages in rows}


@cache
def _current_plans() -> Select[int, int, int]:
    """Built once: its correlated subquery cost more to build on every list than to run."""
    later = aliased(PlanRevision)
    return (
        select(PlanRevision.position_id, PlanRevision.number, func.count(PlanStage.id))
        .outerjoin(PlanStage, PlanStage.revision_id == PlanRevision.id)
        .where(
            PlanRevision.position_id.in_(bindparam("position_ids", expanding=True)),
            PlanRevision.number
            == select(func.max(later.number))
            .where(later.position_id == PlanRevision.position_id)
            .scalar_subquery(),
        )
        .group_by(PlanRevision.position_id, PlanRevision.number)
    )


@cache
def _current_stage_names() -> Select[int, str]:
    later = aliased(PlanRevision)
    return (
        select(PlanRevision.position_id, PlanStage.name)
        .join(PlanStage, PlanStage.revision_id == PlanRevision.id)
        .where(
            PlanRevision.position_id.in_(bindparam("position_ids", expanding=True)),
            PlanRevision.number
            == select(func.max(later.number))
            .where(later.position_id == PlanRevision.position_id)
            .scalar_subquery(),
        )
        .order_by(PlanRevision.position_id, PlanStage.position)
    )


def current_stage_names(position_ids: Iterable[int]) -> dict[int, list[str]]:
    """The stage names of each position's current plan, in order, by position id, in one
    query (built once): lists and pages that name a candidate's stage need only these, not
    every revision of the plan with its stages. A position without a plan maps to ``[]``."""
    wanted = sorted(set(position_ids))
    names: dict[int, list[str]] = {position_id: [] for position_id in wanted}
    if wanted:
        rows = db.session.execute(_current_stage_names(), {"position_ids": wanted})
        for position_id, name in rows:
            names[position_id].append(name)
    return names


def load_plan(revision_id: int) -> PlanRevision | None:
    """A revision with every stage, focus, question and interviewer loaded up front."""
    return db.session.scalars(
        select(PlanRevision)
        .where(PlanRevision.id == revision_id)
        .options(
            selectinload(PlanRevision.stages).options(
                selectinload(PlanStage.focus).joinedload(PlanStageFocus.competency),
                selectinload(PlanStage.questions)
                .joinedload(PlanStageQuestion.question)
                .joinedload(Question.author),
                selectinload(PlanStage.interviewers).joinedload(PlanStageInterviewer.user),
            )
        )
    ).first()


@cache
def _kit_stage() -> Select[PlanStage]:
    return (
        select(PlanStage)
        .where(PlanStage.id == bindparam("stage_id"))
        .options(joinedload(PlanStage.revision))
    )


_STAGE_ID = bindparam("stage_id", type_=Integer)


@cache
def _stage_lists(kit: bool) -> tuple[Select[PlanStageFocus], Select[PlanStageQuestion]]:
    """A stage's focus competencies and questions, in their relationships' order; for a kit
    (``kit``), each question with the library's question and its author."""
    questions = select(PlanStageQuestion).where(PlanStageQuestion.stage_id == _STAGE_ID)
    if kit:
        questions = questions.options(
            joinedload(PlanStageQuestion.question).joinedload(Question.author)
        )
    return (
        select(PlanStageFocus)
        .where(PlanStageFocus.stage_id == _STAGE_ID)
        .options(joinedload(PlanStageFocus.competency))
        .order_by(PlanStageFocus.competency_id),
        questions.order_by(PlanStageQuestion.position),
    )


@cache
def _stage_interviewers() -> Select[PlanStageInterviewer]:
    return (
        select(PlanStageInterviewer)
        .where(PlanStageInterviewer.stage_id == _STAGE_ID)
        .options(joinedload(PlanStageInterviewer.user))
        .order_by(PlanStageInterviewer.user_id)
    )


def load_stage_lists(stage: PlanStage, *, kit: bool) -> None:
    """Fill in ``stage``'s focus competencies and questions: what a scorecard checks and
    saves; with ``kit``, everything a kit shows of it (its revision aside): also each
    question's library text and author, and the stage's interviewers. Each list comes from a
    statement built once; a selectin load built its statement and cache key anew on every
    scorecard page and autosave."""
    focus, questions = _stage_lists(kit)
    params = {"stage_id": stage.id}
    set_committed_value(stage, "focus", list(db.session.scalars(focus, params)))
    set_committed_value(stage, "questions", list(db.session.scalars(questions, params)))
    if kit:
        seats = list(db.session.scalars(_stage_interviewers(), params))
        set_committed_value(stage, "interviewers", seats)


def _kit_loaded(stage: PlanStage) -> bool:
    """Whether ``stage`` already holds what ``load_stage_lists`` loads for a kit (a scorecard
    page loads its card with them), so the kit need not read the stage again."""
    if inspect(stage).unloaded & {"revision", "focus", "questions", "interviewers"}:
        return False
    return (
        all("competency" not in inspect(focus).unloaded for focus in stage.focus)
        and all(
            "question" not in inspect(link).unloaded
            and "author" not in inspect(link.question).unloaded
            for link in stage.questions
        )
        and all("user" not in inspect(seat).unloaded for seat in stage.interviewers)
    )


@cache
def _profile_links() -> Select[RoleProfileCompetency]:
    """A role profile's competency links with their competencies, built once with a bound
    profile (every scorecard page and kit asks it)."""
    return (
        select(RoleProfileCompetency)
        .where(RoleProfileCompetency.role_profile_id == bindparam("role_profile_id"))
        .options(joinedload(RoleProfileCompetency.competency))
    )


def kit_context(position: Position, stage: PlanStage) -> dict[str, Any]:
    """What a kit (on screen, on paper, or beside a scorecard) shows for ``stage``: the stage
    with its focus, questions and interviewers loaded up front (not the whole plan: its
    other stages are only counted), and the role profile's competency links and names."""
    loaded = stage
    if not _kit_loaded(stage):
        loaded = db.session.scalars(_kit_stage(), {"stage_id": stage.id}).one()
        load_stage_lists(loaded, kit=True)
    links = {
        link.competency_id: link
        for link in db.session.scalars(
            _profile_links(), {"role_profile_id": position.role_profile_id}
        )
    }
    return {
        "position": position,
        "plan": loaded.revision,
        "stage": loaded,
        "links": links,
        "names_by_key": {link.competency.key: link.competency.name for link in links.values()},
    }


def load_position(position_id: int) -> Position | None:
    return db.session.scalars(
        select(Position)
        .where(Position.id == position_id)
        .options(
            joinedload(Position.hiring_manager),
            joinedload(Position.recruiter),
            joinedload(Position.role_profile)
            .selectinload(RoleProfile.competency_links)
            .joinedload(RoleProfileCompetency.competency),
            selectinload(Position.plan_revisions),
        )
    ).first()


def question_bank(competency_keys: list[str]) -> dict[str, list[Question]]:
    """Current questions for these competencies (and custom ones), grouped by competency."""
    bank: dict[str, list[Question]] = {key: [] for key in competency_keys}
    for question in db.session.scalars(
        select(Question)
        .where(Question.current.is_(True), Question.competency_key.in_(competency_keys))
        .order_by(Question.origin, Question.id)
    ):
        bank[question.competency_key].append(question)
    return bank


def current_role_profiles() -> list[RoleProfile]:
    return list(
        db.session.scalars(
            select(RoleProfile).where(RoleProfile.current.is_(True)).order_by(RoleProfile.name)
        )
    )


def competencies_by_id(ids: list[int]) -> list[Competency]:
    if not ids:
        return []
    return list(db.session.scalars(select(Competency).where(Competency.id.in_(ids))))


def active_users(ids: list[int]) -> list[User]:
    if not ids:
        return []
    return list(db.session.scalars(select(User).where(User.id.in_(ids))))


def interviewer_choices() -> list[User]:
    """Who may be picked to interview, by name, with their roles (the picker shows them)."""
    from hiring.auth.models import UserRole

    return list(
        db.session.scalars(
            select(User)
            .where(
                User.active.is_(True),
                User.role_grants.any(
                    UserRole.role.in_([Role.INTERVIEWER, Role.HIRING_MANAGER, Role.RECRUITER])
                ),
            )
            .order_by(User.name)
            .options(selectinload(User.role_grants))
        )
    )


def load_stage(position_id: int, stage_id: int) -> tuple[Position, PlanStage] | None:
    """A position and one stage of any of its plan revisions (None unless both exist and the
    stage belongs to the position): what a stage's kit and blank packet print."""
    position = load_position(position_id)
    stage = db.session.get(PlanStage, stage_id)
    if position is None or stage is None or stage.revision.position_id != position.id:
        return None
    return position, stage
