"""The question lint flags protected topics and labels hypotheticals, without crying wolf."""

from __future__ import annotations

import pytest

from hiring.library.lint import is_hypothetical, lint_question


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("How old are you, roughly?", "age"),
        ("When did you graduate from college?", "age"),
        ("Are you married, or planning to start a family?", "family or marital status"),
        ("Who looks after your kids when you travel?", "family or marital status"),
        ("Are you pregnant or planning maternity leave soon?", "pregnancy"),
        ("Which church do you attend on Sundays?", "religion"),
        ("Where were you born?", "national origin or citizenship"),
        ("Are you a US citizen?", "national origin or citizenship"),
        ("Is English your first language?", "national origin or citizenship"),
        ("Do you have any health conditions we should know about?", "disability or health"),
        ("Have you ever been arrested?", "arrests"),
        ("What is your current salary?", "salary history"),
        ("How much did you earn in your last role?", "salary history"),
    ],
)
def test_risky_topics_are_flagged_with_a_reason(text, topic):
    findings = lint_question(text)
    assert findings[0].topic == topic
    assert findings[0].severity == "risk"
    assert findings[0].reason


@pytest.mark.parametrize(
    "text",
    [
        "Are you legally authorised to work in the UK without sponsorship? Citizenship is not required.",
        "Tell me about a deal where the account's health score dropped. What did you do?",
        "Walk me through how you manage your pipeline each week.",
        "Describe a time a customer's family business was at risk of churning.",
        "Tell me about the oldest deal in your pipeline and how you handled it.",
    ],
)
def test_ordinary_sales_questions_are_not_flagged(text):
    assert [f for f in lint_question(text) if f.severity == "risk"] == []


def test_hypothetical_questions_are_labelled_not_refused():
    findings = lint_question("What would you do if a buyer went silent after the demo?")
    assert [(f.topic, f.severity) for f in findings] == [("hypothetical", "label")]
    assert is_hypothetical("Imagine you inherit a territory with no pipeline. How would you start?")
    assert not is_hypothetical("Tell me about a territory you built from nothing.")
