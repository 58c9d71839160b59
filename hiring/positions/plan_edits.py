"""Each edit of an interview plan's stages and questions, applied through a ``PlanEdit``
(``hiring.positions.plans.edit_plan``), which picks the revision and records the change.
Functions flush, never commit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hiring.auth.models import User
from hiring.db import db
from hiring.domain import DomainError
from hiring.library import flags, lint
from hiring.library.models import Question
from hiring.library.schema import StageKind
from hiring.positions import qualification_check, queries
from hiring.positions.models import (
    PlanStage,
    PlanStageFocus,
    PlanStageInterviewer,
    PlanStageQuestion,
    Position,
)
from hiring.positions.plans import PlanEdit, one_line


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
    focus_ids: Sequence[int],
    interviewer_ids: Sequence[int],
    lint_reason: str = "",
    go_ahead: bool = False,
    override_reason: str = "",
) -> PlanStage:
    """Save a stage. Instructions are read by every interviewer on it, so changed ones are
    linted: risky wording is refused unless ``lint_reason`` says why it is needed, and then
    saved flagged for an admin's review (unchanged instructions keep their review).

    Default interviewers not qualified for a must-have in the focus are refused
    (``qualification_check.Unqualified``) unless the editor goes ahead with a reason, kept
    per interviewer for this stage; one already given for the stage is not asked again."""
    stage = edit.stage(stage_id)
    focus = queries.competencies_by_id(list(focus_ids))
    interviewers = queries.active_users(list(interviewer_ids))
    allowed = {link.competency_id for link in edit.position.role_profile.competency_links}
    stray = [c.name for c in focus if c.id not in allowed]
    if stray:
        raise DomainError(f"{', '.join(stray)} is not on this position's scorecard.", field="focus")
    inactive = [u.name for u in interviewers if not u.active]
    if inactive:
        raise DomainError(f"{', '.join(inactive)} is deactivated.", field="interviewers")
    found = qualification_check.not_yet_allowed(
        qualification_check.gaps(edit.position, {c.id for c in focus}, interviewers),
        {stage_id, stage.id},
    )
    qualification_check.refuse_unless_allowed(
        edit.position,
        found,
        go_ahead=go_ahead,
        reason=override_reason,
        actor=edit.actor,
        message=qualification_check.DEFAULTS_UNQUALIFIED,
    )
    stage.name = one_line(name) or kind.label
    stage.kind = kind
    stage.duration_minutes = duration_minutes
    kept = False
    # Only new wording or a new reason starts a fresh review: saving the stage for its
    # interviewers (the form shows the kept reason again) leaves an admin's clearance alone.
    if instructions.strip() != stage.instructions or lint_reason.strip() != stage.lint_reason:
        findings = lint.findings_for(instructions=instructions.strip())
        kept = flags.apply_findings(stage, findings, lint_reason)
    stage.instructions = instructions.strip()
    stage.focus = [PlanStageFocus(competency_id=c.id) for c in focus]
    stage.interviewers = [PlanStageInterviewer(user_id=u.id) for u in interviewers]
    edit.done("stage_updated", {"stage": stage.name})
    qualification_check.record_go_aheads(
        found, interviewers, reason=override_reason, actor=edit.actor, plan_stage_id=stage.id
    )
    if kept:
        db.session.flush()
        flags.record_kept(stage, actor=edit.actor, label=f"{edit.position.title}: {stage.name}")
    return stage


def clear_stage_flag(position: Position, stage_id: int, *, actor: User) -> PlanStage:
    """An admin accepts instructions kept against the lint, on the current plan's stage."""
    plan = position.current_plan
    stage = next((s for s in plan.stages if s.id == stage_id), None) if plan else None
    if stage is None:
        raise DomainError("That stage is no longer in the plan.")
    flags.clear(stage, actor=actor, label=f"{position.title}: {stage.name}")
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


def add_question(edit: PlanEdit, stage_id: int, question_id: int) -> None:
    stage = edit.stage(stage_id)
    question = db.session.get(Question, question_id)
    if question is None:
        raise DomainError("Choose a question to add.", field="question_id")
    if not question.current:
        raise DomainError("That question was replaced by a newer version; pick it again.")
    allowed = {link.competency.key for link in edit.position.role_profile.competency_links}
    if question.competency_key not in allowed:
        raise DomainError("That question is not about a competency on this position's scorecard.")
    if any(item.question_id == question.id for item in stage.questions):
        raise DomainError("That question is already in this stage.", field="question_id")
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
