"""Interview plans: the default plan a position starts with, and every edit of it.

An edit applies to a revision nobody has interviewed on; once interviews used the current
revision, the edit starts the next revision for future interviews, so every candidate
interviewed on one revision was asked the same questions. Functions flush, never commit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy.orm.attributes import flag_modified

from hiring.audit.services import record
from hiring.auth.models import User
from hiring.db import db, utcnow
from hiring.domain import DomainError, expect_version
from hiring.library import coverage, lint
from hiring.library.models import RoleProfile
from hiring.library.schema import StageKind
from hiring.positions.models import (
    PlanRevision,
    PlanStage,
    PlanStageFocus,
    PlanStageInterviewer,
    PlanStageQuestion,
    Position,
)
from hiring.transaction import conflicts_as_domain_errors, flush_or_conflict

T = TypeVar("T")

PLAN_CHANGED = (
    "The plan changed since you opened it, so your change was not applied. "
    "The page now shows the latest plan; make your change again."
)
STAGE_NOT_SAVED = (
    "The plan changed since you opened it, so this stage was not saved. Your entries are "
    "still in the form below; check them against the latest plan and save again."
)
#: Two edits of the same plan at once: a moved version counter, or (on a plan in use) the
#: same next revision number taken first. Either way the second edit is rolled back whole.
CHANGED_AT_THE_SAME_MOMENT = (
    "Someone else changed the plan at the same moment, so your change was not applied. "
    "The page now shows the latest plan; make your change again."
)


def one_line(text: str) -> str:
    """Names shown in headers, e-mail subjects and CSV cells: one line, single spaces."""
    return " ".join(text.split())


def default_revision(
    role_profile: RoleProfile, hiring_manager: User, recruiter: User | None, actor: User
) -> PlanRevision:
    """Revision 1 of a new position's plan: the role profile's stages, focus and questions,
    with the hiring manager (and the recruiter, for the phone screen) as default interviewers."""
    revision = PlanRevision(number=1, created_by_id=actor.id, note="From the role profile.")
    competencies = {link.competency.key: link.competency for link in role_profile.competency_links}
    for index, template in enumerate(role_profile.default_plan):
        kind = StageKind(template["kind"])
        stage = PlanStage(
            position=index,
            name=template["name"],
            kind=kind,
            duration_minutes=template["duration_minutes"],
            instructions=template["instructions"],
            lint=lint.findings_for(instructions=template["instructions"]),
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
    return revision


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
            **stage.lint_state(),
        )
        copy.focus = [PlanStageFocus(competency_id=f.competency_id) for f in stage.focus]
        copy.questions = [
            PlanStageQuestion(position=q.position, question_id=q.question_id)
            for q in stage.questions
        ]
        copy.interviewers = [PlanStageInterviewer(user_id=i.user_id) for i in stage.interviewers]
        clone.stages.append(copy)
    revision.position.plan_revisions.append(clone)
    flush_or_conflict(CHANGED_AT_THE_SAME_MOMENT)  # the other edit took this number first
    return clone


class PlanEdit:
    """One change to a position's plan, applied to a revision nobody has interviewed on.

    If interviews already used the current revision, a new revision is started for future
    interviews (``self.new_revision``; ``notice`` says so).
    """

    def __init__(
        self,
        position: Position,
        *,
        expected_version: int,
        actor: User,
        stale_message: str = PLAN_CHANGED,
    ) -> None:
        current = position.current_plan
        if current is None:
            raise DomainError("This position has no plan.")
        expect_version(current, expected_version, stale_message)
        self.position = position
        self.actor = actor
        self.source = current
        self.new_revision = current.locked
        self.revision = _clone(current, actor) if current.locked else current

    @property
    def notice(self) -> str | None:
        """What the editor must know when the change started a new revision."""
        if not self.new_revision:
            return None
        return (
            f"Interviews already used revision {self.source.number}, so this change starts "
            f"revision {self.revision.number} for future interviews only. Candidates for one "
            "opening should all get the same questions: change a plan in use only when you must."
        )

    def stage(self, stage_id: int) -> PlanStage:
        """The stage to change, in the revision being edited (same place as the one clicked)."""
        original = next((s for s in self.source.stages if s.id == stage_id), None)
        if original is None:
            raise DomainError("That stage is no longer in the plan.")
        return next(s for s in self.revision.stages if s.position == original.position)

    def stage_question(self, stage_question_id: int) -> tuple[PlanStage, PlanStageQuestion]:
        for stage in self.source.stages:
            for item in stage.questions:
                if item.id == stage_question_id:
                    target = self.stage(stage.id)
                    return target, next(q for q in target.questions if q.position == item.position)
        raise DomainError("That question is no longer in the plan.")

    def done(self, action: str, detail: dict[str, Any]) -> PlanRevision:
        # Child rows changed; touch the revision so its version counter moves.
        flag_modified(self.revision, "note")
        with conflicts_as_domain_errors(CHANGED_AT_THE_SAME_MOMENT):
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


@dataclass(frozen=True)
class Edited(Generic[T]):
    """What one plan edit returned, and the notice for the editor (a new revision started)."""

    value: T
    notice: str | None


def edit_plan(
    position: Position,
    change: Callable[[PlanEdit], T],
    *,
    expected_version: int,
    actor: User,
    stale_message: str = PLAN_CHANGED,
) -> Edited[T]:
    """Apply ``change`` (one of the edits below) to the plan the person had open."""
    edit = PlanEdit(
        position, expected_version=expected_version, actor=actor, stale_message=stale_message
    )
    return Edited(change(edit), edit.notice)


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
