"""The question lint: flags interview texts that touch protected or risky topics.

Asking about these is unlawful or invites discrimination claims in the US (EEOC, state bans)
and the UK (Equality Act), and none of them predicts job performance. Hypothetical ("what
would you do") questions are allowed but labelled, because they measure intentions, not past
behaviour.

The rules are data (``lint_rules.toml``, read once at import) so a maintainer extends them
without touching this engine. Two things keep the lint from crying wolf on sales talk:
phrases match on word boundaries, and weak words ("union", "pregnant", "medication") count
only in a clause that speaks of the candidate ("are you in a union", not "the union of two
datasets"). An allowance ("authorised to work") excuses only the clause it is in.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

Severity = Literal["risk", "label"]

RULES_FILE = Path(__file__).with_name("lint_rules.toml")

#: Where a clause ends: punctuation, and the words that start a new clause or a new subject.
_CLAUSE_END = re.compile(
    r"[.?!;,:]+|\s[-\u2013\u2014]\s|\b(?:and|or|but|when|while|whose|who|whom|which|that|because|"
    r"after|if|since|until|so)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    topic: str
    severity: Severity
    matched: str
    why: str
    suggestion: str

    def __str__(self) -> str:
        return f"{self.topic}: {self.why} (matched “{self.matched}”) Try: {self.suggestion}"

    def as_data(self) -> dict[str, str]:
        """The shape the CLI prints, ``/library/lint`` answers and a question row stores."""
        return {
            "topic": self.topic,
            "severity": self.severity,
            "matched": self.matched,
            "why": self.why,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class Rule:
    topic: str
    severity: Severity
    why: str
    suggestion: str
    #: Meaning-bearing wherever they occur.
    phrases: re.Pattern[str] | None
    #: Count only in a clause that also names the candidate.
    about_you: re.Pattern[str] | None
    #: Excuses a match in the same clause.
    allow: re.Pattern[str] | None


def _compile(alternatives: list[str], words: dict[str, str]) -> re.Pattern[str] | None:
    if not alternatives:
        return None
    expanded = []
    for pattern in alternatives:
        for name, value in words.items():
            pattern = pattern.replace("{" + name + "}", value)
        expanded.append(f"(?:{pattern})")
    return re.compile(r"\b(?:" + "|".join(expanded) + ")", re.IGNORECASE)


def load_rules(path: Path = RULES_FILE) -> tuple[tuple[Rule, ...], re.Pattern[str]]:
    """The rules of ``path``, and the pattern that says a clause is about the candidate."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    words: dict[str, str] = data["words"]
    rules = tuple(
        Rule(
            topic=rule["topic"],
            severity=cast(Severity, rule.get("severity", "risk")),
            why=rule["why"],
            suggestion=rule["suggestion"],
            phrases=_compile(rule.get("phrases", []), words),
            about_you=_compile(rule.get("about_you", []), words),
            allow=_compile(rule.get("allow", []), words),
        )
        for rule in data["rule"]
    )
    candidate = re.compile(rf"\b(?:{words['your']}|{words['you']}|yours\b)", re.IGNORECASE)
    return rules, candidate


RULES, _CANDIDATE = load_rules()


def _clauses(text: str) -> list[tuple[int, str]]:
    """``(start, clause)`` for every clause of ``text``, in order."""
    clauses, start = [], 0
    for end in _CLAUSE_END.finditer(text):
        clauses.append((start, text[start : end.start()]))
        start = end.end()
    clauses.append((start, text[start:]))
    return clauses


def _clause_at(clauses: list[tuple[int, str]], position: int) -> str:
    return next(clause for start, clause in reversed(clauses) if start <= position)


def _first_match(rule: Rule, text: str, clauses: list[tuple[int, str]]) -> str | None:
    for pattern, needs_candidate in ((rule.phrases, False), (rule.about_you, True)):
        if pattern is None:
            continue
        for match in pattern.finditer(text):
            clause = _clause_at(clauses, match.start())
            if rule.allow is not None and rule.allow.search(clause):
                continue
            if needs_candidate and not _CANDIDATE.search(clause):
                continue
            return match.group(0)
    return None


def lint_question(text: str) -> list[Finding]:
    """Every finding for ``text`` (one per topic): risky topics first, then labels."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    clauses = _clauses(text)
    findings = []
    for rule in RULES:
        matched = _first_match(rule, text, clauses)
        if matched is not None:
            findings.append(Finding(rule.topic, rule.severity, matched, rule.why, rule.suggestion))
    return sorted(findings, key=lambda f: f.severity != "risk")


def risks(text: str) -> list[Finding]:
    return [f for f in lint_question(text) if f.severity == "risk"]


def is_hypothetical(text: str) -> bool:
    return any(f.topic == "hypothetical" for f in lint_question(text))


def findings_as_data(text: str) -> list[dict[str, str]]:
    """``lint_question`` as plain data: what a question row stores and ``/library/lint`` answers."""
    return [f.as_data() for f in lint_question(text)]
