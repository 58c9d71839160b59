"""An interviewer's own lists ("my interviews", the homes' scorecards due and upcoming
interviews), each a fixed number of queries whatever their history: the rows come with the
names they show as plain columns, and each list is limited and counted in SQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    CompoundSelect,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    func,
    literal,
    select,
    union_all,
)

from hiring.applications.models import Application
from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.db import db, utcnow
from hiring.interviews.models import (
    Interview,
    InterviewInterviewer,
    InterviewStatus,
)
from hiring.positions.models import PlanStage, Position
from hiring.scorecards.models import Scorecard, ScorecardStatus
from hiring.scorecards.queries import LONGEST_INTERVIEW, SHOWN


@dataclass
class MyInterview:
    """One row of an interviewer's lists: the interview and their card, with what the row
    names read as plain columns (no candidate, position, stage or colleague objects: loading
    those cost several times the rows' query on a full page)."""

    interview: Interview
    card: Scorecard | None
    candidate_name: str = ""
    position_title: str = ""
    stage_name: str = ""
    #: The interviewers' names, by name: those whose cards count, and the shadows.
    panel: list[str] = field(default_factory=list)
    shadows: list[str] = field(default_factory=list)

    @property
    def overdue(self) -> bool:
        return self.due and self.interview.scorecard_due_at < utcnow()

    @property
    def due(self) -> bool:
        """Ended, and my scorecard is not submitted yet."""
        return self.interview.ends_at <= utcnow() and not (self.card and self.card.is_submitted)


#: How many of the interviews whose card I submitted "my interviews" recalls (the rest are on
#: the paged "past interviews").
RECENTLY_SUBMITTED = 5


@dataclass
class MyInterviews:
    """An interviewer's lists, each at most ``SHOWN`` long, with the full counts."""

    #: Scorecards due, overdue first, and how many there are.
    due: list[MyInterview]
    due_count: int
    #: Interviews not over yet, soonest first, and how many.
    upcoming: list[MyInterview]
    upcoming_count: int
    #: The latest ``RECENTLY_SUBMITTED`` interviews whose card I submitted, the latest
    #: submitted first.
    done: list[MyInterview]
    #: Every interview of mine that has started (the paged "past interviews").
    past_count: int


def _mine(user_id: int | BindParameter[int]) -> Select[Interview, Scorecard]:
    """My scheduled interviews with my card (if any), newest concerns left to the caller."""
    return (
        select(Interview, Scorecard)
        .join(InterviewInterviewer, InterviewInterviewer.interview_id == Interview.id)
        .outerjoin(
            Scorecard,
            (Scorecard.interview_id == Interview.id) & (Scorecard.interviewer_id == user_id),
        )
        .where(
            InterviewInterviewer.user_id == user_id,
            Interview.status == InterviewStatus.SCHEDULED,
        )
    )


def _not_submitted() -> ColumnElement[bool]:
    return Scorecard.id.is_(None) | (Scorecard.status != ScorecardStatus.SUBMITTED)


def _named(statement: Select[Interview, Scorecard]) -> Select[Any]:
    """``statement`` with the candidate's name, the position's title and the stage's name."""
    return (
        statement.add_columns(Candidate.name, Position.title, PlanStage.name)
        .join(Application, Application.id == Interview.application_id)
        .join(Candidate, Candidate.id == Application.candidate_id)
        .join(Position, Position.id == Application.position_id)
        .join(PlanStage, PlanStage.id == Interview.stage_id)
    )


@cache
def _panel_names() -> Select[int, str, bool]:
    """Who sits on each of a few interviews, by name (``ids``), built once."""
    return (
        select(InterviewInterviewer.interview_id, User.name, InterviewInterviewer.shadow)
        .join(User, User.id == InterviewInterviewer.user_id)
        .where(InterviewInterviewer.interview_id.in_(bindparam("ids", expanding=True)))
        .order_by(InterviewInterviewer.user_id)
    )


def _my_rows(rows: Iterable[Any]) -> list[MyInterview]:
    """Rows of (interview, card, candidate, position, stage) with each panel's names, in one
    more query."""
    found = [MyInterview(row[0], row[1], row[2], row[3], row[4]) for row in rows]
    if found:
        by_id = {item.interview.id: item for item in found}
        for interview_id, name, shadow in db.session.execute(_panel_names(), {"ids": list(by_id)}):
            item = by_id[interview_id]
            (item.shadows if shadow else item.panel).append(name)
        for item in found:
            # By name as Python orders text, as ``Interview.panel_users`` does: a database
            # collation (PostgreSQL's locale) may order names differently.
            item.panel.sort()
            item.shadows.sort()
    return found


def _rows(statement: Select[Interview, Scorecard]) -> list[MyInterview]:
    return _my_rows(db.session.execute(_named(statement)))


@dataclass(frozen=True)
class _MyInterviewStatements:
    counts: Select[int, int, int]
    picked: CompoundSelect[Any]
    found: Select[Any]


@cache
def _my_interview_statements() -> _MyInterviewStatements:
    """The three statements of ``my_interviews``, built once with bound parameters (user,
    now, ended_by, shown, ids): every home page and "my interviews" runs them, and building
    them (and their cache keys) cost more than running them."""
    now: BindParameter[datetime] = bindparam("now")
    ended_by: BindParameter[datetime] = bindparam("ended_by")
    shown = bindparam("shown", type_=Integer)
    user_id = bindparam("user_id", type_=Integer)
    mine = _mine(user_id)
    # Upcoming and recently submitted are read along an index in their own order (the
    # interviews' start; the interviewer's cards by submission), the interviewer's place on
    # the panel checked per row: the interviewer's whole history is neither read nor sorted.
    on_panel = (
        select(InterviewInterviewer.interview_id)
        .where(
            InterviewInterviewer.interview_id == Interview.id,
            InterviewInterviewer.user_id == user_id,
        )
        .exists()
    )
    scheduled = Interview.status == InterviewStatus.SCHEDULED
    counts = mine.with_only_columns(
        func.count(case((and_(Interview.starts_at <= ended_by, _not_submitted()), 1))),
        func.count(case((Interview.starts_at > now, 1))),
        func.count(case((Interview.starts_at <= now, 1))),
    ).order_by(None)
    # The ids of each list in one query, then those interviews in one more (and its eager
    # loads), so the number of queries does not depend on which lists have rows.
    parts = {
        "recent": mine.where(Interview.starts_at > ended_by, Interview.starts_at <= now),
        "due": mine.where(Interview.starts_at <= ended_by, _not_submitted())
        .order_by(Interview.starts_at, Interview.id)
        .limit(shown),
        "later": select(Interview)
        .where(on_panel, scheduled, Interview.starts_at > now)
        .order_by(Interview.starts_at, Interview.id)
        .limit(shown),
        "done": select(Interview)
        .join(Scorecard, Scorecard.interview_id == Interview.id)
        .where(
            Scorecard.interviewer_id == user_id,
            Scorecard.status == ScorecardStatus.SUBMITTED,
            # A card marked submitted without the moment (old data) was not "recently"
            # submitted; leaving it out also orders the same on SQLite and PostgreSQL,
            # which put NULLs at opposite ends.
            Scorecard.submitted_at.is_not(None),
            on_panel,
            scheduled,
        )
        .order_by(Scorecard.submitted_at.desc(), Scorecard.id.desc())
        .limit(bindparam("recently_submitted", type_=Integer)),
    }
    picked = union_all(
        *(
            select(
                part.with_only_columns(
                    Interview.id.label("id"), literal(tag).label("tag")
                ).subquery()
            )
            for tag, part in parts.items()
        )
    )
    # A few interviews by id, with the names their rows show.
    found = _named(mine.where(Interview.id.in_(bindparam("ids", expanding=True))))
    return _MyInterviewStatements(counts, picked, found)


def my_interviews(
    user: User, *, shown: int = SHOWN, recently_submitted: int = RECENTLY_SUBMITTED
) -> MyInterviews:
    """What an interviewer needs now, in a fixed number of queries whatever their history.

    Interviews started before the longest possible one have certainly ended, so due cards and
    upcoming interviews are limited and counted in SQL; the few that started since (at most a
    working day's worth) are read whole and sorted by their exact end here.
    """
    now = utcnow()
    ended_by = now - LONGEST_INTERVIEW
    statements = _my_interview_statements()
    params = {
        "user_id": user.id,
        "now": now,
        "ended_by": ended_by,
        "shown": shown,
        "recently_submitted": recently_submitted,
    }
    counts = db.session.execute(statements.counts, params).one()
    tags: dict[int, set[str]] = {}
    for interview_id, tag in db.session.execute(statements.picked, params):
        tags.setdefault(interview_id, set()).add(tag)
    found = _my_rows(db.session.execute(statements.found, {**params, "ids": list(tags)}))
    by_start = sorted(found, key=lambda i: (i.interview.starts_at, i.interview.id))

    def tagged(tag: str) -> list[MyInterview]:
        return [i for i in by_start if tag in tags[i.interview.id]]

    recent, older_due, later = tagged("recent"), tagged("due"), tagged("later")
    done = sorted(tagged("done"), key=_submitted, reverse=True)
    recent_due = [i for i in recent if i.due]
    running = [i for i in recent if i.interview.ends_at > now]
    due = sorted(older_due + recent_due, key=lambda i: i.interview.scorecard_due_at)
    return MyInterviews(
        due=due[:shown],
        due_count=counts[0] + len(recent_due),
        upcoming=(running + later)[:shown],
        upcoming_count=len(running) + counts[1],
        done=done,
        past_count=counts[2],
    )


def _submitted(item: MyInterview) -> tuple[datetime, int]:
    """When my card was submitted, then its id ("done" reads only cards with the moment; the
    key stays total whatever a row holds)."""
    card = item.card
    if card is None:
        return _NEVER, 0
    return card.submitted_at or _NEVER, card.id


_NEVER = datetime.min.replace(tzinfo=UTC)


#: The paged lists of "my interviews" (``/interviews/mine/<which>``).
MINE_LISTS = ("due", "upcoming", "past")


def my_interview_page(
    user: User, which: str, page: int, per_page: int
) -> tuple[list[MyInterview], int]:
    """Page ``page`` of ``which`` (one of ``MINE_LISTS``) and how many rows that list has.

    Due cards come oldest first: those of interviews certainly over are paged in SQL (by
    start, which is their due order but for panels of different lengths hours apart), then
    the few that ended in the last hours, read whole like ``my_interviews`` does."""
    now = utcnow()
    mine, offset = _mine(user.id), (page - 1) * per_page
    if which == "upcoming":
        mine = mine.where(Interview.starts_at > now).order_by(Interview.starts_at, Interview.id)
    elif which == "past":
        mine = mine.where(Interview.starts_at <= now).order_by(
            Interview.starts_at.desc(), Interview.id.desc()
        )
    else:
        ended_by = now - LONGEST_INTERVIEW
        mine = mine.where(Interview.starts_at <= ended_by, _not_submitted()).order_by(
            Interview.starts_at, Interview.id
        )
        recent = _mine(user.id).where(Interview.starts_at > ended_by, Interview.starts_at <= now)
        recent_due = [i for i in _rows(recent.order_by(Interview.starts_at)) if i.due]
    total = db.session.scalar(mine.with_only_columns(func.count()).order_by(None)) or 0
    rows = _rows(mine.limit(per_page).offset(offset))
    if which == "due":
        after = max(offset - total, 0)
        rows += recent_due[after : after + per_page - len(rows)]
        total += len(recent_due)
    return rows, total
