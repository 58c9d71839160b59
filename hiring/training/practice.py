"""Practice on reference answers: the sets on offer, an attempt's progress, and its results.

A practice set is a competency (all its current reference answers) or a role profile (the
answers of its must-haves); its id is that key, unique across the library. An attempt fixes
the exact answer versions and their order when it starts, so an edited library never changes
an attempt under way. Rating order is shuffled: answers in the library's order would run from
weak to strong and teach the order, not the anchors.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from hiring.auth.models import User
from hiring.db import db, utcnow
from hiring.domain import DomainError
from hiring.library.models import Competency, Question, ReferenceAnswer, RoleProfile
from hiring.training.models import (
    FEWEST_ANSWERS_TO_PASS,
    PASS_SHARE,
    CourseCompletion,
    PracticeAttempt,
    PracticeRating,
    PracticeResult,
)


@dataclass(frozen=True)
class PracticeSet:
    key: str
    title: str
    #: "competency" or "role"
    kind: str
    competency_keys: tuple[str, ...]
    answers: int


def _practicable() -> Select[ReferenceAnswer]:
    """Current reference answers whose competency and question are current too: an answer to
    a question that left the library is not practised any more."""
    return (
        select(ReferenceAnswer)
        .join(
            Competency,
            (Competency.key == ReferenceAnswer.competency_key) & Competency.current.is_(True),
        )
        .join(
            Question,
            (Question.competency_key == ReferenceAnswer.competency_key)
            & (Question.key == ReferenceAnswer.question_key)
            & Question.current.is_(True),
        )
        .where(ReferenceAnswer.current.is_(True))
    )


def practice_sets() -> list[PracticeSet]:
    """A set per competency with enough current reference answers, then one per role profile
    whose must-haves have them, each with its answer count (two queries)."""
    answers = _practicable().subquery()
    counts: dict[str, int] = dict(
        db.session.execute(
            select(answers.c.competency_key, func.count()).group_by(answers.c.competency_key)
        ).all()
    )
    competencies = db.session.scalars(
        select(Competency)
        .where(Competency.current.is_(True), Competency.key.in_(list(counts)))
        .order_by(Competency.name)
    ).all()
    sets = [
        PracticeSet(c.key, c.name, "competency", (c.key,), counts[c.key])
        for c in competencies
        if counts[c.key] >= FEWEST_ANSWERS_TO_PASS
    ]
    roles = db.session.scalars(
        select(RoleProfile)
        .where(RoleProfile.current.is_(True))
        .options(selectinload(RoleProfile.competency_links))
        .order_by(RoleProfile.name)
    ).all()
    names = {c.key: c for c in competencies}
    for role in roles:
        keys = tuple(
            link.competency.key
            for link in role.competency_links
            if link.must_have
            and counts.get(link.competency.key, 0) >= FEWEST_ANSWERS_TO_PASS
            and link.competency.key in names
        )
        if keys:
            total = sum(counts[key] for key in keys)
            sets.append(PracticeSet(role.key, f"{role.name}: must-haves", "role", keys, total))
    return sets


def practice_set(key: str) -> PracticeSet | None:
    return next((s for s in practice_sets() if s.key == key), None)


def course_completed(user: User) -> bool:
    return db.session.get(CourseCompletion, user.id) is not None


def open_attempt(user: User, set_key: str) -> PracticeAttempt | None:
    """The user's unfinished attempt at this set, if any (resumed where they left off)."""
    return db.session.scalars(
        select(PracticeAttempt)
        .where(
            PracticeAttempt.user_id == user.id,
            PracticeAttempt.set_key == set_key,
            PracticeAttempt.finished_at.is_(None),
        )
        .options(
            selectinload(PracticeAttempt.ratings).selectinload(PracticeRating.reference_answer)
        )
        .order_by(PracticeAttempt.id.desc())
        .limit(1)
    ).first()


def latest_attempt(user: User, set_key: str) -> PracticeAttempt | None:
    return db.session.scalars(
        select(PracticeAttempt)
        .where(PracticeAttempt.user_id == user.id, PracticeAttempt.set_key == set_key)
        .options(
            selectinload(PracticeAttempt.ratings).selectinload(PracticeRating.reference_answer),
            selectinload(PracticeAttempt.results),
        )
        .order_by(PracticeAttempt.id.desc())
        .limit(1)
    ).first()


def answers_of(attempt: PracticeAttempt) -> list[ReferenceAnswer]:
    """The attempt's reference answers in the order it shows them."""
    by_id = {
        a.id: a
        for a in db.session.scalars(
            select(ReferenceAnswer).where(ReferenceAnswer.id.in_(attempt.answer_ids))
        )
    }
    return [by_id[answer_id] for answer_id in attempt.answer_ids if answer_id in by_id]


