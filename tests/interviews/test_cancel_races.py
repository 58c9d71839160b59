"""Cancelling an interview while its scorecard is being submitted: one of them wins, cleanly.

Two real transactions on two connections, one holding its row lock while the other starts.
Row locks are PostgreSQL's; SQLite runs one writer at a time and has no such window to test.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from hiring.auth.models import User
from hiring.db import db
from hiring.domain import DomainError
from hiring.interviews import services as interviews
from hiring.interviews.models import Interview, InterviewStatus
from hiring.scorecards import services as cards
from hiring.scorecards.models import Recommendation, Scorecard, ScorecardStatus
from tests.support.harness import POSTGRES_URL

pytestmark = pytest.mark.skipif(
    not POSTGRES_URL, reason="row-lock races need PostgreSQL (SQLite has one writer at a time)"
)


def _complete_input(card: Scorecard) -> cards.ScorecardInput:
    return cards.ScorecardInput(
        ratings={
            competency.id: cards.RatingInput(3, False, "A clear example.")
            for competency in cards.focus_competencies(card)
        },
        recommendation=Recommendation.YES,
    )


def _submit(app, interview_id: int, interviewer_id: int, hold: float = 0.0) -> str:
    with app.app_context():
        card = db.session.scalar(
            select(Scorecard).where(
                Scorecard.interview_id == interview_id, Scorecard.interviewer_id == interviewer_id
            )
        )
        actor = db.session.get(User, interviewer_id)
        try:
            cards.submit(card, _complete_input(card), expected_version=card.version, actor=actor)
        except DomainError as exc:
            db.session.rollback()
            return str(exc)
        time.sleep(hold)  # keep the transaction (and its lock) open a moment
        db.session.commit()
        return "submitted"


def _cancel(app, interview_id: int, actor_id: int, hold: float = 0.0) -> str:
    with app.app_context():
        interview = db.session.get(Interview, interview_id)
        try:
            interviews.cancel_interview(
                interview, reason="Clash", actor=db.session.get(User, actor_id)
            )
        except DomainError as exc:
            db.session.rollback()
            return str(exc)
        time.sleep(hold)
        db.session.commit()
        return "cancelled"


def _race(first, second) -> tuple[str, str]:
    """Start ``first``; once it holds its lock, start ``second``; return both outcomes."""
    results: dict[str, str] = {}
    one = threading.Thread(target=lambda: results.__setitem__("first", first()))
    one.start()
    time.sleep(0.3)  # first has flushed and holds its lock (it holds it for 1.5 s)
    results["second"] = second()
    one.join()
    return results["first"], results["second"]


def test_a_cancellation_in_flight_stops_the_submission(app, make_user, schedule):
    jamie = make_user(roles=["interviewer"])
    recruiter = make_user(roles=["recruiter"])
    interview = schedule([jamie], starts_in=timedelta(days=-1))
    first, second = _race(
        lambda: _cancel(app, interview.id, recruiter.id, hold=1.5),
        lambda: _submit(app, interview.id, jamie.id),
    )
    assert first == "cancelled"
    assert second == "This interview was cancelled, so its scorecard can no longer be submitted."
    with app.app_context():
        card = db.session.scalar(select(Scorecard).where(Scorecard.interview_id == interview.id))
        assert card.status != ScorecardStatus.SUBMITTED


def test_a_submission_in_flight_stops_the_cancellation(app, make_user, schedule):
    jamie = make_user(roles=["interviewer"])
    recruiter = make_user(roles=["recruiter"])
    interview = schedule([jamie], starts_in=timedelta(days=-1))
    first, second = _race(
        lambda: _submit(app, interview.id, jamie.id, hold=1.5),
        lambda: _cancel(app, interview.id, recruiter.id),
    )
    assert first == "submitted"
    assert second == "A scorecard for this interview is already submitted; it stays."
    with app.app_context():
        assert db.session.get(Interview, interview.id).status == InterviewStatus.SCHEDULED


def test_two_interviewers_submit_at_once(app, make_user, schedule):
    jamie = make_user(roles=["interviewer"])
    sam = make_user(roles=["interviewer"])
    interview = schedule([jamie, sam], starts_in=timedelta(days=-1))
    first, second = _race(
        lambda: _submit(app, interview.id, jamie.id, hold=1.5),
        lambda: _submit(app, interview.id, sam.id),
    )
    assert (first, second) == ("submitted", "submitted")
