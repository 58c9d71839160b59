"""Read-side helpers about the panel's cards, each a fixed number of queries (an
interviewer's own lists are ``hiring.scorecards.mine``), and ``panel_card``: the one
criterion every reader of the panel's judgement filters cards by.

They live here rather than in ``hiring.interviews.queries`` because they read the scorecard
model, and interviews come before scorecards in the flow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Integer,
    Select,
    bindparam,
    func,
    select,
)
from sqlalchemy.orm import joinedload

from hiring.applications.models import Application
from hiring.db import db, utcnow
from hiring.interviews.models import (
    LONGEST_INTERVIEW_MINUTES,
    SCORECARD_DUE_AFTER,
    Interview,
    InterviewStatus,
)
from hiring.scorecards.models import Scorecard, ScorecardStatus


def panel_card(card: type[Scorecard] = Scorecard) -> ColumnElement[bool]:
    """Cards that count as the panel's judgement: not a shadow's (``Scorecard.shadow``, an
    interviewer in training who sat in). Every debrief, comparison, formula, count of cards
    in or missing, late change, analysis, chart and packet filters by this, so a shadow's
    card counts only towards their qualification. ``card`` is ``Scorecard`` or an alias."""
    return card.shadow.is_(False)


#: ``panel_card()`` of ``Scorecard`` itself, for the common case.
PANEL_CARD = panel_card()


#: How many of each list "my interviews" and the home pages show; the rest are a click away.
SHOWN = 10
#: No interview lasts longer (``LONGEST_INTERVIEW_MINUTES``, the cap when booking one), so one
#: that started this long ago has ended: only the few started since need their end in Python.
LONGEST_INTERVIEW = timedelta(minutes=LONGEST_INTERVIEW_MINUTES)


@dataclass(frozen=True)
class _OverdueStatements:
    count: Select[int]
    page: Select[Scorecard]
    window: Select[Scorecard]


@cache
def _overdue_statements() -> _OverdueStatements:
    """The three statements of ``overdue_cards``, built once with bound parameters (surely,
    due_by, limit, offset): the recruiter's home asks them on every view, and building them
    cost more than running them."""
    surely: BindParameter[datetime] = bindparam("surely")
    drafts = (
        select(Scorecard)
        .join(Interview, Interview.id == Scorecard.interview_id)
        .where(
            Scorecard.status == ScorecardStatus.DRAFT,
            Interview.status == InterviewStatus.SCHEDULED,
            # A shadow's late card holds up no one: only its author is reminded of it.
            PANEL_CARD,
        )
        .order_by(Interview.starts_at, Scorecard.id)
        .options(
            joinedload(Scorecard.interview)
            .joinedload(Interview.application)
            .joinedload(Application.candidate),
            joinedload(Scorecard.interview).joinedload(Interview.stage),
            joinedload(Scorecard.interviewer),
        )
    )
    old = drafts.where(Interview.starts_at <= surely)
    return _OverdueStatements(
        count=old.with_only_columns(func.count()).order_by(None),
        page=old.limit(bindparam("limit", type_=Integer)).offset(
            bindparam("offset", type_=Integer)
        ),
        window=drafts.where(
            Interview.starts_at > surely, Interview.starts_at < bindparam("due_by")
        ),
    )


def overdue_cards(
    page: int = 1, per_page: int = SHOWN, now: datetime | None = None
) -> tuple[list[Scorecard], int]:
    """Page ``page`` of the panel's drafts (``PANEL_CARD``) whose card is overdue (a day after
    the interview ended), oldest first, and how many there are, in three queries whatever
    the company's history.

    Cards of interviews started before the longest interview and a day are certainly overdue:
    paged and counted in SQL. The few started in the window since are read whole and checked
    by their exact due time (like ``mine.my_interview_page``)."""
    now = now or utcnow()
    offset = (page - 1) * per_page
    statements = _overdue_statements()
    params = {
        "surely": now - SCORECARD_DUE_AFTER - LONGEST_INTERVIEW,
        "due_by": now - SCORECARD_DUE_AFTER,
        "limit": per_page,
        "offset": offset,
    }
    total = db.session.scalar(statements.count, params) or 0
    cards = list(db.session.scalars(statements.page, params).unique())
    # A due time is at least a day after the start, so nothing started since is overdue yet.
    window = db.session.scalars(statements.window, params).unique()
    recent = [c for c in window if c.interview.scorecard_due_at < now]
    after = max(offset - total, 0)
    cards += recent[after : after + per_page - len(cards)]
    return cards, total + len(recent)
