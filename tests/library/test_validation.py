"""The library validator: every broken file is reported with file, key path and problem."""

from __future__ import annotations

import pytest

from hiring.library.validation import validate_directory
from tests.support.library_files import competency_toml, role_toml, write_library


@pytest.fixture
def library_dir(tmp_path):
    return write_library(tmp_path / "scorecards")


def messages(directory, severity="error"):
    library = validate_directory(directory)
    return [str(p) for p in library.problems if p.severity == severity]


def test_the_valid_library_has_no_errors(library_dir):
    library = validate_directory(library_dir)
    assert library.errors == []
    assert set(library.competencies) == {
        "discovery",
        "closing",
        "objections",
        "resilience",
        "coachability",
    }
    assert set(library.roles) == {"account_executive"}


def test_syntax_error(library_dir):
    (library_dir / "competencies" / "closing.toml").write_text('key = "closing"\nname = \n')
    assert messages(library_dir) == [
        "competencies/closing.toml: TOML syntax error: Invalid value (at line 2, column 8)",
        # The role can no longer resolve the competency that failed to parse.
        'roles/account_executive.toml: competencies[1].key: unknown competency "closing"',
    ]


def test_missing_anchor_level(library_dir):
    (library_dir / "competencies" / "closing.toml").write_text(
        competency_toml("closing", anchors={1: "a", 2: "b", 4: "d"})
    )
    assert messages(library_dir)[0] == (
        "competencies/closing.toml: anchors: missing the anchor for level 3 "
        "(four_level has levels 1-4)"
    )


def test_anchor_for_a_level_the_scale_lacks(library_dir):
    (library_dir / "competencies" / "closing.toml").write_text(
        competency_toml("closing", anchors={1: "a", 2: "b", 3: "c", 4: "d", 5: "e"})
    )
    assert (
        messages(library_dir)[0]
        == "competencies/closing.toml: anchors.5: four_level has no level 5"
    )


def test_unknown_competency_reference(library_dir):
    text = role_toml().replace('key = "objections"', 'key = "objectoins"')
    (library_dir / "roles" / "account_executive.toml").write_text(text)
    assert (
        'roles/account_executive.toml: competencies[2].key: unknown competency "objectoins"'
        in messages(library_dir)
    )


def test_unknown_question_reference(library_dir):
    text = role_toml().replace('"discovery.q3"', '"discovery.q9"')
    (library_dir / "roles" / "account_executive.toml").write_text(text)
    assert messages(library_dir) == [
        'roles/account_executive.toml: interview_plan[2].questions[0]: unknown question "discovery.q9"'
    ]


def test_duplicate_keys(library_dir):
    text = competency_toml("closing").replace('key = "q2"', 'key = "q1"')
    (library_dir / "competencies" / "closing.toml").write_text(text)
    assert messages(library_dir)[0] == (
        'competencies/closing.toml: questions[1].key: duplicate question key "q1" (also questions[0])'
    )


def test_competency_listed_twice_in_a_role(library_dir):
    text = role_toml(competencies=("discovery", "closing", "objections", "resilience", "discovery"))
    (library_dir / "roles" / "account_executive.toml").write_text(text)
    assert (
        'roles/account_executive.toml: competencies[4].key: competency "discovery" is listed twice'
        in messages(library_dir)
    )


def test_empty_question_bank(library_dir):
    (library_dir / "competencies" / "closing.toml").write_text(
        competency_toml("closing", questions=0)
    )
    assert (
        messages(library_dir)[0] == "competencies/closing.toml: questions: required key is missing"
    )
    text = competency_toml("closing", questions=0).replace(
        "[anchors]", "questions = []\n\n[anchors]"
    )
    (library_dir / "competencies" / "closing.toml").write_text(text)
    assert (
        messages(library_dir)[0]
        == "competencies/closing.toml: questions: needs at least 3 items, has 0"
    )


def test_key_must_match_file_name(library_dir):
    (library_dir / "competencies" / "closing.toml").write_text(competency_toml("closer"))
    assert (
        messages(library_dir)[0]
        == 'competencies/closing.toml: key: "closer" does not match the file name "closing.toml"'
    )


def test_all_errors_are_listed_at_once(library_dir):
    (library_dir / "competencies" / "closing.toml").write_text(
        competency_toml("closing", anchors={1: "a"}).replace(
            "minutes = 5\n", 'minutes = 5\ncolour = "red"\n', 1
        )
    )
    (library_dir / "competencies" / "resilience.toml").write_text("not toml at all [")
    found = messages(library_dir)
    assert (
        "competencies/closing.toml: questions[0].colour: unknown key (check the spelling against scorecards/README.md)"
        in found
    )
    assert any(m.startswith("competencies/resilience.toml: TOML syntax error") for m in found)
    assert len(found) >= 3


