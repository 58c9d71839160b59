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
#: "question": said to the candidate; "described": about them (look-fors, red flags, instructions).
Voice = Literal["question", "described"]

RULES_FILE = Path(__file__).with_name("lint_rules.toml")

#: Where a clause ends: punctuation, and the words that start a new clause or a new subject.
_CLAUSE_END = re.compile(
    r"[.?!;,:\n]+|\s[-\u2013\u2014]\s|\b(?:and|or|but|when|while|whose|who|whom|which|that|because|"
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
    #: Described voice only (look-fors, red flags, instructions): count in a clause that
    #: names the candidate or nobody else, since such texts are about the candidate.
    described: re.Pattern[str] | None = None


def _compile(alternatives: list[str], words: dict[str, str]) -> re.Pattern[str] | None:
    if not alternatives:
        return None
    expanded = []
    for pattern in alternatives:
        for name, value in words.items():
            pattern = pattern.replace("{" + name + "}", value)
        expanded.append(f"(?:{pattern})")
    return re.compile(r"\b(?:" + "|".join(expanded) + ")", re.IGNORECASE)


def load_rules(
    path: Path = RULES_FILE, voice: Voice = "question"
) -> tuple[tuple[Rule, ...], re.Pattern[str]]:
    """The rules of ``path`` in one voice, and the pattern that says a clause is about the
    candidate. ``question`` speaks to the candidate ("are you married?"); ``described``
    speaks of them (look-fors, red flags, stage instructions: "ask whether she is married")."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    words: dict[str, str] = data["words" if voice == "question" else "words_described"]
    rules = tuple(
        Rule(
            topic=rule["topic"],
            severity=cast(Severity, rule.get("severity", "risk")),
            why=rule["why"],
            suggestion=rule["suggestion"],
            phrases=_compile(rule.get("phrases", []), words),
            about_you=_compile(rule.get("about_you", []), words),
            allow=_compile(rule.get("allow", []), words),
            described=_compile(rule.get("described", []), words) if voice != "question" else None,
        )
        for rule in data["rule"]
    )
    candidate = re.compile(rf"\b(?:{words['your']}|{words['you']}|yours\b)", re.IGNORECASE)
    return rules, candidate


def _others() -> re.Pattern[str]:
    """Who else a described text may be about (the buyer in a role-play, a customer)."""
    data = tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))
    return re.compile(rf"\b{data['words_described']['others']}", re.IGNORECASE)


RULES, _CANDIDATE = load_rules()
DESCRIBED_RULES, _DESCRIBED_CANDIDATE = load_rules(voice="described")
_OTHERS = _others()


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


def _first_match(
    rule: Rule,
    text: str,
    clauses: list[tuple[int, str]],
    candidate: re.Pattern[str],
    implied: bool,
) -> str | None:
    """The first words of ``text`` that ``rule`` counts. With ``implied`` (the described
    voice) the candidate is the subject of a clause that names nobody else ("Red flag: has
    young children")."""
    for pattern, needs_candidate in (
        (rule.phrases, False),
        (rule.about_you, True),
        (rule.described, True),
    ):
        if pattern is None:
            continue
        for match in pattern.finditer(text):
            clause = _clause_at(clauses, match.start())
            if rule.allow is not None and rule.allow.search(clause):
                continue
            if needs_candidate and not (
                candidate.search(clause) or (implied and not _OTHERS.search(clause))
            ):
                continue
            return match.group(0)
    return None


def lint_question(text: str, voice: Voice = "question") -> list[Finding]:
    """Every finding for ``text`` (one per topic): risky topics first, then labels."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    clauses = _clauses(text)
    rules, candidate = (
        (RULES, _CANDIDATE) if voice == "question" else (DESCRIBED_RULES, _DESCRIBED_CANDIDATE)
    )
    findings = []
    for rule in rules:
        matched = _first_match(rule, text, clauses, candidate, implied=voice == "described")
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


#: The hypothetical label is about the question itself; a probe or an instruction may well
#: say "what would you do", so elsewhere only risky topics are reported.
QUESTION_TEXT = "text"
#: Fields said to the candidate; the others (look-fors, red flags, instructions, anchors)
#: describe the candidate to the interviewer, in the third person.
SPOKEN = frozenset({"text", "probes"})


def findings_for(**fields: str | list[str]) -> list[dict[str, str]]:
    """Findings for every text an interviewer reads (a question and its probes, look-fors and
    red flags, or a stage's instructions), each tagged with its ``field`` and, for a list,
    the ``line`` it came from. Labels are kept for the question text only."""
    found: list[dict[str, str]] = []
    for name, value in fields.items():
        voice: Voice = "question" if name in SPOKEN else "described"
        for line in [value] if isinstance(value, str) else value:
            for finding in _both_voices(line, voice):
                if finding.severity == "risk" or name == QUESTION_TEXT:
                    found.append(finding.as_data() | {"field": name, "line": line.strip()})
    return found


def _both_voices(text: str, voice: Voice) -> list[Finding]:
    """A described text is also read as a question: a red flag may quote one ("asks 'are you
    married?'"). One finding per topic."""
    findings = lint_question(text, voice)
    if voice == "described":
        topics = {f.topic for f in findings}
        findings += [f for f in lint_question(text) if f.topic not in topics]
    return findings