def pending_answers(attempt: PracticeAttempt) -> list[ReferenceAnswer]:
    """The attempt's answers not rated yet that can still be shown, in order. One whose
    competency or question left the library since the run began is skipped, so a run is
    never stuck on it."""
    rated = {r.reference_answer_id for r in attempt.ratings}
    pending = [answer_id for answer_id in attempt.answer_ids if answer_id not in rated]
    if not pending:
        return []
    showable = {
        answer.id: answer
        for answer in db.session.scalars(
            select(ReferenceAnswer)
            .where(ReferenceAnswer.id.in_(pending))
            .join(
                Competency,
                (Competency.key == ReferenceAnswer.competency_key) & Competency.current.is_(True),
            )
            .join(
                Question,
                (Question.competency_key == ReferenceAnswer.competency_key)
                & (Question.key == ReferenceAnswer.question_key)
                & Question.current.is_(True),
            )
        )
    }
    return [showable[answer_id] for answer_id in pending if answer_id in showable]


def next_answer(attempt: PracticeAttempt) -> ReferenceAnswer | None:
    """The first answer of the attempt still to rate (None: nothing left to show)."""
    pending = pending_answers(attempt)
    return pending[0] if pending else None


def start_attempt(user: User, chosen: PracticeSet) -> PracticeAttempt:
    """Begin (or resume) a run through ``chosen``; the course must be read first."""
    if not course_completed(user):
        raise DomainError("Read the short course first: it takes about fifteen minutes.")
    existing = open_attempt(user, chosen.key)
    if existing is not None:
        if pending_answers(existing):
            return existing
        # Nothing left it can show (the library changed under it): close it as it stands.
        _finish(existing)
    answers = _practicable().subquery()
    answer_ids = list(
        db.session.scalars(
            select(answers.c.id)
            .where(answers.c.competency_key.in_(chosen.competency_keys))
            .order_by(answers.c.id)
        )
    )
    runs = db.session.scalar(
        select(func.count())
        .select_from(PracticeAttempt)
        .where(PracticeAttempt.user_id == user.id, PracticeAttempt.set_key == chosen.key)
    )
    # Seeded, so a test (and a support question) can reproduce the order a person saw.
    random.Random(f"{user.id}:{chosen.key}:{runs}").shuffle(answer_ids)  # noqa: S311 - an order, not a secret
    attempt = PracticeAttempt(user_id=user.id, set_key=chosen.key, answer_ids=answer_ids)
    db.session.add(attempt)
    db.session.flush()
    return attempt


def rate_answer(
    attempt: PracticeAttempt, answer: ReferenceAnswer, rating: int | None, evidence: str
) -> PracticeRating:
    """Keep the interviewer's rating of ``answer``; the last one finishes the attempt."""
    if attempt.finished_at is not None:
        raise DomainError("This practice run is finished; start a new one to practise again.")
    if answer.id not in attempt.answer_ids:
        raise DomainError("That answer is not part of this practice run.")
    if any(r.reference_answer_id == answer.id for r in attempt.ratings):
        raise DomainError("You have rated this answer already: the reference is shown below.")
    if rating is not None and str(rating) not in competency_of(answer).anchors:
        raise DomainError("Choose one of the levels shown.", field="rating")
    practice_rating = PracticeRating(
        reference_answer=answer, rating=rating, evidence=evidence.strip()
    )
    attempt.ratings.append(practice_rating)
    db.session.flush()
    if not pending_answers(attempt):
        _finish(attempt)
    return practice_rating


def competency_of(answer: ReferenceAnswer) -> Competency:
    competency = db.session.scalars(
        select(Competency).where(
            Competency.key == answer.competency_key, Competency.current.is_(True)
        )
    ).first()
    if competency is None:
        raise DomainError("This competency has left the library; start another practice set.")
    return competency


def _finish(attempt: PracticeAttempt) -> None:
    """Score each competency of the finished attempt against the pass rule."""
    now = utcnow()
    attempt.finished_at = now
    by_competency: dict[str, list[PracticeRating]] = {}
    for rating in attempt.ratings:
        by_competency.setdefault(rating.reference_answer.competency_key, []).append(rating)
    for key, ratings in by_competency.items():
        within = sum(r.within_one for r in ratings)
        attempt.results.append(
            PracticeResult(
                user_id=attempt.user_id,
                competency_key=key,
                answers=len(ratings),
                within_one=within,
                passed=passes(len(ratings), within),
                finished_at=now,
            )
        )
    db.session.flush()


def passes(answers: int, within_one: int) -> bool:
    """Within one level of the reference on at least 80% of at least three answers."""
    return answers >= FEWEST_ANSWERS_TO_PASS and within_one >= PASS_SHARE * answers


def complete_course(user: User) -> CourseCompletion:
    completion = db.session.get(CourseCompletion, user.id)
    if completion is None:
        completion = CourseCompletion(user_id=user.id)
        db.session.add(completion)
        db.session.flush()
    return completion


def own_rating(user: User, set_key: str, answer_id: int) -> PracticeRating | None:
    """The user's latest rating of this answer in this set (their own only)."""
    return db.session.scalars(
        select(PracticeRating)
        .join(PracticeRating.attempt)
        .where(
            PracticeAttempt.user_id == user.id,
            PracticeAttempt.set_key == set_key,
            PracticeRating.reference_answer_id == answer_id,
        )
        .order_by(PracticeRating.id.desc())
        .limit(1)
    ).first()
