"""Demo voluntary self-identification, so the demo's adverse-impact section has figures.

Answers are drawn at random (from the caller's ``random.Random``, so a seed gives the same
demo every time): most candidates answer, some decline a question or two, some never answer,
as real candidates do. Candidates who already have answers keep them, and the same seed
makes the same choices, so seeding twice changes nothing.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from sqlalchemy import select

from hiring.analytics.models import (
    Answer,
    Disability,
    RaceEthnicity,
    SelfIdentification,
    SelfIdSource,
    Sex,
    Veteran,
)
from hiring.db import db, utcnow

#: Share of candidates who answer at all; of those, the share who decline each question.
ANSWERED = 0.8
DECLINED = 0.1
#: Relative weights of the stated answers (a US sales applicant pool, roughly).
WEIGHTS: dict[type[Answer], dict[str, int]] = {
    Sex: {"female": 45, "male": 55},
    RaceEthnicity: {
        "white": 50,
        "hispanic_latino": 18,
        "black": 14,
        "asian": 12,
        "two_or_more": 4,
        "american_indian": 1,
        "pacific_islander": 1,
    },
    Veteran: {"protected_veteran": 6, "not_protected_veteran": 94},
    Disability: {"disability": 8, "no_disability": 92},
}


def _draw(kind: type[Answer], rng: random.Random) -> Answer:
    if rng.random() < DECLINED:
        return kind("prefer_not")
    weights = WEIGHTS[kind]
    return kind(rng.choices(list(weights), weights=list(weights.values()))[0])


def seed_self_identification(candidate_ids: Sequence[int], rng: random.Random) -> int:
    """Record answers for some of ``candidate_ids``; returns how many were recorded."""
    answered = set(
        db.session.scalars(
            select(SelfIdentification.candidate_id).where(
                SelfIdentification.candidate_id.in_(list(candidate_ids))
            )
        )
    )
    now, recorded = utcnow(), 0
    for candidate_id in candidate_ids:
        # Every candidate draws the same numbers whether or not they are recorded, so the
        # same seed makes the same choices on a second run (and records nothing new).
        answers = rng.random() < ANSWERED
        row = SelfIdentification(
            candidate_id=candidate_id,
            sex=_draw(Sex, rng),
            race_ethnicity=_draw(RaceEthnicity, rng),
            veteran=_draw(Veteran, rng),
            disability=_draw(Disability, rng),
            source=rng.choice([SelfIdSource.LINK, SelfIdSource.IMPORT]),
            recorded_at=now,
        )
        if answers and candidate_id not in answered:
            db.session.add(row)
            recorded += 1
    db.session.flush()
    return recorded
