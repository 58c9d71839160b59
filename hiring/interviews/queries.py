"""Read-side helpers for interview pages, each a fixed number of queries.

Interviews come before scorecards in the flow, so nothing here imports ``hiring.scorecards``:
an interview's cards are loaded through the ``Interview.scorecards`` relationship, and what is
about an interviewer's own cards lives with the scorecards: "my interviews" in
``hiring.scorecards.mine``, the card a person may fill in ``hiring.scorecards.card_loading``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from sqlalchemy import Select, bindparam, inspect, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from hiring.applications.models import Application
from hiring.db import db
from hiring.interviews.models import Interview, InterviewInterviewer
from hiring.positions.models import PlanRevision, PlanStage


def interview_options() -> list[object]:
    """What an interview's page shows of it: candidate, position and stage (the interviewers
    come from ``load_panels``, by a statement built once, once the interview is loaded)."""
    application = joinedload(Interview.application)
    return [
        application.joinedload(Application.candidate),
        application.joinedload(Application.position),
        joinedload(Interview.stage),
    ]


def load_panels(interviews: Sequence[Interview]) -> None:
    """Fill in each interview's interviewers with their people, in one statement built once.
    A relationship load built its statement and cache key anew on every interview page and
    scorecard page."""
    if not interviews:
        return
    seats: dict[int, list[InterviewInterviewer]] = {i.id: [] for i in interviews}
    for seat in db.session.scalars(_panels(), {"interview_ids": list(seats)}):
        seats[seat.interview_id].append(seat)
    for interview in interviews:
        set_committed_value(interview, "interviewers", seats[interview.id])


@cache
def _panels() -> Select[InterviewInterviewer]:
    return (
        select(InterviewInterviewer)
        .where(InterviewInterviewer.interview_id.in_(bindparam("interview_ids", expanding=True)))
        .options(joinedload(InterviewInterviewer.user))
        .order_by(InterviewInterviewer.interview_id, InterviewInterviewer.user_id)
    )


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
    interview = db.session.scalars(_interview_page(), {"interview_id": interview_id}).first()
    if interview is not None:
        load_panels([interview])
    return interview


def application_interviews(application_id: int) -> list[Interview]:
    interviews = list(
        db.session.scalars(_application_interviews(), {"application_id": application_id})
    )
    load_panels(interviews)
    return interviews


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
