"""Reference answers in the library: validated (rating on the scale, length, quoted
evidence, the question lint), loaded with their own versions, exported under each question,
and shipped for every must-have of the shipped role profiles."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hiring.auth.models import Role
from hiring.db import db
from hiring.library.loading import load_library
from hiring.library.models import Question, ReferenceAnswer
from hiring.library.schema import QuestionType
from hiring.library.validation import validate_directory
from hiring.settings import PROJECT_ROOT
from tests.support.library_files import write_library

ANSWER = " ".join(
    ["I asked the buyer what a missed delivery cost them and she said four hundred dollars."] * 8
)


def _with_answer(directory: Path, block: str) -> Path:
    """The test library's discovery competency with ``block`` under its first question."""
    path = directory / "competencies" / "discovery.toml"
    text = path.read_text()
    first_question_end = text.index('red_flags = ["Only hypotheticals"]') + len(
        'red_flags = ["Only hypotheticals"]'
    )
    path.write_text(text[:first_question_end] + "\n" + block + text[first_question_end:])
    return directory


def _answer(rating: str = "rating = 3", **fields: str) -> str:
    values = {
        "key": '"missed_delivery"',
        "answer": f'"""{ANSWER}"""',
        "rationale": '"Meets the level 3 anchor: a clear example."',
        "evidence": '["what a missed delivery cost them"]',
    } | fields
    lines = ["[[questions.reference_answers]]", rating]
    lines += [f"{name} = {value}" for name, value in values.items() if value]
    return "\n".join(line for line in lines if line) + "\n"


def _errors(directory: Path) -> list[str]:
    return [str(p) for p in validate_directory(directory).errors]


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    return write_library(tmp_path / "scorecards")


def test_a_well_formed_answer_validates(library_dir: Path) -> None:
    assert _errors(_with_answer(library_dir, _answer())) == []


def test_an_answer_without_a_rating_is_refused(library_dir: Path) -> None:
    assert (
        "competencies/discovery.toml: questions[0].reference_answers[0].rating: "
        "required key is missing"
    ) in _errors(_with_answer(library_dir, _answer(rating="")))


def test_a_rating_on_a_level_the_scale_lacks_is_refused(library_dir: Path) -> None:
    assert (
        "competencies/discovery.toml: questions[0].reference_answers[0].rating: rated 5, a "
        "level discovery does not have (four_level has levels 1-4)"
    ) in _errors(_with_answer(library_dir, _answer(rating="rating = 5")))


def test_length_and_evidence_are_checked(library_dir: Path) -> None:
    block = _answer(answer='"""Too short to be a real answer."""', evidence='["never said"]')
    errors = _errors(_with_answer(library_dir, block))
    assert any("has 7 words; a reference answer has 100-250" in e for e in errors)
    assert any("evidence[0]: is not quoted word for word from the answer" in e for e in errors)


def test_the_question_lint_reads_the_rationale(library_dir: Path) -> None:
    block = _answer(rationale='"Rated down because she is pregnant and will need leave."')
    assert any("risky topic" in e for e in _errors(_with_answer(library_dir, block)))


def test_answers_load_with_their_own_versions_and_are_exported(
    app: Flask, library_dir: Path
) -> None:
    _with_answer(library_dir, _answer())
    with app.app_context():
        load_library(validate_directory(library_dir), actor=None)
        db.session.commit()
        question_versions = list(db.session.scalars(select(Question.id)))
    text = (library_dir / "competencies" / "discovery.toml").read_text()
    (library_dir / "competencies" / "discovery.toml").write_text(
        text.replace("Meets the level 3 anchor", "Meets the level-3 anchor")
    )
    with app.app_context():
        result = load_library(validate_directory(library_dir), actor=None)
        db.session.commit()
        assert result.reference_answers_created == 1 and result.questions_created == 0
        assert list(db.session.scalars(select(Question.id))) == question_versions
        rows = db.session.scalars(select(ReferenceAnswer).order_by(ReferenceAnswer.id)).all()
        assert [(r.version, r.current) for r in rows] == [(1, False), (2, True)]
    exported = json.loads(app.test_cli_runner().invoke(args=["library", "export"]).output)
    discovery = next(c for c in exported["competencies"] if c["key"] == "discovery")
    first = discovery["questions"][0]
    assert [a["key"] for a in first["reference_answers"]] == ["missed_delivery"]
    assert first["reference_answers"][0]["version"] == 2
    assert first["reference_answers"][0]["rating"] == 3
    assert discovery["questions"][1]["reference_answers"] == []


def test_every_shipped_must_have_has_three_story_and_three_work_sample_answers() -> None:
    library = validate_directory(Path(PROJECT_ROOT) / "scorecards")
    assert library.errors == []
    must_haves = {
        link.key for role in library.roles.values() for link in role.competencies if link.must_have
    }
    for key in must_haves:
        competency = library.competencies[key]
        story = [
            a.rating
            for q in competency.questions
            if q.type != QuestionType.WORK_SAMPLE
            for a in q.reference_answers
        ]
        samples = [q for q in competency.questions if q.type == QuestionType.WORK_SAMPLE]
        assert len(story) >= 3, key
        # Varied in quality: a weak, a middling and a strong answer at least.
        assert len(set(story)) >= 3 and min(story) <= 2 and max(story) == 4, key
        for sample in samples:
            ratings = [a.rating for a in sample.reference_answers]
            assert len(ratings) >= 3 and len(set(ratings)) >= 3, f"{key}.{sample.key}"


def test_an_admin_adds_a_reference_answer_in_the_app_held_to_the_file_rules(
    app: Flask, client: FlaskClient, login: Callable[..., object], loaded_library: Path
) -> None:
    login(roles=[Role.ADMIN])
    with app.app_context():
        question = db.session.scalars(
            select(Question).where(Question.competency_key == "discovery", Question.key == "q1")
        ).one()
        question_id = question.id
    url = f"/library/questions/{question_id}/reference-answers/new"
    form = client.get(url)
    assert form.status_code == 200 and "Repeated, measured impact." in form.text
    short = client.post(
        url, data={"answer": "Too short.", "rating": "3", "rationale": "Clear.", "evidence": "x"}
    )
    assert short.status_code == 400 and "has 2 words; a reference answer has 100-250" in short.text
    misquoted = client.post(
        url,
        data={"answer": ANSWER, "rating": "3", "rationale": "Clear.", "evidence": "never said"},
    )
    assert "is not quoted word for word from the answer" in misquoted.text
    saved = client.post(
        url,
        data={
            "answer": ANSWER,
            "rating": "3",
            "rationale": "A clear example of their own.",
            "evidence": "what a missed delivery cost them",
        },
    )
    assert saved.status_code == 302
    with app.app_context():
        row = db.session.scalars(select(ReferenceAnswer)).one()
        assert (row.origin.value, row.rating, row.current) == ("custom", 3, True)
        assert row.author_id is not None and row.evidence == ["what a missed delivery cost them"]
    page = client.get("/library/competencies/discovery")
    assert "1 reference answer for" in page.text
