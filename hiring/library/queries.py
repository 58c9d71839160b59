"""Read-side helpers for the library pages, each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload, undefer

from hiring.db import db
from hiring.library.models import (
    Competency,
    Question,
    ReferenceAnswer,
    RoleProfile,
    RoleProfileCompetency,
)


@dataclass
class CompetencyRow:
    competency: Competency
    question_count: int
    roles: list[tuple[RoleProfile, RoleProfileCompetency]] = field(default_factory=list)
    matching_questions: list[Question] = field(default_factory=list)


@dataclass
class LibraryIndex:
    competencies: list[CompetencyRow]
    roles: list[RoleProfile]
    total_competencies: int
    total_questions: int


def library_index(q: str = "", role_key: str = "") -> LibraryIndex:
    roles = list(
        db.session.scalars(
            select(RoleProfile)
            .where(RoleProfile.current.is_(True))
            .options(
                selectinload(RoleProfile.competency_links).selectinload(
                    RoleProfileCompetency.competency
                ),
                undefer(RoleProfile.default_plan),  # each role names its plan's stage count
            )
            .order_by(RoleProfile.name)
        )
    )
    counts = dict(
        db.session.execute(
            select(Question.competency_key, func.count(Question.id))
            .where(Question.current.is_(True))
            .group_by(Question.competency_key)
        ).all()
    )
    query = select(Competency).where(Competency.current.is_(True)).order_by(Competency.name)
    matches: dict[str, list[Question]] = {}
    if q:
        pattern = f"%{q.lower()}%"
        for question in db.session.scalars(
            select(Question)
            .where(Question.current.is_(True), func.lower(Question.text).like(pattern))
            .order_by(Question.id)
        ):
            matches.setdefault(question.competency_key, []).append(question)
        query = query.where(
            or_(
                func.lower(Competency.name).like(pattern),
                func.lower(Competency.definition).like(pattern),
                Competency.key.in_(list(matches)),
            )
        )
    # Roles use the competency key: a new competency version is still "the same" competency.
    used_by: dict[str, list[tuple[RoleProfile, RoleProfileCompetency]]] = {}
    for role in roles:
        for link in role.competency_links:
            used_by.setdefault(link.competency.key, []).append((role, link))
    if role_key:
        query = query.where(
            Competency.key.in_(
                [
                    link.competency.key
                    for r in roles
                    if r.key == role_key
                    for link in r.competency_links
                ]
            )
        )
    rows = [
        CompetencyRow(c, counts.get(c.key, 0), used_by.get(c.key, []), matches.get(c.key, []))
        for c in db.session.scalars(query)
    ]
    totals = db.session.execute(
        select(
            select(func.count(Competency.id)).where(Competency.current.is_(True)).scalar_subquery(),
            select(func.count(Question.id)).where(Question.current.is_(True)).scalar_subquery(),
        )
    ).one()
    return LibraryIndex(rows, roles, totals[0], totals[1])


def competency_versions(key: str) -> list[Competency]:
    return list(
        db.session.scalars(
            select(Competency).where(Competency.key == key).order_by(Competency.version.desc())
        )
    )


def bank_for(key: str) -> list[Question]:
    return list(
        db.session.scalars(
            select(Question)
            .where(Question.competency_key == key, Question.current.is_(True))
            .options(selectinload(Question.author))
            .order_by(Question.origin, Question.id)
        )
    )


def reference_answer_counts(key: str) -> dict[str, int]:
    """How many current reference answers each question of a competency has, by question key."""
    return dict(
        db.session.execute(
            select(ReferenceAnswer.question_key, func.count())
            .where(ReferenceAnswer.competency_key == key, ReferenceAnswer.current.is_(True))
            .group_by(ReferenceAnswer.question_key)
        ).all()
    )


def roles_using(key: str) -> list[tuple[RoleProfile, RoleProfileCompetency]]:
    rows = db.session.execute(
        select(RoleProfile, RoleProfileCompetency)
        .join(RoleProfileCompetency)
        .join(Competency)
        .where(RoleProfile.current.is_(True), Competency.key == key)
        .order_by(RoleProfile.name)
    ).all()
    return [(row[0], row[1]) for row in rows]


def current_role(key: str) -> RoleProfile | None:
    return db.session.scalars(
        select(RoleProfile)
        .where(RoleProfile.key == key)
        .options(
            selectinload(RoleProfile.competency_links).selectinload(
                RoleProfileCompetency.competency
            ),
            undefer(RoleProfile.default_plan),  # the role's page shows both
            undefer(RoleProfile.onboarding_template),
        )
        .order_by(RoleProfile.current.desc(), RoleProfile.version.desc())
        .limit(1)
    ).first()


def questions_by_id(ids: list[int]) -> dict[int, Question]:
    if not ids:
        return {}
    return {q.id: q for q in db.session.scalars(select(Question).where(Question.id.in_(ids)))}
