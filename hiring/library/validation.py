"""Read and validate a library directory: every problem, each naming file, key path and issue.

The checks of a role-profile file (scorecard, plan, onboarding) live in ``role_checks``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from hiring.library import lint
from hiring.library.files import Library, Problem, lint_problems
from hiring.library.role_checks import check_role
from hiring.library.schema import (
    REFERENCE_ANSWER_WORDS,
    CompetencySpec,
    QuestionSpec,
    QuestionType,
    ReferenceAnswerSpec,
    RoleProfileSpec,
    Scale,
)


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
        library.problems.extend(
            lint_problems(relative, where, _interviewer_texts(question), question.lint_reason)
        )
        library.problems.extend(_check_observable_anchors(spec, question, relative, where))
        library.problems.extend(_check_reference_answers(spec, question, relative, where))
        if question.type == QuestionType.BEHAVIOURAL and lint.is_hypothetical(question.text):
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
    return len(library.errors) == before


def _check_observable_anchors(
    spec: CompetencySpec, question: QuestionSpec, relative: str, where: str
) -> list[Problem]:
    """A work sample is rated on what the interviewer can see: one anchor per level."""
    levels = spec.scale.levels
    span = f"{spec.scale.value} has levels {levels[0]}-{levels[-1]}"
    if question.type != QuestionType.WORK_SAMPLE:
        if question.anchors:
            return [
                Problem(
                    relative,
                    f"{where}.anchors",
                    "only work-sample questions carry their own anchors; "
                    "story questions are rated on the competency's anchors",
                )
            ]
        return []
    if not question.anchors:
        return [
            Problem(
                relative,
                f"{where}.anchors",
                "a work sample needs its own observable anchors: one line per level, from "
                f"level 1 up, saying what the interviewer can see ({span})",
            )
        ]
    if len(question.anchors) != len(levels):
        return [
            Problem(
                relative,
                f"{where}.anchors",
                f"has {len(question.anchors)} anchors; needs exactly {len(levels)}, "
                f"one per level from level 1 up ({span})",
            )
        ]
    return []


def _check_reference_answers(
    spec: CompetencySpec, question: QuestionSpec, relative: str, where: str
) -> list[Problem]:
    """Each reference answer's problems (``reference_answer_problems``), the question lint's
    findings on what a practising interviewer reads of it, and duplicate keys."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, reference in enumerate(question.reference_answers):
        at = f"{where}.reference_answers[{index}]"
        if reference.key in seen:
            problems.append(Problem(relative, f"{at}.key", f'duplicate key "{reference.key}"'))
        seen.add(reference.key)
        problems.extend(
            Problem(relative, f"{at}.{path}", message)
            for path, message in reference_answer_problems(reference, spec.key, spec.scale)
        )
        problems.extend(
            lint_problems(relative, at, reference_texts(reference), question.lint_reason)
        )
    return problems


def reference_answer_problems(
    reference: ReferenceAnswerSpec, competency_key: str, scale: Scale
) -> list[tuple[str, str]]:
    """``(field path, message)`` for a reference answer rated off its competency's scale,
    outside the word range, or whose evidence is not quoted from it. The library files and
    the admin's form in the app both use this."""
    problems: list[tuple[str, str]] = []
    levels = scale.levels
    if reference.rating not in levels:
        problems.append(
            (
                "rating",
                f"rated {reference.rating}, a level {competency_key} does not have "
                f"({scale.value} has levels {levels[0]}-{levels[-1]})",
            )
        )
    words = len(reference.answer.split())
    fewest, most = REFERENCE_ANSWER_WORDS
    if not fewest <= words <= most:
        problems.append(
            (
                "answer",
                f"has {words} words; a reference answer has {fewest}-{most}, enough for "
                "a whole STAR story and short enough to read in a minute",
            )
        )
    spoken = " ".join(reference.answer.split()).casefold()
    for number, quote in enumerate(reference.evidence):
        if " ".join(quote.split()).casefold() not in spoken:
            problems.append((f"evidence[{number}]", "is not quoted word for word from the answer"))
    return problems


def reference_texts(reference: ReferenceAnswerSpec) -> list[tuple[str, str]]:
    """What a practising interviewer reads of a reference answer, for the question lint."""
    return [
        ("answer", reference.answer),
        ("rationale", reference.rationale),
        *((f"evidence[{n}]", quote) for n, quote in enumerate(reference.evidence)),
    ]


def _interviewer_texts(question: QuestionSpec) -> list[tuple[str, str]]:
    """``(key path, text)`` of everything an interviewer reads for ``question``."""
    texts = [("text", question.text)]
    for list_name in ("probes", "look_fors", "red_flags", "anchors"):
        items = getattr(question, list_name)
        texts += [(f"{list_name}[{index}]", item) for index, item in enumerate(items)]
    return texts


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
        if check_role(spec, relative, library):
            library.roles[spec.key] = spec
            library.sources[("role", spec.key)] = relative
    library.problems.sort(key=lambda p: (p.file, p.severity != "error"))
    return library
