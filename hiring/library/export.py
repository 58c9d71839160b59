"""The loaded library as plain data: what ``flask --app hiring library export`` prints."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hiring.db import db
from hiring.library.models import (
    Competency,
    Question,
    ReferenceAnswer,
    RoleProfile,
    RoleProfileCompetency,
)


def current_competencies() -> list[Competency]:
    return list(
        db.session.scalars(
            select(Competency).where(Competency.current.is_(True)).order_by(Competency.name)
        )
    )


def current_questions_by_competency() -> dict[str, list[Question]]:
    bank: dict[str, list[Question]] = {}
    for question in db.session.scalars(
        select(Question)
        .where(Question.current.is_(True))
        .order_by(Question.competency_key, Question.origin, Question.id)
    ):
        bank.setdefault(question.competency_key, []).append(question)
    return bank


def current_reference_answers() -> dict[tuple[str, str], list[ReferenceAnswer]]:
    """The current reference answers by (competency key, question key), in file order."""
    answers: dict[tuple[str, str], list[ReferenceAnswer]] = {}
    for answer in db.session.scalars(
        select(ReferenceAnswer)
        .where(ReferenceAnswer.current.is_(True))
        .order_by(ReferenceAnswer.origin, ReferenceAnswer.id)
    ):
        answers.setdefault((answer.competency_key, answer.question_key), []).append(answer)
    return answers


def current_roles() -> list[RoleProfile]:
    return list(
        db.session.scalars(
            select(RoleProfile)
            .where(RoleProfile.current.is_(True))
            .options(
                selectinload(RoleProfile.competency_links).selectinload(
                    RoleProfileCompetency.competency
                )
            )
            .order_by(RoleProfile.name)
        )
    )


def export_library() -> dict[str, Any]:
    """The current library as plain data (what ``library export`` prints)."""
    bank = current_questions_by_competency()
    references = current_reference_answers()
    questions_by_id = {q.id: q for qs in bank.values() for q in qs}
    return {
        "competencies": [
            {
                "key": c.key,
                "version": c.version,
                "name": c.name,
                "definition": c.definition,
                "scale": c.scale.value,
                "anchors": {
                    str(level): {"label": label, "text": text} for level, label, text in c.levels
                },
                "origin": c.origin.value,
                "questions": [
                    {
                        "key": q.key,
                        "version": q.version,
                        "text": q.text,
                        "type": q.type.value,
                        "minutes": q.minutes,
                        "probes": q.probes,
                        "look_fors": q.look_fors,
                        "red_flags": q.red_flags,
                        **({"anchors": q.anchors} if q.anchors else {}),
                        "reference_answers": [
                            {
                                "key": a.key,
                                "version": a.version,
                                "rating": a.rating,
                                "answer": a.answer,
                                "rationale": a.rationale,
                                "evidence": a.evidence,
                                "origin": a.origin.value,
                            }
                            for a in references.get((c.key, q.key), [])
                        ],
                    }
                    for q in bank.get(c.key, [])
                ],
            }
            for c in current_competencies()
        ],
        "role_profiles": [
            {
                "key": r.key,
                "version": r.version,
                "name": r.name,
                "scale": r.scale.value,
                "hiring_bar": {"minimum_score": r.minimum_score},
                "evidence": {
                    "raters_per_must_have": r.evidence_raters_per_must_have,
                    "all_stages": r.evidence_all_stages,
                },
                "competencies": [
                    {
                        "key": link.competency.key,
                        "version": link.competency.version,
                        "weight": link.weight,
                        "must_have": link.must_have,
                        "minimum": link.minimum,
                    }
                    for link in r.competency_links
                ],
                "interview_plan": [
                    {
                        **{k: v for k, v in stage.items() if k != "question_ids"},
                        "questions": [
                            questions_by_id[qid].ref if qid in questions_by_id else f"#{qid}"
                            for qid in stage["question_ids"]
                        ],
                    }
                    for stage in r.default_plan
                ],
            }
            for r in current_roles()
        ],
    }
