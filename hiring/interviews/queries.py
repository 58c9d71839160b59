"""Read-side helpers for interview pages, each a fixed number of queries.

Interviews come before scorecards in the flow, so nothing here imports ``hiring.scorecards``:
an interview's cards are loaded through the ``Interview.scorecards`` relationship, and what is
about an interviewer's own cards ("my interviews", the card a person may fill) lives in
``hiring.scorecards.queries``.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import Select, bindparam, inspect, select
from sqlalchemy.orm import joinedload, selectinload

from hiring.applications.models import Application
from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.db import db
from hiring.interviews.models import Interview, InterviewInterviewer
from hiring.positions.models import PlanRevision, PlanStage, Position


def interview_options(*, listed: bool = False) -> list[object]:
    """What every interview list shows: candidate, position, stage and interviewers (those
    in a second query: joined, they would repeat each interview's row once per interviewer).

    ``listed``: only the columns a list row names (candidate, position title, stage name,
    interviewers' names). The rest of each row (a candidate's notes and links, a stage's
    instructions, a person's account) is what made a long list cost several times its
    query; anything else a page reads later loads on its own.
    """
    application = joinedload(Interview.application)
    if not listed:
        return [
            application.joinedload(Application.candidate),
            application.joinedload(Application.position),
            joinedload(Interview.stage),
            selectinload(Interview.interviewers).joinedload(InterviewInterviewer.user),
        ]
    application = application.load_only(Application.candidate_id, Application.position_id)
    return [
        application.joinedload(Application.candidate).load_only(Candidate.name),
        application.joinedload(Application.position).load_only(Position.title),
        joinedload(Interview.stage).load_only(PlanStage.name),
        selectinload(Interview.interviewers)
        .joinedload(InterviewInterviewer.user)
        .load_only(User.name),
    ]


def _with_cards() -> object:
    """The interview's cards with what their one-line summaries show: who filled each (its
    status, recommendation and shadow flag are the card's own columns).

    The card's ratings, notes and amendments are never shown beside an interview: loading
    them (a wildcard did) cost three queries per page. The interviewer is named through the
    relationship's mapper, so this module, earlier in the flow, imports no scorecard model.
    """
    card = inspect(Interview).relationships["scorecards"].mapper
    interviewer = card.relationships["interviewer"].class_attribute
    return selectinload(Interview.scorecards).joinedload(interviewer)


def load_interview(interview_id: int) -> Interview | None:
    return db.session.scalars(_interview_page(), {"interview_id": interview_id}).first()


def application_interviews(application_id: int) -> list[Interview]:
    return list(db.session.scalars(_application_interviews(), {"application_id": application_id}))


# The two statements above are built once, with bound parameters: the interview and
# application pages ask them on every view, and composing their loader options cost more
# than running them.


@cache
def _interview_page() -> Select[Interview]:
    return (
        select(Interview)
        .where(Interview.id == bindparam("interview_id"))
        .options(
            *interview_options(),  # type: ignore[arg-type]
            joinedload(Interview.stage).joinedload(PlanStage.revision),
            _with_cards(),  # type: ignore[arg-type]
        )
    )


@cache
def _application_interviews() -> Select[Interview]:
    return (
        select(Interview)
        .where(Interview.application_id == bindparam("application_id"))
        .options(
            joinedload(Interview.stage).selectinload(PlanStage.focus),
            selectinload(Interview.interviewers).joinedload(InterviewInterviewer.user),
            _with_cards(),  # type: ignore[arg-type]
        )
        .order_by(Interview.starts_at)
    )


def stage_to_schedule(
    application: Application, plan: PlanRevision, wanted_id: int | None
) -> PlanStage:
    """The stage a new booking starts at: the one asked for, else the one the candidate is at
    (a recruiter moves the candidate, then books that stage), the first for a new candidate
    and the last when the plan has since lost stages."""
    by_id = {s.id: s for s in plan.stages}
    if wanted_id is not None and wanted_id in by_id:
        return by_id[wanted_id]
    if application.stage_index is None:
        return plan.stages[0]
    return plan.stages[min(application.stage_index, len(plan.stages) - 1)]
