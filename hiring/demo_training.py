"""Interviewer training in the demo: the experienced panel is qualified for the Account
Executive's must-haves, and Jamie Ortiz (interviewer@) is partway through: the course read,
the discovery set passed three weeks ago (practised), the closing set a third done, nothing
yet on objection handling, so scheduling Jamie on a stage that assesses closing or
objections shows the warning.

Jamie's practice is replayed through the app's own services against the shipped reference
answers, rating each near its reference, so the results page shows real accuracy and bias.
The veterans' sign-offs say why they skipped practice: they were on the panel before the
product had training."""

from __future__ import annotations

from datetime import datetime, timedelta

from hiring.auth.models import User
from hiring.db import db, utcnow
from hiring.demo_pipeline import demo_user
from hiring.training import practice
from hiring.training.models import CourseCompletion, QualificationSignoff

#: The experienced panel, qualified for every Account Executive must-have.
VETERANS = ("manager@example.com", "sam.rivera@example.com", "priya.shah@example.com")
AE_MUST_HAVES = ("discovery_qualification", "closing_deal_control", "objection_handling")
#: How Jamie's ratings differ from each reference in turn, so that discovery passes
#: (everything within one level but one) and bias shows a slight leniency.
JAMIE_OFFSETS = (0, 1, 0, 1, -1, 0, 2, 0, 1, 0)
#: How many closing answers Jamie has rated so far.
CLOSING_RATED = 3


def seed_training() -> int:
    """The sign-offs and Jamie's practice; nothing when Jamie has read the course already."""
    jamie = demo_user("interviewer@example.com")
    if db.session.get(CourseCompletion, jamie.id) is not None:
        return 0
    admin = demo_user("admin@example.com")
    now = utcnow()
    created = 0
    for email in VETERANS:
        veteran = demo_user(email)
        for key in AE_MUST_HAVES:
            db.session.add(
                QualificationSignoff(
                    user_id=veteran.id,
                    competency_key=key,
                    signed_by_id=admin.id,
                    signed_at=now - timedelta(days=150),
                    note="Experienced interviewer: on the panel before training existed.",
                )
            )
            created += 1
    db.session.add(CourseCompletion(user_id=jamie.id, completed_at=now - timedelta(days=24)))
    created += _practise(jamie, "discovery_qualification", None, now - timedelta(days=21))
    created += _practise(jamie, "closing_deal_control", CLOSING_RATED, now - timedelta(days=2))
    db.session.flush()
    return created + 1


def _practise(jamie: User, set_key: str, how_many: int | None, when: datetime) -> int:
    """Rate ``how_many`` answers of the set (all when None) near their references."""
    chosen = practice.practice_set(set_key)
    assert chosen is not None, set_key
    run = practice.start_attempt(jamie, chosen)
    answers = practice.answers_of(run)[:how_many]
    for offset, answer in zip(JAMIE_OFFSETS * 2, answers, strict=False):
        level = min(4, max(1, answer.rating + offset))
        practice.rate_answer(run, answer, level, answer.evidence[0])
    run.started_at = when
    for rating in run.ratings:
        rating.rated_at = when
    if run.finished_at is not None:
        run.finished_at = when
        for result in run.results:
            result.finished_at = when
    db.session.flush()
    return len(answers)
