"""The question lint flags protected topics and labels hypotheticals, without crying wolf."""

from __future__ import annotations

from pathlib import Path

import pytest

from hiring.library.lint import RULES, findings_as_data, is_hypothetical, lint_question, load_rules


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("How old are you, roughly?", "age"),
        ("When did you graduate from college?", "age"),
        ("Are you married, or planning to start a family?", "marital status"),
        ("Who looks after your kids when you travel?", "children"),
        ("Are you pregnant or planning maternity leave soon?", "pregnancy and family plans"),
        ("Which church do you attend on Sundays?", "religion"),
        ("Where were you born?", "birthplace"),
        ("Are you a US citizen?", "citizenship"),
        ("Is English your first language?", "accent and native language"),
        ("Do you have any health conditions we should know about?", "health"),
        ("Have you ever been arrested?", "arrests and convictions"),
        ("What is your current salary?", "salary history"),
        ("How much did you earn in your last role?", "salary history"),
        ("Candidate is over 50 or has young children", "age"),
    ],
)
def test_risky_topics_are_flagged_with_why_and_a_rewrite(text, topic):
    findings = {f.topic: f for f in lint_question(text)}
    assert findings[topic].severity == "risk"
    assert findings[topic].why and findings[topic].suggestion and findings[topic].matched


@pytest.mark.parametrize(
    "text",
    [
        "Are you legally authorised to work in the UK without sponsorship?",
        "Tell me about a deal where the account's health score dropped. What did you do?",
        "Walk me through how you manage your pipeline each week.",
        "Describe a time a customer's family business was at risk of churning.",
        "Tell me about the oldest deal in your pipeline and how you handled it.",
    ],
)
def test_ordinary_sales_questions_are_not_flagged(text):
    assert [f for f in lint_question(text) if f.severity == "risk"] == []


def test_an_allowance_covers_only_its_own_clause():
    assert lint_question("Are you a US citizen or authorised to work here?") != []
    assert lint_question("Are you authorised to work in the US as a citizen or visa holder?") == []
    birthplace = lint_question("Are you authorized to work in the US? Where were you born?")
    assert [f.topic for f in birthplace] == ["birthplace"]


def test_a_red_flag_naming_two_topics_gets_both():
    topics = {f.topic for f in lint_question("Candidate is over 50 or has young children")}
    assert topics == {"age", "children"}


def test_findings_as_data_has_the_shape_the_cli_prints():
    assert findings_as_data("Are you in a union?") == [
        {
            "topic": "union membership",
            "severity": "risk",
            "matched": "in a union",
            "why": RULES[[r.topic for r in RULES].index("union membership")].why,
            "suggestion": "Drop it.",
        }
    ]


def test_hypothetical_questions_are_labelled_not_refused():
    findings = lint_question("What would you do if a buyer went silent after the demo?")
    assert [(f.topic, f.severity) for f in findings] == [("hypothetical", "label")]
    assert is_hypothetical("Imagine you inherit a territory with no pipeline. How would you start?")
    assert not is_hypothetical("Tell me about a territory you built from nothing.")


def test_rules_are_data_a_maintainer_can_extend(tmp_path: Path):
    rules = tmp_path / "rules.toml"
    rules.write_text(
        '[words]\nyou = "you\\\\b"\nyour = "your\\\\b"\n\n'
        '[[rule]]\ntopic = "star sign"\nwhy = "Irrelevant."\nsuggestion = "Drop it."\n'
        'about_you = ["star signs?"]\n'
    )
    loaded, candidate = load_rules(rules)
    assert [r.topic for r in loaded] == ["star sign"]
    assert loaded[0].about_you is not None and loaded[0].about_you.search("What star sign?")
    assert candidate.search("What is your star sign?")
