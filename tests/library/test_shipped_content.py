"""The shipped library's content keeps the bars of a structured interview (issue #12, item 7).

Every behavioural question probes all four STAR parts, including the candidate's own Task; level 1
of every competency means "asked and probed, nothing good heard", never "not assessed" (which
means the topic was not covered); and the setback question stays on work.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hiring.library.schema import CompetencySpec, QuestionType
from hiring.library.validation import validate_directory
from hiring.settings import PROJECT_ROOT

STAR = ("Situation", "Task", "Action", "Result")


@pytest.fixture(scope="module")
def competencies() -> dict[str, CompetencySpec]:
    library = validate_directory(Path(PROJECT_ROOT) / "scorecards")
    assert library.errors == [], "\n".join(map(str, library.errors))
    return library.competencies


def _behavioural(competencies: dict[str, CompetencySpec]) -> list[tuple[str, list[str]]]:
    return [
        (f"{c.key}.{q.key}", list(q.probes))
        for c in competencies.values()
        for q in c.questions
        if q.type == QuestionType.BEHAVIOURAL
    ]


def test_every_behavioural_question_probes_each_star_part(competencies):
    questions = _behavioural(competencies)
    assert len(questions) >= 44
    for key, probes in questions:
        labels = [probe.split(":", 1)[0] for probe in probes]
        missing = [part for part in STAR if part not in labels]
        assert not missing, f"{key} has no {' or '.join(missing)} probe"
        # Probes follow the interview's order: Situation, then Task, Action and Result.
        assert labels[:2] == ["Situation", "Task"], f"{key}: {labels}"


def test_task_probes_are_written_for_their_question_not_pasted(competencies):
    tasks = [
        next(p for p in probes if p.startswith("Task:")) for _, probes in _behavioural(competencies)
    ]
    assert len(set(tasks)) == len(tasks), "the same Task probe is pasted on several questions"
    for task in tasks:
        body = task.removeprefix("Task:").strip()
        assert body.endswith("?") and len(body) >= 40, task
        # A Task probe asks what the candidate owned, in the second person.
        assert re.search(r"\b(you|your|yours)\b", body), task


def test_level_one_is_asked_and_probed_never_not_assessed(competencies):
    not_assessed = re.compile(r"not assessed|not covered|no evidence heard", re.IGNORECASE)
    level_ones = {key: c.anchors[1] for key, c in competencies.items()}
    assert len(level_ones) >= 14
    for key, text in level_ones.items():
        assert text.startswith("Asked and probed:"), f"{key}: {text}"
        assert re.search(r"\bof their own\b", text), f"{key} level 1 names no own example"
        assert re.search(r"\bor (the example|only)\b", text), f"{key} level 1 omits poor evidence"
        assert not not_assessed.search(text), f"{key} level 1 reads like not assessed"
    assert len(set(level_ones.values())) == len(level_ones), "level-1 anchors are pasted"


RISKY_PHRASES = (
    "counting on",
    "counted on",
    "losing something",
    "mean for you",
    "meant to you",
    "personal",
    "private",
    "family",
    "health",
    "loss of",
    "someone",
    "life",
    "feel",
)


def test_the_setback_question_stays_on_professional_setbacks(competencies):
    question = next(
        q for q in competencies["resilience_drive"].questions if q.key == "reset_after_rejection"
    )
    assert question.type == QuestionType.BEHAVIOURAL
    texts = [question.text, *question.probes, *question.look_fors, *question.red_flags]
    for text in texts:
        for phrase in RISKY_PHRASES:
            assert not re.search(rf"\b{phrase}", text, re.IGNORECASE), f"{phrase!r} in {text!r}"
    assert question.text.startswith("Tell me about a specific setback at work")
    for kind in ("deal", "target", "prospect"):
        assert kind in question.text
    labels = [probe.split(":", 1)[0] for probe in question.probes]
    assert set(STAR) <= set(labels)
