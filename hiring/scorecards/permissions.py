"""Independence: nobody sees another interviewer's ratings before submitting their own.

These predicates decide every place a rating, note or recommendation could show: pages,
CSV, PDF and JSON all ask them.
"""

from __future__ import annotations

from sqlalchemy import select

from hiring.applications.models import Application
from hiring.auth.models import Role, User
from hiring.db import db
from hiring.interviews.models import Interview, InterviewStatus
from hiring.scorecards.models import Scorecard, ScorecardStatus


def can_fill(user: User, card: Scorecard) -> bool:
    """Only the interviewer writes their own card (a recruiter never fills one)."""
    return card.interviewer_id == user.id


def can_open_card(user: User, card: Scorecard) -> bool:
    """The interviewer opens their card while the interview is scheduled (a cancelled
    interview keeps no scorecard to fill)."""
    return can_fill(user, card) and card.interview.status == InterviewStatus.SCHEDULED


def sees_recommendation(user: User, card: Scorecard, others_visible: bool) -> bool:
    """A card's recommendation shows to its author, and to others once the page's reader may
    see others' ratings (``others_visible``: ``can_see_others_ratings``, asked once a page)."""
    return can_fill(user, card) or others_visible


def own_cards_for_application(user: User, application_id: int) -> list[Scorecard]:
    return list(
        db.session.scalars(
            select(Scorecard)
            .join(Interview)
            .where(
                Interview.application_id == application_id,
                Interview.status == InterviewStatus.SCHEDULED,
                Scorecard.interviewer_id == user.id,
            )
        )
    )


def can_see_others_ratings(user: User, application: Application) -> bool:
    """Whether ``user`` may see other interviewers' submitted ratings for ``application``."""
    mine = own_cards_for_application(user, application.id)
    if mine:
        # An interviewer on this application: only once every card of theirs is submitted.
        return all(card.status == ScorecardStatus.SUBMITTED for card in mine)
    if user.has_role(Role.ADMIN, Role.RECRUITER):
        return True
    position = application.position
    return position.hiring_manager_id == user.id
