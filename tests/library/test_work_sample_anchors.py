"""Work samples are rated on what the interviewer can see (issue #12, item 6).

A role-play or exercise carries its own observable anchors, one per level of its competency's
scale; the validator requires them, loading versions them, export includes them, and the shipped
library has them on all 10 of its work samples.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from hiring.db import db
from hiring.library.export import export_library
from hiring.library.loading import load_library
from hiring.library.models import Question
from hiring.library.schema import QuestionType
from hiring.library.validation import validate_directory
from hiring.settings import PROJECT_ROOT
from tests.support.library_files import competency_toml, write_library

SEEN = [
    "Pitched within the first minute; no question about impact.",
    "Asked one open question, then presented.",
    "Asked open questions about impact; next step without a date.",
    "Asked three open questions about impact before presenting; summarised and got agreement.",
]


def _with_work_sample(anchors: list[str] | None, *, type_: str = "work_sample") -> str:
    """The ``closing`` competency with a fourth question of ``type_`` (and its anchors)."""
    lines = [
        "",
        "[[questions]]",
        'key = "role_play"',
        'text = "Role-play: run the first ten minutes of a discovery call with me."',
        f'type = "{type_}"',
        'probes = ["Action: which questions did you plan?", "Result: what is still missing?"]',
        'look_fors = ["Open questions about impact"]',
        'red_flags = ["Pitches at once"]',
    ]
    if anchors is not None:
        lines.append("anchors = [" + ", ".join(f'"{a}"' for a in anchors) + "]")
    return competency_toml("closing") + "\n".join(lines) + "\n"


@pytest.fixture
def library_dir(tmp_path):
    return write_library(tmp_path / "scorecards")


def _errors(directory: Path) -> list[str]:
    """The errors in closing.toml (a refused competency also breaks the role that uses it)."""
    return [str(p) for p in validate_directory(directory).errors if p.file.startswith("comp")]


def _write(directory: Path, text: str) -> None:
    (directory / "competencies" / "closing.toml").write_text(text)


def test_a_work_sample_without_anchors_is_refused(library_dir):
    _write(library_dir, _with_work_sample(None))
    assert _errors(library_dir) == [
        "competencies/closing.toml: questions[3].anchors: a work sample needs its own "
        "observable anchors: one line per level, from level 1 up, saying what the interviewer "
        "can see (four_level has levels 1-4)"
    ]


def test_a_work_sample_with_the_wrong_number_of_levels_is_refused(library_dir):
    _write(library_dir, _with_work_sample(SEEN[:3]))
    assert _errors(library_dir) == [
        "competencies/closing.toml: questions[3].anchors: has 3 anchors; needs exactly 4, "
        "one per level from level 1 up (four_level has levels 1-4)"
    ]
    _write(library_dir, _with_work_sample([*SEEN, "A fifth level"]))
    assert "has 5 anchors; needs exactly 4" in _errors(library_dir)[0]


def test_a_story_question_may_not_carry_its_own_anchors(library_dir):
    _write(library_dir, _with_work_sample(SEEN, type_="behavioural"))
    assert _errors(library_dir) == [
        "competencies/closing.toml: questions[3].anchors: only work-sample questions carry "
        "their own anchors; story questions are rated on the competency's anchors"
    ]


def test_the_anchors_are_linted_like_every_text_an_interviewer_reads(library_dir):
    _write(
        library_dir, _with_work_sample([*SEEN[:3], "Candidate is over 50 or has young children."])
    )
    errors = _errors(library_dir)
    assert len(errors) == 2  # age and children
    assert all(
        e.startswith("competencies/closing.toml: questions[3].anchors[3]: risky topic")
        for e in errors
    )


def test_loading_stores_them_and_an_edit_makes_a_new_version(app, library_dir):
    _write(library_dir, _with_work_sample(SEEN))
    with app.app_context():
        load_library(validate_directory(library_dir), actor=None)
        db.session.commit()
        first = db.session.scalars(select(Question).where(Question.key == "role_play")).one()
        assert first.type == QuestionType.WORK_SAMPLE and first.anchors == SEEN
        assert first.has_observable_anchors
        exported = next(c for c in export_library()["competencies"] if c["key"] == "closing")
        assert next(q for q in exported["questions"] if q["key"] == "role_play")["anchors"] == SEEN
        # Story questions export as before: no empty anchors key.
        assert "anchors" not in exported["questions"][0]

        unchanged = load_library(validate_directory(library_dir), actor=None)
        assert unchanged.questions_created == 0

        _write(library_dir, _with_work_sample([*SEEN[:3], "Asked about impact and cost."]))
        result = load_library(validate_directory(library_dir), actor=None)
        db.session.commit()
        assert result.questions_created == 1
        versions = db.session.scalars(
            select(Question).where(Question.key == "role_play").order_by(Question.version)
        ).all()
        assert [(q.version, q.current) for q in versions] == [(1, False), (2, True)]
        assert versions[0].anchors == SEEN
        assert versions[1].anchors[3] == "Asked about impact and cost."


def test_the_shipped_library_has_anchors_on_all_ten_work_samples():
    library = validate_directory(Path(PROJECT_ROOT) / "scorecards")
    assert library.errors == [], "\n".join(map(str, library.errors))
    samples = [
        (c, q)
        for c in library.competencies.values()
        for q in c.questions
        if q.type == QuestionType.WORK_SAMPLE
    ]
    assert len(samples) == 10
    for competency, question in samples:
        assert len(question.anchors) == len(competency.scale.levels), question.key
        # Level-distinct, and not the story anchors pasted in.
        assert len(set(question.anchors)) == len(question.anchors), question.key
        assert not set(question.anchors) & set(competency.anchors.values()), question.key
        assert not any(a.startswith("Asked and probed") for a in question.anchors), question.key
