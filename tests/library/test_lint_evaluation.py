"""The lint measured on its own evaluation set (tests/library/lint_evaluation.toml): natural
questions, written before the rules, that a lint people can trust must sort correctly."""

from __future__ import annotations

import tomllib
from pathlib import Path

from hiring.library.lint import RULES, risks

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
