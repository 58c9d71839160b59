"""Checks of one role-profile file against the competencies already read: its scorecard,
its default interview plan (with the coverage rules) and its onboarding days."""

from __future__ import annotations

from hiring.library import coverage
from hiring.library.files import Library, Problem, lint_problems
from hiring.library.schema import CORE_LAST_DAY, PHASE_DAYS, Phase, RoleProfileSpec


def check_role(spec: RoleProfileSpec, relative: str, library: Library) -> bool:
    """Add every problem of ``spec`` to ``library``; True when none of them is an error."""
    before = len(library.errors)
    profile_keys = _check_scorecard(spec, relative, library)
    _check_plan(spec, relative, library, profile_keys)
    _check_onboarding(spec, relative, library)
    return len(library.errors) == before


def _check_scorecard(spec: RoleProfileSpec, relative: str, library: Library) -> dict[str, int]:
    """The competencies, minimums and hiring bar; returns the profile's competency keys."""
    problems = library.problems
    profile_keys: dict[str, int] = {}
    max_level = spec.scale.levels[-1]
    for index, item in enumerate(spec.competencies):
        where = f"competencies[{index}]"
        competency = library.competencies.get(item.key)
        if competency is None:
            problems.append(Problem(relative, f"{where}.key", f'unknown competency "{item.key}"'))
        elif competency.scale != spec.scale:
            problems.append(
                Problem(
                    relative,
                    f"{where}.key",
                    f'"{item.key}" uses the {competency.scale.value} scale but this profile '
                    f"uses {spec.scale.value}",
                )
            )
        if item.key in profile_keys:
            problems.append(
                Problem(relative, f"{where}.key", f'competency "{item.key}" is listed twice')
            )
        profile_keys.setdefault(item.key, index)
        if item.must_have and item.minimum is None:
            problems.append(
                Problem(relative, f"{where}.minimum", "a must-have competency needs a minimum")
            )
        if item.minimum is not None and item.minimum > max_level:
            problems.append(
                Problem(
                    relative,
                    f"{where}.minimum",
                    f"{item.minimum:g} is above the top of the {spec.scale.value} scale "
                    f"({max_level})",
                )
            )
    if spec.hiring_bar.minimum_score > max_level:
        problems.append(
            Problem(
                relative,
                "hiring_bar.minimum_score",
                f"{spec.hiring_bar.minimum_score:g} is above the top of the scale ({max_level})",
            )
        )
    return profile_keys


def _check_plan(
    spec: RoleProfileSpec, relative: str, library: Library, profile_keys: dict[str, int]
) -> None:
    """Stages, their focus and questions, and the coverage rules of the whole plan."""
    problems = library.problems
    stage_keys: dict[str, int] = {}
    asked: dict[str, str] = {}
    outlines = []
    for index, stage in enumerate(spec.interview_plan):
        where = f"interview_plan[{index}]"
        if stage.key in stage_keys:
            problems.append(Problem(relative, f"{where}.key", f'duplicate stage key "{stage.key}"'))
        stage_keys.setdefault(stage.key, index)
        problems.extend(
            lint_problems(
                relative, where, [("instructions", stage.instructions)], stage.lint_reason
            )
        )
        for f_index, key in enumerate(stage.focus):
            if key not in profile_keys:
                problems.append(
                    Problem(
                        relative,
                        f"{where}.focus[{f_index}]",
                        f'"{key}" is not a competency of this profile',
                    )
                )
        minutes, question_competencies = [], []
        for q_index, ref in enumerate(stage.questions):
            question = library.question(ref)
            competency_key = ref.partition(".")[0]
            if (
                question is None
                and competency_key in profile_keys
                and (competency_key not in library.competencies)
            ):
                continue  # the unknown competency is already reported once
            if question is None:
                problems.append(
                    Problem(relative, f"{where}.questions[{q_index}]", f'unknown question "{ref}"')
                )
                continue
            if competency_key not in profile_keys:
                problems.append(
                    Problem(
                        relative,
                        f"{where}.questions[{q_index}]",
                        f'"{ref}" belongs to "{competency_key}", which is not a competency of '
                        "this profile",
                    )
                )
                continue
            if competency_key not in stage.focus:
                problems.append(
                    Problem(
                        relative,
                        f"{where}.questions[{q_index}]",
                        f'"{ref}" is about "{competency_key}", which is not a focus of this stage',
                        "warning",
                    )
                )
            if ref in asked:
                problems.append(
                    Problem(
                        relative,
                        f"{where}.questions[{q_index}]",
                        f'"{ref}" is already asked in stage "{asked[ref]}"',
                        "warning",
                    )
                )
            asked.setdefault(ref, stage.key)
            minutes.append(question.minutes)
            question_competencies.append(ref.partition(".")[0])
        outlines.append(
            coverage.StageOutline(
                name=f'Stage "{stage.key}"',
                duration_minutes=stage.duration_minutes,
                focus=stage.focus,
                question_minutes=minutes,
                question_competencies=question_competencies,
            )
        )
    names = {k: c.name for k, c in library.competencies.items()}
    report = coverage.check_plan(
        outlines,
        [
            coverage.CompetencyOutline(item.key, names.get(item.key, item.key), item.must_have)
            for item in spec.competencies
        ],
    )
    for warning in report.warnings:
        path = f"interview_plan[{warning.stage}]" if warning.stage is not None else "interview_plan"
        problems.append(Problem(relative, path, warning.message, "warning"))


def _check_onboarding(spec: RoleProfileSpec, relative: str, library: Library) -> None:
    """Every onboarding item and goal falls inside the days of its phase; only the optional
    ramp phase runs past day 90 (and nothing in it comes before day 91); a certification's
    competency is one of the profile's (it is scored on that competency's anchors)."""
    profile_keys = {c.key for c in spec.competencies}
    for i, item in enumerate(spec.onboarding.items):
        if item.competency is not None and item.competency not in profile_keys:
            library.problems.append(
                Problem(
                    relative,
                    f"onboarding.items[{i}].competency",
                    f'"{item.competency}" is not one of this profile\'s competencies',
                )
            )
    days = [
        (f"items[{i}].day", item.phase, item.day) for i, item in enumerate(spec.onboarding.items)
    ]
    days += [
        (f"goals[{i}].due_day", goal.phase, goal.due_day)
        for i, goal in enumerate(spec.onboarding.goals)
    ]
    ramp_first, ramp_last = PHASE_DAYS[Phase.RAMP]
    for path, phase, day in days:
        first, last = PHASE_DAYS[phase]
        if day > CORE_LAST_DAY and phase != Phase.RAMP:
            library.problems.append(
                Problem(
                    relative,
                    f"onboarding.{path}",
                    f"day {day} is past day {CORE_LAST_DAY}: only the ramp phase (phase = "
                    f'"ramp", days {ramp_first}-{ramp_last}) runs past it, and this entry is in '
                    f"the {phase.value} phase (days {first}-{last})",
                )
            )
        elif not first <= day <= last:
            library.problems.append(
                Problem(
                    relative,
                    f"onboarding.{path}",
                    f"day {day} is outside the {phase.value} phase (days {first}-{last})",
                )
            )