def test_risky_questions_are_errors_and_hypotheticals_are_labelled(library_dir):
    text = (
        competency_toml("closing")
        .replace(
            "Tell me about a time you showed closing (example 1).",
            "Do you have children who might affect your travel?",
        )
        .replace(
            "Tell me about a time you showed closing (example 2).",
            "What would you do if a buyer went silent?",
        )
    )
    (library_dir / "competencies" / "closing.toml").write_text(text)
    errors = messages(library_dir)
    assert errors[0].startswith(
        "competencies/closing.toml: questions[0].text: risky topic, children:"
    )
    assert messages(library_dir, "warning")[0].startswith(
        'competencies/closing.toml: questions[1].text: reads as hypothetical ("what would you do")'
    )


def test_coverage_and_timing_are_warned(library_dir):
    text = role_toml().replace("duration_minutes = 45", "duration_minutes = 12")
    # Leave "closing" (a must-have) in the phone screen only.
    text = text.replace(
        '"objections", "resilience", "coachability"]\nquestions = ["discovery.q2", "closing.q2"',
        '"objections", "resilience", "coachability"]\nquestions = ["discovery.q2"',
    )
    text = text.replace(
        'focus = ["discovery", "closing", "objections", "resilience"',
        'focus = ["discovery", "objections", "resilience"',
    )
    text = text.replace(
        'focus = ["discovery", "closing"]\nquestions = ["discovery.q3", "closing.q3"]',
        'focus = ["discovery"]\nquestions = ["discovery.q3"]',
    )
    (library_dir / "roles" / "account_executive.toml").write_text(text)
    assert messages(library_dir, "warning") == [
        "roles/account_executive.toml: interview_plan: Closing is a must-have but only one stage "
        "assesses it; plan at least two independent assessments.",
        'roles/account_executive.toml: interview_plan[2]: Stage "role_play" holds 15 minutes of '
        "questions, introduction and candidate questions but lasts 12 minutes.",
    ]


def test_onboarding_days_must_fall_in_their_phase(library_dir):
    text = role_toml().replace("day = 3", "day = 45")
    (library_dir / "roles" / "account_executive.toml").write_text(text)
    assert messages(library_dir) == [
        "roles/account_executive.toml: onboarding.items[0].day: day 45 is outside the learn phase (days 1-30)"
    ]


def test_missing_directory(tmp_path):
    assert messages(tmp_path / "nope") == [f"{tmp_path / 'nope'}: no such directory"]


def test_every_text_an_interviewer_reads_is_linted_and_a_written_reason_accepts_it(library_dir):
    text = (
        competency_toml("closing")
        .replace('"Result: what happened?"]', '"Result: and who looks after your kids?"]', 1)
        .replace('red_flags = ["Only hypotheticals"]', 'red_flags = ["Candidate is over 50"]', 1)
    )
    (library_dir / "competencies" / "closing.toml").write_text(text)
    role = role_toml().replace(
        'instructions = "Ask the questions in order and take notes."',
        'instructions = "Ask where the candidate is from originally."',
        1,
    )
    (library_dir / "roles" / "account_executive.toml").write_text(role)
    errors = [e for e in messages(library_dir) if ": risky topic, " in e]
    assert [e.split(": risky topic, ")[0] for e in errors] == [
        "competencies/closing.toml: questions[0].probes[1]",  # children
        "competencies/closing.toml: questions[0].probes[1]",  # childcare
        "competencies/closing.toml: questions[0].red_flags[0]",
        "roles/account_executive.toml: interview_plan[0].instructions",
    ]
    assert "children:" in errors[0] and "Try:" in errors[0] and "lint_reason" in errors[0]
    justified = text.replace(
        "minutes = 5\n",
        'minutes = 5\nlint_reason = "Reviewed by counsel: kept to show interviewers a bad probe."\n',
        1,
    )
    (library_dir / "competencies" / "closing.toml").write_text(justified)
    role = role.replace(
        "duration_minutes = 40\n",
        'duration_minutes = 40\nlint_reason = "Quoted as what not to ask."\n',
        1,
    )
    (library_dir / "roles" / "account_executive.toml").write_text(role)
    assert messages(library_dir) == []
