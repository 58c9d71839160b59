"""Custom competencies and questions written in the app, each edit saved as the next version.

Whatever pinned an older version (a plan, a scorecard) keeps reading it. Entries from the
library files are changed in scorecards/ and reloaded, never here. Functions flush (through
``flush_or_conflict``, so two people saving the same new version at once get a clear
message) and never commit.
"""

from __future__ import annotations

import re
from typing import Any, TypedDict, Unpack

from sqlalchemy import func, select

from hiring.audit.services import record
from hiring.auth.models import User
from hiring.db import db
from hiring.domain import Conflict, DomainError, expect_version
from hiring.library import flags, lint
from hiring.library.models import Competency, Origin, Question
from hiring.library.schema import QuestionType, Scale
from hiring.transaction import flush_or_conflict

SAVED_MEANWHILE = (
    "Someone saved a new version of this {what} at the same moment, so yours was not saved. "
    "Your text is still here; open the current version to apply it."
)
NEWER_VERSION = (
    "Someone saved a newer version of this {what} while you were editing, so yours "
    "was not saved. Your text is still here; open the current version to apply it."
)


class CompetencyContent(TypedDict):
    """What a person writes for a competency (``CompetencyForm.content()``)."""

    name: str
    definition: str
    why: str
    anchors: dict[int, str]
    scale: Scale


class QuestionContent(TypedDict):
    """What a person writes for a question (``QuestionForm.content()``)."""

    text: str
    probes: list[str]
    look_fors: list[str]
    red_flags: list[str]
    minutes: int
    #: Why wording the lint flags is needed (empty unless the author keeps it).
    lint_reason: str


def slug(text: str) -> str:
    """A key made of the text's first words (lower-case, underscores)."""
    made = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:40] or "item"
    return made if made[0].isalpha() else f"c_{made}"


def free_key(model: type[Any], base: str, *scope: Any) -> str:
    """``base``, or ``base_2``, ``base_3`` ...: the first key no version of ``model`` uses."""
    key, n = base, 1
    while db.session.scalar(select(func.count(model.id)).where(model.key == key, *scope)):
        n += 1
        key = f"{base}_{n}"
    return key


def _anchor_texts(anchors: dict[int, str], scale: Scale) -> dict[str, str]:
    """One anchor per level of ``scale``, as stored; refuses a scale with a level left blank."""
    missing = [level for level in scale.levels if not anchors.get(level, "").strip()]
    if missing:
        raise DomainError(
            "Write an anchor for every level: missing " + ", ".join(map(str, missing)) + ".",
            field=f"anchor_{missing[0]}",
        )
    return {str(level): anchors[level].strip() for level in scale.levels}


def _require_custom(item: Competency | Question, what: str) -> None:
    if item.origin != Origin.CUSTOM:
        raise DomainError(
            f"This {what} comes from the library files; change it in scorecards/ and reload."
        )
    if not item.current:
        raise Conflict(NEWER_VERSION.format(what=what))


def _competency_row(
    key: str,
    version: int,
    *,
    name: str,
    definition: str,
    why: str,
    anchors: dict[int, str],
    scale: Scale,
    actor: User,
) -> Competency:
    competency = Competency(
        key=key,
        version=version,
        current=True,
        content_hash="custom",
        name=name.strip(),
        definition=definition.strip(),
        why=why.strip(),
        scale=scale,
        anchors=_anchor_texts(anchors, scale),
        origin=Origin.CUSTOM,
        author_id=actor.id,
    )
    db.session.add(competency)
    flush_or_conflict(SAVED_MEANWHILE.format(what="competency"), field="name")
    return competency


def create_custom_competency(*, actor: User, **content: Unpack[CompetencyContent]) -> Competency:
    """Version 1 of a new competency, credited to ``actor``."""
    key = free_key(Competency, "custom_" + slug(content["name"]))
    competency = _competency_row(key, 1, actor=actor, **content)
    record(
        "competency.created",
        competency,
        actor=actor,
        label=competency.name,
        after={"key": competency.key, "name": competency.name},
    )
    return competency


def revise_custom_competency(
    competency: Competency,
    *,
    expected_version: int,
    actor: User,
    **content: Unpack[CompetencyContent],
) -> Competency:
    """Save an edit of the version the person opened as the next version."""
    _require_custom(competency, "competency")
    expect_version(competency, expected_version, NEWER_VERSION.format(what="competency"))
    revised = _competency_row(competency.key, competency.version + 1, actor=actor, **content)
    competency.current = False
    record(
        "competency.revised",
        revised,
        actor=actor,
        label=revised.name,
        before={"version": competency.version, "name": competency.name},
        after={"version": revised.version, "name": revised.name},
    )
    return revised


def _question_row(
    competency_key: str,
    key: str,
    version: int,
    *,
    text: str,
    probes: list[str],
    look_fors: list[str],
    red_flags: list[str],
    minutes: int,
    lint_reason: str,
    actor: User,
) -> Question:
    """A question version; thin probes are refused, and so is risky wording in anything an
    interviewer reads (question, probes, look-fors, red flags) unless the author says why
    it is needed, which saves it flagged for an admin's review."""
    probes, look_fors, red_flags = (
        [p.strip() for p in items if p.strip()] for items in (probes, look_fors, red_flags)
    )
    findings = lint.findings_for(text=text, probes=probes, look_fors=look_fors, red_flags=red_flags)
    if len(probes) < 2:
        raise DomainError("Add at least two STAR probes, one per line.", field="probes")
    hypothetical = any(f["topic"] == "hypothetical" for f in findings)
    question = Question(
        competency_key=competency_key,
        key=key,
        version=version,
        current=True,
        content_hash="custom",
        text=text.strip(),
        type=QuestionType.HYPOTHETICAL if hypothetical else QuestionType.BEHAVIOURAL,
        minutes=minutes,
        probes=probes,
        look_fors=look_fors,
        red_flags=red_flags,
        origin=Origin.CUSTOM,
        author_id=actor.id,
    )
    kept = flags.apply_findings(question, findings, lint_reason)
    db.session.add(question)
    flush_or_conflict(SAVED_MEANWHILE.format(what="question"), field="text")
    if kept:
        flags.record_kept(question, actor=actor, label=question.text[:200])
    return question


def create_custom_question(
    competency: Competency, *, actor: User, **content: Unpack[QuestionContent]
) -> Question:
    """Add a question to a competency's bank, credited to ``actor``."""
    scope = (Question.competency_key == competency.key,)
    key = free_key(Question, "custom_" + slug(content["text"]), *scope)
    question = _question_row(competency.key, key, 1, actor=actor, **content)
    record(
        "question.created",
        question,
        actor=actor,
        label=question.text[:120],
        after={"competency": competency.key, "text": question.text},
    )
    return question


def revise_custom_question(
    question: Question, *, actor: User, **content: Unpack[QuestionContent]
) -> Question:
    """Save an edit as the next version; plans that chose the old version keep asking it."""
    _require_custom(question, "question")
    competency = db.session.scalars(
        select(Competency).where(
            Competency.key == question.competency_key, Competency.current.is_(True)
        )
    ).first()
    if competency is None:
        raise DomainError("The competency of this question is no longer in the library.")
    revised = _question_row(
        competency.key, question.key, question.version + 1, actor=actor, **content
    )
    question.current = False
    record(
        "question.revised",
        revised,
        actor=actor,
        label=revised.text[:120],
        before={"version": question.version, "text": question.text},
        after={"version": revised.version, "text": revised.text},
    )
    return revised
