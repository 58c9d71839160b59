"""Opening positions and editing their interview plans. Functions flush, never commit."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from hiring.audit.services import record
from hiring.auth.models import Role, User
from hiring.db import db, utcnow
from hiring.library import coverage
from hiring.library.models import Competency, Question, RoleProfile
from hiring.library.schema import StageKind
from hiring.positions.models import (
    PlanRevision,
    PlanStage,
    PlanStageFocus,
    PlanStageInterviewer,
    PlanStageQuestion,
    Position,
    PositionStatus,
)

logger = logging.getLogger(__name__)


class PlanError(Exception):
    """A rule about positions or plans was broken; the message is safe to show."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class StaleEdit(PlanError):
    """The record changed after the person loaded it; nothing was applied."""


# Positions ---------------------------------------------------------------------------------


def _check_people(hiring_manager: User, recruiter: User | None) -> None:
    if not hiring_manager.active or not hiring_manager.has_role(Role.HIRING_MANAGER):
        raise PlanError(
            f"{hiring_manager.name} is not an active hiring manager.", field="hiring_manager_id"
        )
    if recruiter is not None and (not recruiter.active or not recruiter.has_role(Role.RECRUITER)):
        raise PlanError(f"{recruiter.name} is not an active recruiter.", field="recruiter_id")


def _snapshot(position: Position) -> dict[str, Any]:
    return {
        "title": position.title,
        "team": position.team,
        "location": position.location,
        "status": position.status.value,
        "headcount": position.headcount,
        "hiring_manager": position.hiring_manager.email,
        "recruiter": position.recruiter.email if position.recruiter else None,
    }


def create_position(
    *,
    title: str,
    team: str,
    location: str,
    role_profile: RoleProfile,
    hiring_manager: User,
    recruiter: User | None,
    headcount: int,
    status: PositionStatus,
    actor: User,
) -> Position:
    """Open a position on the current version of a role profile, with its default plan."""
    if not role_profile.current:
        raise PlanError("Choose the current version of the role profile.", field="role_profile_id")
    _check_people(hiring_manager, recruiter)
    position = Position(
        title=one_line(title),
        team=team.strip(),
        location=location.strip(),
        role_profile=role_profile,
        hiring_manager=hiring_manager,
        recruiter=recruiter,
        headcount=headcount,
        status=status,
        created_by_id=actor.id,
    )
    db.session.add(position)
    revision = PlanRevision(number=1, created_by_id=actor.id, note="From the role profile.")
    position.plan_revisions.append(revision)
    competencies = {link.competency.key: link.competency for link in role_profile.competency_links}
    for index, template in enumerate(role_profile.default_plan):
        kind = StageKind(template["kind"])
        stage = PlanStage(
            position=index,
            name=template["name"],
            kind=kind,
            duration_minutes=template["duration_minutes"],
            instructions=template["instructions"],
        )
        stage.focus = [
            PlanStageFocus(competency=competencies[key])
            for key in template["focus"]
            if key in competencies
        ]
        stage.questions = [
            PlanStageQuestion(position=n, question_id=qid)
            for n, qid in enumerate(template["question_ids"])
        ]
        default = hiring_manager if kind == StageKind.HIRING_MANAGER else None
        if kind == StageKind.PHONE_SCREEN and recruiter is not None:
            default = recruiter
        if default is not None:
            stage.interviewers = [PlanStageInterviewer(user=default)]
        revision.stages.append(stage)
    db.session.flush()
    record(
        "position.created", position, actor=actor, label=position.title, after=_snapshot(position)
    )
    return position


def update_position(
    position: Position,
    *,
    expected_version: int,
    title: str,
    team: str,
    location: str,
    hiring_manager: User,
    recruiter: User | None,
    headcount: int,
    status: PositionStatus,
    actor: User,
) -> None:
    if position.version != expected_version:
        raise StaleEdit(
            "Someone else changed this position while you were editing; "
            "review the current values and apply your change again."
        )
    _check_people(hiring_manager, recruiter)
    before = _snapshot(position)
    position.title = one_line(title)
    position.team = team.strip()
    position.location = location.strip()
    position.hiring_manager = hiring_manager
    position.recruiter = recruiter
    position.headcount = headcount
    position.status = status
    after = _snapshot(position)
    if after != before:
        flag_modified(position, "title")
        db.session.flush()
        record(
            "position.updated",
            position,
            actor=actor,
            label=position.title,
            before=before,
            after=after,
        )


