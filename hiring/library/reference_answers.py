"""Reference answers an admin writes in the app, beside those loaded from scorecards/: held
to the same rules as the files (``validation.reference_answer_problems`` and the question
lint), attributed and audited. Flush, never commit."""

from __future__ import annotations

from pydantic import ValidationError

from hiring.audit.services import record
from hiring.auth.models import User
from hiring.db import db
from hiring.domain import DomainError
from hiring.library import lint
from hiring.library.authoring import free_key, slug
from hiring.library.files import content_hash
from hiring.library.models import Competency, Origin, Question, ReferenceAnswer
from hiring.library.schema import ReferenceAnswerSpec
from hiring.library.validation import reference_answer_problems, reference_texts

#: Where each checked field's problem is shown on the form.
_FORM_FIELD = {"rating": "rating", "answer": "answer"}


def add_reference_answer(
    competency: Competency,
    question: Question,
    *,
    answer: str,
    rating: int,
    rationale: str,
    evidence: list[str],
    actor: User,
) -> ReferenceAnswer:
    """A new custom reference answer to ``question``, current at once (practice sets that
    start from now on include it; runs under way keep the answers they began with)."""
    if not question.current or question.competency_key != competency.key:
        raise DomainError("Add reference answers to the current version of a question.")
    key = free_key(
        ReferenceAnswer,
        "custom_" + slug(answer),
        ReferenceAnswer.competency_key == competency.key,
        ReferenceAnswer.question_key == question.key,
    )
    try:
        spec = ReferenceAnswerSpec(
            key=key, answer=answer, rating=rating, rationale=rationale, evidence=evidence
        )
    except ValidationError as exc:
        # The form has limited every length already; what is left is the number of phrases
        # or an over-long single phrase.
        message = (
            "Give at least one and at most five evidence phrases."
            if not 1 <= len(evidence) <= 5
            else "Keep each evidence phrase short: a few words quoted from the answer."
        )
        raise DomainError(message, field="evidence") from exc
    for path, message in reference_answer_problems(spec, competency.key, competency.scale):
        field = _FORM_FIELD.get(path, "evidence")
        raise DomainError(
            f"{'The evidence line' if field == 'evidence' else 'It'} {message}.", field=field
        )
    for _path, text in reference_texts(spec):
        for finding in lint.findings_for(rationale=text):
            if finding["severity"] == "risk":
                raise DomainError(
                    f"Risky topic, {finding['topic']}: {finding['why']} "
                    f"(“{finding['matched']}”). {finding['suggestion']}",
                    field="rationale",
                )
    row = ReferenceAnswer(
        competency_key=competency.key,
        question_key=question.key,
        key=key,
        version=1,
        current=True,
        content_hash=content_hash(spec),
        answer=spec.answer,
        rating=spec.rating,
        rationale=spec.rationale,
        evidence=list(spec.evidence),
        origin=Origin.CUSTOM,
        author_id=actor.id,
    )
    db.session.add(row)
    db.session.flush()
    record(
        "reference_answer.created",
        row,
        actor=actor,
        label=f"{competency.name}: {question.text[:80]}",
        after={"question": question.ref, "rating": row.rating, "answer": row.answer[:200]},
    )
    return row
