"""Loading the library is idempotent and versioned; export prints what is loaded."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from hiring.db import db
from hiring.library.loading import load_library
from hiring.library.models import Competency, Question, RoleProfile
from hiring.library.validation import validate_directory
from tests.support.library_files import competency_toml, write_library


@pytest.fixture
def library_dir(tmp_path):
    return write_library(tmp_path / "scorecards")


def _load(directory):
    library = validate_directory(directory)
    assert library.errors == []
    result = load_library(library, actor=None)
    db.session.commit()
    return result


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_first_load_creates_version_one_of_everything(app, library_dir):
    with app.app_context():
        result = _load(library_dir)
        assert (result.competencies_created, result.questions_created, result.roles_created) == (
            5,
            15,
            1,
        )
        role = db.session.scalar(select(RoleProfile))
        assert role.version == 1 and role.minimum_score == 2.8
        assert [link.competency.key for link in role.competency_links] == [
            "discovery",
            "closing",
            "objections",
            "resilience",
            "coachability",
        ]
        assert [link.must_have for link in role.competency_links] == [
            True,
            True,
            False,
            False,
            False,
        ]
        assert len(role.default_plan) == 3
        first_question = db.session.get(Question, role.default_plan[0]["question_ids"][0])
        assert first_question.ref == "discovery.q1"


def test_reloading_unchanged_files_creates_nothing(app, library_dir):
    with app.app_context():
        _load(library_dir)
        result = _load(library_dir)
        assert str(result) == "Library unchanged (21 definitions already loaded)."
        assert _count(Competency) == 5 and _count(Question) == 15 and _count(RoleProfile) == 1


def test_a_changed_file_creates_a_new_version_and_old_pins_survive(app, library_dir):
    with app.app_context():
        _load(library_dir)
        old_role = db.session.scalar(select(RoleProfile))
        old_closing = db.session.scalar(select(Competency).where(Competency.key == "closing"))
        old_role_id, old_closing_id = old_role.id, old_closing.id

        text = competency_toml("closing").replace("Clear example.", "Clear, recent example.")
        (library_dir / "competencies" / "closing.toml").write_text(text)
        result = _load(library_dir)
        # The competency changed, so the role that uses it gets a new version too.
        assert (result.competencies_created, result.questions_created, result.roles_created) == (
            1,
            0,
            1,
        )

        closing_versions = db.session.scalars(
            select(Competency).where(Competency.key == "closing").order_by(Competency.version)
        ).all()
        assert [(c.version, c.current) for c in closing_versions] == [(1, False), (2, True)]
        assert closing_versions[1].anchor(3) == "Clear, recent example."
        # What pinned version 1 keeps version 1.
        old_role = db.session.get(RoleProfile, old_role_id)
        assert not old_role.current
        assert old_closing_id in [link.competency_id for link in old_role.competency_links]
        assert db.session.get(Competency, old_closing_id).anchor(3) == "Clear example."


def test_comment_and_formatting_changes_are_not_new_versions(app, library_dir):
    with app.app_context():
        _load(library_dir)
        path = library_dir / "competencies" / "closing.toml"
        path.write_text("# A comment\n\n" + path.read_text())
        assert _load(library_dir).competencies_created == 0


def test_a_question_removed_from_a_file_leaves_the_bank(app, library_dir):
    with app.app_context():
        _load(library_dir)
        text = competency_toml("resilience", questions=4)
        (library_dir / "competencies" / "resilience.toml").write_text(text)
        _load(library_dir)
        assert (
            _count(Question, Question.competency_key == "resilience", Question.current.is_(True))
            == 4
        )
        (library_dir / "competencies" / "resilience.toml").write_text(competency_toml("resilience"))
        result = _load(library_dir)
        assert result.retired == 1
        assert (
            _count(Question, Question.competency_key == "resilience", Question.current.is_(True))
            == 3
        )


def test_cli_validate_load_and_export(app, library_dir):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["library", "validate", str(library_dir)])
    assert result.exit_code == 0, result.output
    assert (
        "5 competencies (15 questions, 0 hypothetical), 1 role profiles: 0 errors" in result.output
    )

    result = runner.invoke(args=["library", "load", str(library_dir)])
    assert result.exit_code == 0, result.output
    assert (
        "Loaded 5 competency, 15 question, 1 role-profile and 0 reference-answer versions"
        in result.output
    )
    result = runner.invoke(args=["library", "load", str(library_dir)])
    assert "Library unchanged" in result.output

    exported = json.loads(runner.invoke(args=["library", "export"]).output)
    assert [c["key"] for c in exported["competencies"]][:2] == ["closing", "coachability"]
    closing = next(c for c in exported["competencies"] if c["key"] == "closing")
    assert closing["anchors"]["1"] == {"label": "Poor", "text": "No example."}
    assert len(closing["questions"]) == 3 and closing["questions"][0]["probes"]
    role = exported["role_profiles"][0]
    assert role["key"] == "account_executive"
    assert role["competencies"][0] == {
        "key": "discovery",
        "version": 1,
        "weight": 3.0,
        "must_have": True,
        "minimum": 3.0,
    }
    assert role["interview_plan"][0]["questions"] == ["discovery.q1", "closing.q1", "objections.q1"]


def test_cli_validate_fails_and_load_refuses_on_errors(app, library_dir):
    (library_dir / "competencies" / "closing.toml").write_text("broken = ")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["library", "validate", str(library_dir)])
    assert result.exit_code == 1
    assert "error: competencies/closing.toml: TOML syntax error" in result.output
    result = runner.invoke(args=["library", "load", str(library_dir)])
    assert result.exit_code == 1 and "Nothing loaded" in result.output
