"""The interviewer's own card, loaded with what the request that asks needs: its page, the
kit beside it, or an autosave (``CardLoad``)."""

from __future__ import annotations

from enum import Enum
from functools import cache
from typing import Any

from sqlalchemy import Integer, Select, bindparam, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from hiring.auth.models import User
from hiring.db import db
from hiring.interviews.models import Interview, InterviewStatus
from hiring.interviews.queries import interview_options, load_panels
from hiring.positions.models import PlanStage
from hiring.positions.queries import load_stage_lists
from hiring.scorecards.models import (
    Scorecard,
    ScorecardAmendment,
    ScorecardNote,
    ScorecardRating,
)


class CardLoad(Enum):
    """How much ``own_card`` loads with a card, for the request that asks."""

    #: An autosave: the card's ratings and notes, and the stage's focus competencies and
    #: planned questions (what the form checks and the save writes).
    AUTOSAVE = "autosave"
    #: A page about the card: also the interview's list details (candidate, position,
    #: interviewers), the stage's revision and the card's amendments.
    PAGE = "page"
    #: The scorecard page: also everything its kit shows beside the form
    #: (``positions.queries.load_stage_lists``), so the kit does not read the stage again.
    PAGE_WITH_KIT = "page_with_kit"


def own_card(user: User, interview_id: int, *, load: CardLoad = CardLoad.PAGE) -> Scorecard | None:
    """``user``'s card for a scheduled interview (None when there is none to fill), with
    what ``load`` names (never the other interviewers' cards: the form does not show them)."""
    card = db.session.scalars(
        _own_card_statement(load), {"interview_id": interview_id, "user_id": user.id}
    ).first()
    if card is None:
        return None
    # The card's and its stage's lists, each by a statement built once (a selectin load
    # builds its statement and cache key anew on every request: a fifth of an autosave).
    ratings, notes = _card_lists()
    set_committed_value(card, "ratings", list(db.session.scalars(ratings, {"card_id": card.id})))
    set_committed_value(card, "notes", list(db.session.scalars(notes, {"card_id": card.id})))
    load_stage_lists(card.interview.stage, kit=load is CardLoad.PAGE_WITH_KIT)
    if load is not CardLoad.AUTOSAVE:
        load_panels([card.interview])
        # Only a submitted card is ever amended (a draft is edited): a draft's page, the
        # common case, is spared the query.
        amendments = (
            list(db.session.scalars(_amendments(), {"card_id": card.id}))
            if card.is_submitted
            else []
        )
        set_committed_value(card, "amendments", amendments)
    return card


@cache
def _card_lists() -> tuple[Select[ScorecardRating], Select[ScorecardNote]]:
    """A card's ratings and notes, in their relationships' order."""
    card_id = bindparam("card_id", type_=Integer)
    return (
        select(ScorecardRating)
        .where(ScorecardRating.scorecard_id == card_id)
        .order_by(ScorecardRating.competency_id),
        select(ScorecardNote)
        .where(ScorecardNote.scorecard_id == card_id)
        .order_by(ScorecardNote.question_id),
    )


@cache
def _amendments() -> Select[ScorecardAmendment]:
    return (
        select(ScorecardAmendment)
        .where(ScorecardAmendment.scorecard_id == bindparam("card_id"))
        .options(joinedload(ScorecardAmendment.actor))
        .order_by(ScorecardAmendment.amended_at, ScorecardAmendment.id)
    )


@cache
def _own_card_statement(load: CardLoad) -> Select[Scorecard]:
    """Built once per process and kind of load, with bound parameters: the scorecard page
    and every autosave ask it, and composing its loader options cost more than running it."""
    interview = joinedload(Scorecard.interview)
    stage = interview.joinedload(Interview.stage)
    options: list[Any] = [stage]
    if load is not CardLoad.AUTOSAVE:
        options += [
            interview.options(*interview_options()),  # type: ignore[arg-type]
            stage.joinedload(PlanStage.revision),
        ]
    return (
        select(Scorecard)
        .join(Interview, Interview.id == Scorecard.interview_id)
        .where(
            Scorecard.interview_id == bindparam("interview_id"),
            Scorecard.interviewer_id == bindparam("user_id"),
            Interview.status == InterviewStatus.SCHEDULED,
        )
        .options(*options)
    )
