"""Coverage checks for an interview plan, shared by the file validator and the plan editor.

A structured plan assesses every competency that matters, each must-have by at least two
independent interviewers, and asks no more questions than a stage has time for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

#: Minutes each stage spends on the introduction and on the candidate's own questions.
STAGE_OVERHEAD_MINUTES = 10
MAX_STAGES = 4
MIN_INDEPENDENT_ASSESSMENTS = 2


@dataclass(frozen=True)
class StageOutline:
    name: str
    duration_minutes: int
    focus: Sequence[str]
    question_minutes: Sequence[int]
    #: Competency key of each question, in order.
    question_competencies: Sequence[str] = ()
    interviewer_ids: Sequence[int] = ()


@dataclass(frozen=True)
class CompetencyOutline:
    key: str
    name: str
    must_have: bool = False


@dataclass(frozen=True)
class CoverageWarning:
    code: str
    message: str
    competency: str | None = None
    stage: int | None = None  # index into the stages


@dataclass
class Coverage:
    #: competency key -> indexes of the stages that focus on it
    stages_by_competency: dict[str, list[int]] = field(default_factory=dict)
    #: competency key -> number of distinct interviewers assessing it (0 when none assigned)
    interviewers_by_competency: dict[str, int] = field(default_factory=dict)
    warnings: list[CoverageWarning] = field(default_factory=list)

    def assessed_in(self, key: str, stage: int) -> bool:
        return stage in self.stages_by_competency.get(key, [])


def stage_minutes_needed(stage: StageOutline) -> int:
    return sum(stage.question_minutes) + STAGE_OVERHEAD_MINUTES


def check_plan(
    stages: Sequence[StageOutline], competencies: Sequence[CompetencyOutline]
) -> Coverage:
    """Compute the competency-by-stage matrix and every warning about the plan."""
    coverage = Coverage()
    names = {c.key: c.name for c in competencies}
    for competency in competencies:
        indexes = [i for i, stage in enumerate(stages) if competency.key in stage.focus]
        interviewers = {person for i in indexes for person in stages[i].interviewer_ids}
        coverage.stages_by_competency[competency.key] = indexes
        coverage.interviewers_by_competency[competency.key] = len(interviewers)
        if not indexes:
            coverage.warnings.append(
                CoverageWarning(
                    "not_assessed",
                    f"{competency.name} is not the focus of any stage.",
                    competency=competency.key,
                )
            )
            continue
        if not competency.must_have:
            continue
        if len(indexes) < MIN_INDEPENDENT_ASSESSMENTS:
            coverage.warnings.append(
                CoverageWarning(
                    "must_have_single_stage",
                    f"{competency.name} is a must-have but only one stage assesses it; "
                    "plan at least two independent assessments.",
                    competency=competency.key,
                )
            )
        elif (
            all(stages[i].interviewer_ids for i in indexes)
            and len(interviewers) < MIN_INDEPENDENT_ASSESSMENTS
        ):
            # Judged only once every stage assessing it has its interviewers.
            coverage.warnings.append(
                CoverageWarning(
                    "must_have_single_interviewer",
                    f"{competency.name} is a must-have but only one interviewer assesses it "
                    f"across {len(indexes)} stages; assign a second interviewer.",
                    competency=competency.key,
                )
            )
    for index, stage in enumerate(stages):
        needed = stage_minutes_needed(stage)
        if needed > stage.duration_minutes:
            coverage.warnings.append(
                CoverageWarning(
                    "over_time",
                    f"{stage.name} holds {needed} minutes of questions, introduction and "
                    f"candidate questions but lasts {stage.duration_minutes} minutes.",
                    stage=index,
                )
            )
        asked = set(stage.question_competencies)
        for key in stage.focus:
            if key in names and stage.question_competencies is not None and key not in asked:
                coverage.warnings.append(
                    CoverageWarning(
                        "focus_without_question",
                        f"{stage.name} focuses on {names[key]} but asks no question about it.",
                        competency=key,
                        stage=index,
                    )
                )
    if len(stages) > MAX_STAGES:
        coverage.warnings.append(
            CoverageWarning(
                "too_many_stages",
                f"The plan has {len(stages)} interview stages; more than {MAX_STAGES} adds "
                "little accuracy and loses candidates.",
            )
        )
    return coverage
