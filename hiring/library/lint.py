"""The question lint: flags interview questions that touch protected or risky topics.

Asking about these in many jurisdictions is unlawful or invites discrimination claims, and
none of them predicts job performance. Hypothetical ("what would you do") questions are
allowed but labelled, because they measure intentions, not past behaviour.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Severity = Literal["risk", "label"]


@dataclass(frozen=True)
class Finding:
    topic: str
    severity: Severity
    reason: str
    matched: str

    def __str__(self) -> str:
        return f"{self.topic}: {self.reason} (matched “{self.matched}”)"


@dataclass(frozen=True)
class _Rule:
    topic: str
    pattern: re.Pattern[str]
    reason: str
    severity: Severity = "risk"
    #: Text that makes a match acceptable (e.g. asking only about work authorisation).
    allowed: re.Pattern[str] | None = None


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")", re.IGNORECASE)


RULES: tuple[_Rule, ...] = (
    _Rule(
        "age",
        _words(
            r"how old",
            r"your age",
            r"date of birth",
            r"year of birth",
            r"birth ?date",
            r"when were you born",
            r"when did you graduate",
            r"graduation year",
            r"plan(?:ning)? to retire",
            r"retirement plans",
            r"too (?:young|old)",
        ),
        "Age is protected; questions about it (or proxies like graduation year) invite "
        "age-discrimination claims.",
    ),
    _Rule(
        "family or marital status",
        _words(
            r"married",
            r"marital",
            r"spouse",
            r"husband",
            r"wife",
            r"maiden name",
            r"children",
            r"kids\b",
            r"childcare",
            r"child care",
            r"family plans",
            r"start a family",
            r"single (?:mother|father|parent)",
            r"boyfriend",
            r"girlfriend",
        ),
        "Family and marital status are protected; ask about availability for the job's "
        "actual demands instead.",
    ),
    _Rule(
        "pregnancy",
        _words(r"pregnan", r"maternity", r"paternity", r"expecting a baby", r"parental leave"),
        "Pregnancy and parental plans are protected and must not influence hiring.",
    ),
    _Rule(
        "religion",
        _words(
            r"religio",
            r"church",
            r"mosque",
            r"synagogue",
            r"temple",
            r"\bpray",
            r"holy days?",
            r"sabbath",
            r"your faith",
            r"worship",
        ),
        "Religion is protected; ask whether the candidate can work the job's schedule instead.",
    ),
    _Rule(
        "national origin or citizenship",
        _words(
            r"where (?:are|were) you (?:born|from)",
            r"nationality",
            r"citizen",
            r"native (?:language|tongue|country)",
            r"your accent",
            r"ethnic",
            r"country of origin",
            r"immigra",
            r"visa",
            r"green card",
            r"mother tongue",
            r"first language",
        ),
        "National origin and citizenship are protected; only ask whether the candidate is "
        "authorised to work in the country.",
        allowed=re.compile(
            r"authori[sz]ed to work|work authori[sz]ation|right to work|permitted to work",
            re.IGNORECASE,
        ),
    ),
    _Rule(
        "disability or health",
        _words(
            r"disab",
            r"handicap",
            r"medical",
            r"health (?:condition|problem|issue)s?",
            r"your health",
            r"illness",
            r"sick (?:days|leave)",
            r"medication",
            r"mental health",
            r"injur",
            r"workers'? comp",
            r"chronic",
        ),
        "Disability and health are protected; ask whether the candidate can perform the "
        "job's essential functions, with or without accommodation.",
    ),
    _Rule(
        "arrests",
        _words(r"arrest", r"criminal record", r"police record", r"\bjail", r"prison"),
        "Arrest records are not convictions and are a common source of disparate impact; "
        "criminal-history checks belong to a separate, lawful process.",
    ),
    _Rule(
        "salary history",
        _words(
            r"salary history",
            r"(?:current|previous|past|last|prior) (?:salary|pay|"
            r"compensation|base|OTE|earnings)",
            r"how much (?:do|did) you (?:make|earn)",
            r"what (?:do|did) you (?:make|earn)",
            r"pay stub",
        ),
        "Many places ban salary-history questions, and they carry past pay gaps forward; "
        "ask about expectations instead.",
    ),
    _Rule(
        "hypothetical",
        _words(
            r"what would you do",
            r"how would you",
            r"what would you",
            r"imagine (?:that|you)",
            r"suppose",
            r"if you were",
        ),
        "Hypothetical question: it shows how the candidate thinks, not what they have done; "
        "pair it with a behavioural question where you can.",
        severity="label",
    ),
)


def lint_question(text: str) -> list[Finding]:
    """Every finding for ``text``: risky topics first, then labels."""
    findings = []
    for rule in RULES:
        match = rule.pattern.search(text)
        if match is None or (rule.allowed is not None and rule.allowed.search(text)):
            continue
        findings.append(Finding(rule.topic, rule.severity, rule.reason, match.group(0)))
    return sorted(findings, key=lambda f: f.severity != "risk")


def is_hypothetical(text: str) -> bool:
    return any(f.topic == "hypothetical" for f in lint_question(text))


def findings_as_data(text: str) -> list[dict[str, str]]:
    """``lint_question`` as plain data: what a question row stores and ``/library/lint`` answers."""
    return [
        {"topic": f.topic, "severity": f.severity, "reason": f.reason, "matched": f.matched}
        for f in lint_question(text)
    ]