# Plans -------------------------------------------------------------------------------------


def _clone(revision: PlanRevision, actor: User) -> PlanRevision:
    clone = PlanRevision(
        number=revision.number + 1,
        created_by_id=actor.id,
        note=f"Changed after interviews used revision {revision.number}.",
    )
    for stage in revision.stages:
        copy = PlanStage(
            position=stage.position,
            name=stage.name,
            kind=stage.kind,
            duration_minutes=stage.duration_minutes,
            instructions=stage.instructions,
        )
        copy.focus = [PlanStageFocus(competency_id=f.competency_id) for f in stage.focus]
        copy.questions = [
            PlanStageQuestion(position=q.position, question_id=q.question_id)
            for q in stage.questions
        ]
        copy.interviewers = [PlanStageInterviewer(user_id=i.user_id) for i in stage.interviewers]
        clone.stages.append(copy)
    revision.position.plan_revisions.append(clone)
    db.session.flush()
    return clone


class PlanEdit:
    """One change to a position's plan, applied to a revision nobody has interviewed on.

    If interviews already used the current revision, a new revision is started for future
    interviews (``self.new_revision`` tells the view to warn about it).
    """

    def __init__(self, position: Position, *, expected_version: int, actor: User) -> None:
        current = position.current_plan
        if current is None:
            raise PlanError("This position has no plan.")
        if current.version != expected_version:
            raise StaleEdit(
                "The plan changed since you opened it, so your change was not applied. "
                "The page now shows the latest plan; make your change again."
            )
        self.position = position
        self.actor = actor
        self.source = current
        self.new_revision = current.locked
        self.revision = _clone(current, actor) if current.locked else current

    def stage(self, stage_id: int) -> PlanStage:
        """The stage to change, in the revision being edited (same place as the one clicked)."""
        original = next((s for s in self.source.stages if s.id == stage_id), None)
        if original is None:
            raise PlanError("That stage is no longer in the plan.")
        return next(s for s in self.revision.stages if s.position == original.position)

    def stage_question(self, stage_question_id: int) -> tuple[PlanStage, PlanStageQuestion]:
        for stage in self.source.stages:
            for item in stage.questions:
                if item.id == stage_question_id:
                    target = self.stage(stage.id)
                    return target, next(q for q in target.questions if q.position == item.position)
        raise PlanError("That question is no longer in the plan.")

    def done(self, action: str, detail: dict[str, Any]) -> PlanRevision:
        # Child rows changed; touch the revision so its version counter moves.
        flag_modified(self.revision, "note")
        db.session.flush()
        record(
            f"plan.{action}",
            self.position,
            actor=self.actor,
            object_type="positions",
            label=f"{self.position.title}: plan revision {self.revision.number}",
            after=detail,
        )
        return self.revision


def one_line(text: str) -> str:
    """Names shown in headers, e-mail subjects and CSV cells: one line, single spaces."""
    return " ".join(text.split())


def _renumber(items: Sequence[Any]) -> None:
    for index, item in enumerate(sorted(items, key=lambda i: i.position)):
        item.position = index


def _move(items: list[Any], item: Any, direction: int) -> None:
    ordered = sorted(items, key=lambda i: i.position)
    index = ordered.index(item)
    target = index + direction
    if not 0 <= target < len(ordered):
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for n, entry in enumerate(ordered):
        entry.position = n


def add_stage(edit: PlanEdit, *, name: str, kind: StageKind, duration_minutes: int) -> PlanStage:
    stage = PlanStage(
        position=len(edit.revision.stages),
        name=one_line(name) or kind.label,
        kind=kind,
        duration_minutes=duration_minutes,
        instructions="",
    )
    edit.revision.stages.append(stage)
    edit.done("stage_added", {"stage": stage.name})
    return stage


