"""The library in the database: versioned competencies, questions and role profiles.

Rows are never edited in place once something may point at them: a changed definition is a
new row with the next version number, and ``current`` marks the one new work should use.
Whatever pinned an old version (a position, a plan, a scorecard) keeps reading it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from hiring.db import Model, UTCDateTime, utcnow, value_enum
from hiring.library.schema import QuestionType, Scale

if TYPE_CHECKING:
    from hiring.auth.models import User


class Origin(enum.StrEnum):
    LIBRARY = "library"  # loaded from scorecards/
    CUSTOM = "custom"  # written in the app by an admin or hiring manager


class LintFlag:
    """What the question lint found in the texts an interviewer reads, and what people decided.

    A risky finding never silently blocks: the author either rewrites the text or saves it
    with a written ``lint_reason``, and the row then shows as flagged (in the library and the
    plan editor) until an admin clears it. Findings are data:
    ``{"topic", "severity", "matched", "why", "suggestion", "field", "line"}``.
    """

    lint: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    #: Why the author kept wording the lint flags (empty when nothing risky was found).
    lint_reason: Mapped[str] = mapped_column(Text, default="")
    lint_cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    lint_cleared_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT")
    )

    @declared_attr
    def lint_cleared_by(cls) -> Mapped[User | None]:
        return relationship(foreign_keys=[cls.lint_cleared_by_id])  # type: ignore[list-item]

    @property
    def risks(self) -> list[dict[str, str]]:
        return [f for f in self.lint if f.get("severity") == "risk"]

    def lint_state(self) -> dict[str, Any]:
        """The findings and the review, to carry over to a copy (a new plan revision)."""
        return {
            "lint": self.lint,
            "lint_reason": self.lint_reason,
            "lint_cleared_at": self.lint_cleared_at,
            "lint_cleared_by_id": self.lint_cleared_by_id,
        }

    @property
    def flagged(self) -> bool:
        """Risky wording saved with a reason (or found by a re-lint), not yet cleared."""
        return bool(self.risks) and self.lint_cleared_at is None


class Competency(Model):
    """One version of a competency: its definition and behaviourally anchored scale."""

    __tablename__ = "competencies"
    __table_args__ = (
        UniqueConstraint("key", "version", name="uq_competencies_key_version"),
        Index("ix_competencies_current", "current", "key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60))
    version: Mapped[int]
    current: Mapped[bool] = mapped_column(default=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    definition: Mapped[str] = mapped_column(Text)
    why: Mapped[str] = mapped_column(Text, default="")
    scale: Mapped[Scale] = mapped_column(value_enum(Scale, "scale", length=16))
    #: {"1": "anchor text", "2": ...}: one behavioural description per level.
    anchors: Mapped[dict[str, str]] = mapped_column(JSON)
    origin: Mapped[Origin] = mapped_column(value_enum(Origin, "origin", length=16))
    source_file: Mapped[str | None] = mapped_column(String(255))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    author: Mapped[User | None] = relationship()

    def anchor(self, level: int) -> str:
        return self.anchors.get(str(level), "")

    @property
    def levels(self) -> list[tuple[int, str, str]]:
        """(level, label, anchor) from the lowest level up."""
        return [(level, label, self.anchor(level)) for level, label in self.scale.labels.items()]

    def work_sample_in(self, questions: Iterable[Question]) -> Question | None:
        """The first work sample of this competency among ``questions`` that carries its own
        observable anchors: a rating of this competency in that stage uses those anchors."""
        return next(
            (q for q in questions if q.competency_key == self.key and q.has_observable_anchors),
            None,
        )

    def __repr__(self) -> str:
        return f"<Competency {self.key} v{self.version}>"


class Question(LintFlag, Model):
    """One version of a behavioural question in a competency's bank."""

    __tablename__ = "questions"
    __table_args__ = (
        UniqueConstraint("competency_key", "key", "version", name="uq_questions_key_version"),
        Index("ix_questions_current", "current", "competency_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    competency_key: Mapped[str] = mapped_column(String(60))
    key: Mapped[str] = mapped_column(String(60))
    version: Mapped[int]
    current: Mapped[bool] = mapped_column(default=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    type: Mapped[QuestionType] = mapped_column(value_enum(QuestionType, "question_type"))
    minutes: Mapped[int] = mapped_column(default=7)
    probes: Mapped[list[str]] = mapped_column(JSON)
    look_fors: Mapped[list[str]] = mapped_column(JSON)
    red_flags: Mapped[list[str]] = mapped_column(JSON)
    #: Work samples: one observable anchor per level of the competency's scale, level 1 first
    #: (empty for story questions, which are rated on the competency's anchors).
    anchors: Mapped[list[str]] = mapped_column(JSON, default=list)
    origin: Mapped[Origin] = mapped_column(value_enum(Origin, "origin", length=16))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    author: Mapped[User | None] = relationship(foreign_keys="Question.author_id")

    @property
    def ref(self) -> str:
        return f"{self.competency_key}.{self.key}"

    @property
    def has_observable_anchors(self) -> bool:
        return self.type == QuestionType.WORK_SAMPLE and bool(self.anchors)

    def observable_levels(self, competency: Competency) -> list[tuple[int, str, str]]:
        """(level, label, what the interviewer can see) from the lowest level up."""
        return [
            (level, label, self.anchors[level - 1] if level <= len(self.anchors) else "")
            for level, label in competency.scale.labels.items()
        ]

    @property
    def is_hypothetical(self) -> bool:
        return self.type == QuestionType.HYPOTHETICAL or any(
            f.get("topic") == "hypothetical" for f in self.lint
        )


class RoleProfile(Model):
    """One version of a role profile: the scorecard definition for a kind of job."""

    __tablename__ = "role_profiles"
    __table_args__ = (
        UniqueConstraint("key", "version", name="uq_role_profiles_key_version"),
        Index("ix_role_profiles_current", "current", "key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60))
    version: Mapped[int]
    current: Mapped[bool] = mapped_column(default=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    scale: Mapped[Scale] = mapped_column(value_enum(Scale, "scale", length=16))
    minimum_score: Mapped[float] = mapped_column(Float)
    #: The minimum evidence before the debrief formula recommends (``[evidence]``).
    evidence_raters_per_must_have: Mapped[int] = mapped_column(default=2, server_default="2")
    evidence_all_stages: Mapped[bool] = mapped_column(default=True, server_default=true())
    #: The default interview plan, with question references pinned to question ids:
    #: [{"key", "name", "kind", "duration_minutes", "instructions", "focus": [competency keys],
    #:   "question_ids": [ids]}]
    #: Deferred, like the template below: read when a position or a plan is started from the
    #: profile, while every page that names a position loads its profile; decoding the two
    #: (some 10 KB of JSON) was a tenth of the positions list's time.
    default_plan: Mapped[list[dict[str, Any]]] = mapped_column(JSON, deferred=True)
    #: The default 30/60/90 onboarding template: {"items": [...], "goals": [...]}
    onboarding_template: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)
    source_file: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    competency_links: Mapped[list[RoleProfileCompetency]] = relationship(
        back_populates="role_profile",
        order_by="RoleProfileCompetency.position",
        cascade="all, delete-orphan",
    )

    @property
    def label(self) -> str:
        return f"{self.name} (v{self.version})"


class RoleProfileCompetency(Model):
    """A competency (pinned version) in a role profile, with its weight and bar."""

    __tablename__ = "role_profile_competencies"

    role_profile_id: Mapped[int] = mapped_column(
        ForeignKey("role_profiles.id", ondelete="CASCADE"), primary_key=True
    )
    competency_id: Mapped[int] = mapped_column(
        ForeignKey("competencies.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    position: Mapped[int]
    weight: Mapped[float] = mapped_column(Float)
    must_have: Mapped[bool] = mapped_column(default=False)
    minimum: Mapped[float | None] = mapped_column(Float)

    role_profile: Mapped[RoleProfile] = relationship(back_populates="competency_links")
    competency: Mapped[Competency] = relationship()


class ReferenceAnswer(Model):
    """One version of a sample candidate answer to a question, with its reference rating:
    what interviewers practise rating on (``/training/``). Versioned on its own, by the
    question's competency and key, so a practice rating keeps the exact text it was given."""

    __tablename__ = "reference_answers"
    __table_args__ = (
        UniqueConstraint(
            "competency_key", "question_key", "key", "version", name="uq_reference_answers_version"
        ),
        Index("ix_reference_answers_current", "current", "competency_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    competency_key: Mapped[str] = mapped_column(String(60))
    question_key: Mapped[str] = mapped_column(String(60))
    key: Mapped[str] = mapped_column(String(60))
    version: Mapped[int]
    current: Mapped[bool] = mapped_column(default=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    #: What the candidate said (a work sample: what they said and did in the exercise).
    answer: Mapped[str] = mapped_column(Text)
    #: The reference rating: a level of the competency's scale.
    rating: Mapped[int]
    rationale: Mapped[str] = mapped_column(Text)
    #: Phrases quoted from ``answer`` that the rating rests on.
    evidence: Mapped[list[str]] = mapped_column(JSON, default=list)
    origin: Mapped[Origin] = mapped_column(value_enum(Origin, "origin", length=16))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    author: Mapped[User | None] = relationship()

    @property
    def question_ref(self) -> str:
        return f"{self.competency_key}.{self.question_key}"
