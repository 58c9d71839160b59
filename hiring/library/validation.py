"""Read and validate a library directory: every problem, each naming file, key path and issue."""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from hiring.library import coverage, lint
from hiring.library.schema import (
    CompetencySpec,
    Phase,
    QuestionSpec,
    QuestionType,
    RoleProfileSpec,
)

Severity = Literal["error", "warning"]

PHASE_DAYS = {Phase.LEARN: (1, 30), Phase.CONTRIBUTE: (31, 60), Phase.OWN: (61, 90)}


@dataclass(frozen=True)
class Problem:
    file: str
    path: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return f"{where}: {self.message}"


@dataclass
class Library:
    """A validated library directory (only the files without errors are included)."""

    competencies: dict[str, CompetencySpec] = field(default_factory=dict)
    roles: dict[str, RoleProfileSpec] = field(default_factory=dict)
    #: ("competency" | "role", key) -> file path relative to the library directory
    sources: dict[tuple[str, str], str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def question(self, ref: str) -> QuestionSpec | None:
        competency_key, _, question_key = ref.partition(".")
        competency = self.competencies.get(competency_key)
        if competency is None:
            return None
        return next((q for q in competency.questions if q.key == question_key), None)


def content_hash(spec: BaseModel) -> str:
    """Fingerprint of the meaning of a definition (formatting and comments do not count)."""
    canonical = json.dumps(spec.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _format_loc(loc: Iterable[Any]) -> str:
    path = ""
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _friendly(error: Any) -> str:
    kind = error["type"]
    context = error.get("ctx") or {}
    if kind == "missing":
        return "required key is missing"
    if kind == "extra_forbidden":
        return "unknown key (check the spelling against scorecards/README.md)"
    if kind == "too_short" and "min_length" in context:
        return (
            f"needs at least {context['min_length']} items, has {context.get('actual_length', 0)}"
        )
    if kind == "too_long" and "max_length" in context:
        return f"allows at most {context['max_length']} items, has {context.get('actual_length')}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_pattern_mismatch":
        return "must be a lower-case key: letters, digits and _ (e.g. discovery_qualification)"
    return str(error["msg"])


def _parse(path: Path, relative: str, model: type[BaseModel], library: Library) -> Any:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        library.problems.append(Problem(relative, "", f"TOML syntax error: {exc}"))
        return None
    except UnicodeDecodeError:
        library.problems.append(Problem(relative, "", "not UTF-8 text"))
        return None
    try:
        spec = model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            library.problems.append(Problem(relative, _format_loc(error["loc"]), _friendly(error)))
        return None
    if spec.key != path.stem:  # type: ignore[attr-defined]
        library.problems.append(
            Problem(relative, "key", f'"{spec.key}" does not match the file name "{path.name}"')  # type: ignore[attr-defined]
        )
        return None
    return spec


def _check_competency(spec: CompetencySpec, relative: str, library: Library) -> bool:
    before = len(library.errors)
    levels = spec.scale.levels
    for level in levels:
        if level not in spec.anchors:
            library.problems.append(
                Problem(
                    relative,
                    "anchors",
                    f"missing the anchor for level {level} "
                    f"({spec.scale.value} has levels {levels[0]}-{levels[-1]})",
                )
            )
    for level in sorted(spec.anchors):
        if level not in levels:
            library.problems.append(
                Problem(relative, f"anchors.{level}", f"{spec.scale.value} has no level {level}")
            )
    seen: dict[str, int] = {}
    for index, question in enumerate(spec.questions):
        where = f"questions[{index}]"
        if question.key in seen:
            library.problems.append(
                Problem(
                    relative,
                    f"{where}.key",
                    f'duplicate question key "{question.key}" '
                    f"(also questions[{seen[question.key]}])",
                )
            )
        seen.setdefault(question.key, index)
        for finding in lint.lint_question(question.text):
            if finding.severity == "risk":
                library.problems.append(
                    Problem(relative, f"{where}.text", f"risky topic, {finding}")
                )
            elif question.type == QuestionType.BEHAVIOURAL:
                # Work samples script the interviewer's lines; only behavioural ones must
                # stay about the past.
                library.problems.append(
                    Problem(
                        relative,
                        f"{where}.text",
                        'reads as hypothetical ("what would you do"); set type = '
                        '"hypothetical" or ask about something the candidate has done',
                        "warning",
                    )
                )
        # Interviewers read probes aloud too, so they must not stray into risky topics.
        for list_name in ("probes",):
            for item_index, item in enumerate(getattr(question, list_name)):
                for finding in lint.lint_question(item):
                    if finding.severity == "risk":
                        library.problems.append(
                            Problem(
                                relative,
                                f"{where}.{list_name}[{item_index}]",
                                f"risky topic, {finding}",
                            )
                        )
    return len(library.errors) == before


def _check_role(spec: RoleProfileSpec, relative: str, library: Library) -> bool:
    before = len(library.errors)
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

    stage_keys: dict[str, int] = {}
    asked: dict[str, str] = {}
    outlines = []
    for index, stage in enumerate(spec.interview_plan):
        where = f"interview_plan[{index}]"
        if stage.key in stage_keys:
            problems.append(Problem(relative, f"{where}.key", f'duplicate stage key "{stage.key}"'))
        stage_keys.setdefault(stage.key, index)
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

    days = [
        (f"items[{i}].day", item.phase, item.day) for i, item in enumerate(spec.onboarding.items)
    ]
    days += [
        (f"goals[{i}].due_day", goal.phase, goal.due_day)
        for i, goal in enumerate(spec.onboarding.goals)
    ]
    for path, phase, day in days:
        first, last = PHASE_DAYS[phase]
        if not first <= day <= last:
            problems.append(
                Problem(
                    relative,
                    f"onboarding.{path}",
                    f"day {day} is outside the {phase.value} phase (days {first}-{last})",
                )
            )
    return len(library.errors) == before


def validate_directory(directory: Path) -> Library:
    """Read every library file under ``directory``; problems are collected, never raised."""
    library = Library()
    if not directory.is_dir():
        library.problems.append(Problem(str(directory), "", "no such directory"))
        return library
    competency_files = sorted((directory / "competencies").glob("*.toml"))
    role_files = sorted((directory / "roles").glob("*.toml"))
    if not competency_files and not role_files:
        library.problems.append(
            Problem(str(directory), "", "no competencies/*.toml or roles/*.toml files found")
        )
    for path in competency_files:
        relative = path.relative_to(directory).as_posix()
        spec = _parse(path, relative, CompetencySpec, library)
        if spec is None:
            continue
        if _check_competency(spec, relative, library):
            library.competencies[spec.key] = spec
            library.sources[("competency", spec.key)] = relative
    for path in role_files:
        relative = path.relative_to(directory).as_posix()
        spec = _parse(path, relative, RoleProfileSpec, library)
        if spec is None:
            continue
        if spec.key in library.competencies:
            library.problems.append(
                Problem(
                    relative,
                    "key",
                    f'"{spec.key}" is already used by '
                    f"{library.sources[('competency', spec.key)]}; keys must be unique",
                )
            )
            continue
        if _check_role(spec, relative, library):
            library.roles[spec.key] = spec
            library.sources[("role", spec.key)] = relative
    library.problems.sort(key=lambda p: (p.file, p.severity != "error"))
    return library
