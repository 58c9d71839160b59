"""The lint measured on its own evaluation sets, written before the rules: natural questions
(tests/library/lint_evaluation.toml) and texts that describe the candidate, as look-fors, red
flags and stage instructions do (lint_evaluation_described.toml). A lint people can trust must
sort both correctly."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from hiring.library.lint import RULES, findings_for, risks

SET = tomllib.loads(Path(__file__).with_name("lint_evaluation.toml").read_text(encoding="utf-8"))
UNLAWFUL = [(topic, q) for topic, questions in SET["unlawful"].items() for q in questions]
LAWFUL: list[str] = SET["lawful"]["questions"]


def test_the_set_is_big_enough_and_covers_every_topic():
    assert len(UNLAWFUL) >= 80 and len(LAWFUL) >= 70 and len(UNLAWFUL) + len(LAWFUL) >= 150
    rule_topics = {r.topic for r in RULES if r.severity == "risk"}
    set_topics = {topic.replace("_", " ") for topic in SET["unlawful"]}
    assert {t.replace(",", "") for t in rule_topics} == set_topics
    assert all(len(questions) >= 3 for questions in SET["unlawful"].values())


def test_recall_is_at_least_95_percent():
    missed = [f"{topic}: {q}" for topic, q in UNLAWFUL if not risks(q)]
    recall = 1 - len(missed) / len(UNLAWFUL)
    assert recall >= 0.95, f"recall {recall:.1%}; missed:\n" + "\n".join(missed)


def test_false_positives_are_at_most_5_percent():
    flagged = [f"{q} -> {[str(f.matched) for f in risks(q)]}" for q in LAWFUL if risks(q)]
    rate = len(flagged) / len(LAWFUL)
    assert rate <= 0.05, f"false positives {rate:.1%}:\n" + "\n".join(flagged)


def test_each_unlawful_question_is_flagged_under_its_own_topic_mostly():
    """Recall counts any risk; the topic shown to the author should also be the right one."""
    wrong = [
        f"{topic}: {q}"
        for topic, q in UNLAWFUL
        if risks(q) and topic.replace("_", " ") not in {f.topic.replace(",", "") for f in risks(q)}
    ]
    assert len(wrong) <= len(UNLAWFUL) * 0.1, "\n".join(wrong)


DESCRIBED = tomllib.loads(
    Path(__file__).with_name("lint_evaluation_described.toml").read_text(encoding="utf-8")
)
DESCRIBED_UNLAWFUL = [(t, q) for t, texts in DESCRIBED["unlawful"].items() for q in texts]
DESCRIBED_LAWFUL: list[str] = DESCRIBED["lawful"]["texts"]


def _described_risks(text: str) -> list[str]:
    return [f["topic"] for f in findings_for(red_flags=[text]) if f["severity"] == "risk"]


def test_the_described_set_covers_every_topic():
    assert len(DESCRIBED_UNLAWFUL) >= 80 and len(DESCRIBED_LAWFUL) >= 50
    assert set(DESCRIBED["unlawful"]) == set(SET["unlawful"])


@pytest.mark.parametrize("field", ["look_fors", "red_flags", "instructions"])
def test_described_texts_recall_at_least_95_percent_and_false_positives_at_most_5(field):
    def found(text: str) -> bool:
        return any(f["severity"] == "risk" for f in findings_for(**{field: [text]}))

    missed = [f"{topic}: {q}" for topic, q in DESCRIBED_UNLAWFUL if not found(q)]
    recall = 1 - len(missed) / len(DESCRIBED_UNLAWFUL)
    assert recall >= 0.95, f"recall {recall:.1%}; missed:\n" + "\n".join(missed)
    flagged = [q for q in DESCRIBED_LAWFUL if found(q)]
    rate = len(flagged) / len(DESCRIBED_LAWFUL)
    assert rate <= 0.05, f"false positives {rate:.1%}:\n" + "\n".join(flagged)


def test_a_described_text_speaks_of_the_candidate_not_of_the_buyer():
    assert _described_risks("Red flag: has young children.") == ["children"]
    assert _described_risks("Play the buyer: a CFO whose children run the family firm.") == []
    # A quoted question inside a red flag is still read as a question.
    assert _described_risks("Red flag: asks the buyer 'are you married?'") == ["marital status"]