def update_stage(
    edit: PlanEdit,
    stage_id: int,
    *,
    name: str,
    kind: StageKind,
    duration_minutes: int,
    instructions: str,
    focus: Sequence[Competency],
    interviewers: Sequence[User],
) -> PlanStage:
    stage = edit.stage(stage_id)
    allowed = {link.competency_id for link in edit.position.role_profile.competency_links}
    stray = [c.name for c in focus if c.id not in allowed]
    if stray:
        raise PlanError(f"{', '.join(stray)} is not on this position's scorecard.", field="focus")
    inactive = [u.name for u in interviewers if not u.active]
    if inactive:
        raise PlanError(f"{', '.join(inactive)} is deactivated.", field="interviewers")
    stage.name = one_line(name) or kind.label
    stage.kind = kind
    stage.duration_minutes = duration_minutes
    stage.instructions = instructions.strip()
    stage.focus = [PlanStageFocus(competency_id=c.id) for c in focus]
    stage.interviewers = [PlanStageInterviewer(user_id=u.id) for u in interviewers]
    edit.done("stage_updated", {"stage": stage.name})
    return stage


def remove_stage(edit: PlanEdit, stage_id: int) -> None:
    stage = edit.stage(stage_id)
    edit.revision.stages.remove(stage)
    _renumber(edit.revision.stages)
    edit.done("stage_removed", {"stage": stage.name})


def move_stage(edit: PlanEdit, stage_id: int, direction: int) -> None:
    stage = edit.stage(stage_id)
    _move(edit.revision.stages, stage, direction)
    edit.revision.stages.sort(key=lambda s: s.position)
    edit.done("stage_moved", {"stage": stage.name, "to": stage.position + 1})


def add_question(edit: PlanEdit, stage_id: int, question: Question) -> None:
    stage = edit.stage(stage_id)
    if not question.current:
        raise PlanError("That question was replaced by a newer version; pick it again.")
    allowed = {link.competency.key for link in edit.position.role_profile.competency_links}
    if question.competency_key not in allowed:
        raise PlanError("That question is not about a competency on this position's scorecard.")
    if any(item.question_id == question.id for item in stage.questions):
        raise PlanError("That question is already in this stage.", field="question_id")
    stage.questions.append(
        PlanStageQuestion(position=len(stage.questions), question_id=question.id)
    )
    edit.done("question_added", {"stage": stage.name, "question": question.ref})


def remove_question(edit: PlanEdit, stage_question_id: int) -> None:
    stage, item = edit.stage_question(stage_question_id)
    stage.questions.remove(item)
    _renumber(stage.questions)
    edit.done("question_removed", {"stage": stage.name, "question_id": item.question_id})


def move_question(edit: PlanEdit, stage_question_id: int, direction: int) -> None:
    stage, item = edit.stage_question(stage_question_id)
    _move(stage.questions, item, direction)
    stage.questions.sort(key=lambda q: q.position)
    edit.done("question_moved", {"stage": stage.name, "to": item.position + 1})


def lock_revision(revision: PlanRevision) -> None:
    """Called when an interview is scheduled on ``revision``: later edits start a new one."""
    if revision.locked_at is None:
        revision.locked_at = utcnow()
        db.session.flush()


def plan_coverage(position: Position, revision: PlanRevision) -> coverage.Coverage:
    stages = [
        coverage.StageOutline(
            name=stage.name,
            duration_minutes=stage.duration_minutes,
            focus=[f.competency.key for f in stage.focus],
            question_minutes=[item.question.minutes for item in stage.questions],
            question_competencies=[item.question.competency_key for item in stage.questions],
            interviewer_ids=[i.user_id for i in stage.interviewers],
        )
        for stage in revision.stages
    ]
    competencies = [
        coverage.CompetencyOutline(link.competency.key, link.competency.name, link.must_have)
        for link in position.role_profile.competency_links
    ]
    return coverage.check_plan(stages, competencies)


def users_with_role(role: Role) -> list[User]:
    from hiring.auth.models import UserRole

    return list(
        db.session.scalars(
            select(User)
            .join(UserRole)
            .where(UserRole.role == role, User.active.is_(True))
            .order_by(User.name)
        )
    )
