"""A reference answer as practice shows it: its question, the scale it is rated on, its
transcript with the evidence phrases marked, and whether an interviewer's evidence cited them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from hiring.db import db
from hiring.library.models import Competency, Question, ReferenceAnswer
from hiring.training.practice import competency_of

#: Words too common to show that two notes point at the same thing.
_COMMON = frozenset(
    word
    for line in (
        "the a an and or but of to in on at for with from by as is was were be been it its",
        "this that they them their we our i my me you your he she his her so then than there",
        "what when which who how not no did do does had has have just about into out up",
    )
    for word in line.split()
)


def _content_words(text: str) -> set[str]:
    words = {w.strip(".,;:!?\"'()[]").casefold() for w in text.split()}
    return {w for w in words if len(w) > 2 and w not in _COMMON}


def cited(evidence: str, quote: str) -> bool:
    """Whether the interviewer's evidence points at ``quote`` of the transcript: at least
    half of the quote's content words appear in what they wrote (STAR notes paraphrase)."""
    wanted = _content_words(quote)
    return bool(wanted) and len(wanted & _content_words(evidence)) * 2 >= len(wanted)


def question_for(answer: ReferenceAnswer) -> Question | None:
    return db.session.scalars(
        select(Question).where(
            Question.competency_key == answer.competency_key,
            Question.key == answer.question_key,
            Question.current.is_(True),
        )
    ).first()


@dataclass(frozen=True)
class ShownAnswer:
    """A reference answer as the practice pages show it: its question, the scale it is rated
    on (a work sample's own anchors), and its transcript cut into plain and evidence parts."""

    answer: ReferenceAnswer
    competency: Competency
    question: Question | None
    #: (level, label, anchor) lowest first: the rating block's choices.
    levels: list[tuple[int, str, str]]
    #: (text, is evidence) in order; joined they are the transcript.
    parts: list[tuple[str, bool]]

    @property
    def is_work_sample(self) -> bool:
        return self.question is not None and self.question.has_observable_anchors

    @property
    def reference_label(self) -> str:
        return {level: label for level, label, _ in self.levels}.get(self.answer.rating, "")

    @property
    def reference_anchor(self) -> str:
        return {level: text for level, _, text in self.levels}.get(self.answer.rating, "")

    def label(self, level: int | None) -> str:
        if level is None:
            return "Not assessed"
        return {n: label for n, label, _ in self.levels}.get(level, "")


def shown_answer(answer: ReferenceAnswer) -> ShownAnswer:
    competency = competency_of(answer)
    question = question_for(answer)
    levels = (
        question.observable_levels(competency)
        if question is not None and question.has_observable_anchors
        else competency.levels
    )
    return ShownAnswer(answer, competency, question, levels, evidence_parts(answer))


def evidence_parts(answer: ReferenceAnswer) -> list[tuple[str, bool]]:
    """The transcript with each quoted evidence phrase marked (matched whatever the line
    breaks and case, as ``library validate`` checked them)."""
    patterns = [
        r"\s+".join(re.escape(word) for word in quote.split())
        for quote in answer.evidence
        if quote.split()
    ]
    if not patterns:
        return [(answer.answer, False)]
    parts: list[tuple[str, bool]] = []
    position = 0
    for match in re.finditer("|".join(patterns), answer.answer, flags=re.IGNORECASE):
        if match.start() > position:
            parts.append((answer.answer[position : match.start()], False))
        parts.append((match.group(0), True))
        position = match.end()
    if position < len(answer.answer):
        parts.append((answer.answer[position:], False))
    return parts
