"""Independence: nobody on a candidate's panel sees another interviewer's judgement before
submitting their own.

ONE rule decides every place a rating, note, recommendation, formula verdict or decision
reason could show (pages, CSV, PDF; mail and calendar never carry them): ``owes_scorecard``
for a batch of applications, ``can_see_others_ratings`` for one. A person is *on the panel*
of an application when they are a default interviewer of a stage of the position's current
plan (``PlanStageInterviewer``) or on the panel of one of its interviews
(``InterviewInterviewer``, or holding a card on it), the hiring manager included. Per stage
(matched by its place in the plan, so a stage of an older revision is the same stage):

* a stage with a scheduled interview is owed by everyone on that interview's panel until
  their card for it is submitted; a default interviewer left off (or taken off) that panel
  owes nothing for it: the interview's panel is the record of who interviews;
* a stage whose only interviews were cancelled no longer counts;
* a stage not booked yet is owed by its default interviewers while the candidate can still
  reach it: the application is open and neither its current stage nor a booked interview is
  past it. Removing someone from the stage's default interviewers is the record that they
  are off it (there is no separate "taken off the panel" row).

Admins, recruiters and the position's hiring manager who owe nothing see everything, as
does an interviewer whose every card for the candidate is in.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Integer, Select, and_, bindparam, func, or_, select

from hiring.applications.models import Application, ApplicationStatus
from hiring.auth.models import Role, User
from hiring.db import db
from hiring.interviews.models import Interview, InterviewInterviewer, InterviewStatus
from hiring.positions.models import PlanRevision, PlanStage, PlanStageInterviewer
from hiring.scorecards.models import Scorecard, ScorecardStatus


def can_fill(user: User, card: Scorecard) -> bool:
    """Only the interviewer writes their own card (a recruiter never fills one)."""
    return card.interviewer_id == user.id


def can_open_card(user: User, card: Scorecard) -> bool:
    """The interviewer opens their card while the interview is scheduled (a cancelled
    interview keeps no scorecard to fill)."""
    return can_fill(user, card) and card.interview.status == InterviewStatus.SCHEDULED


def sees_card(user: User, card: Scorecard) -> bool:
    """Whether a card shows in an interview's list of cards: a shadow's card (an interviewer
    in training who sat in) is theirs alone, never part of what the panel or the people who
    decide see; every other card shows (its content follows ``sees_recommendation``)."""
    return not card.shadow or can_fill(user, card)


def sees_recommendation(user: User, card: Scorecard, others_visible: bool) -> bool:
    """A card's recommendation shows to its author, and to others once the page's reader may
    see others' ratings (``others_visible``: ``can_see_others_ratings``, asked once a page)."""
    return can_fill(user, card) or others_visible


#: Applications still in the process; a closed one owes only through its own interviews.
_OPEN = tuple(status for status in ApplicationStatus if status.is_open)


@dataclass
class _Standing:
    """One viewer's place on one application's panel."""

    is_open: bool
    progress: int  # the furthest stage reached (current stage or a booked interview), or -1
    booked: set[int] = field(default_factory=set)  # stage places with any interview
    owed: bool = False  # a scheduled interview whose panel they are on, card not submitted
    submitted: bool = False  # at least one card of theirs is in


@dataclass(frozen=True)
class _StandingStatements:
    applications: Select[int, ApplicationStatus, int | None]
    interviews: Select[int, InterviewStatus, int, bool, ScorecardStatus]
    default_places: Select[int]


@cache
def _standing_statements(some: bool) -> _StandingStatements:
    """``_standings``' three statements for a whole position (``some``: for the ids bound as
    ``ids``), built once with bound parameters: every debrief, application page and manager's
    home asks, often more than once, and building them cost more than running them."""
    user_id = bindparam("user_id", type_=Integer)
    position_id = bindparam("position_id", type_=Integer)
    scope = [Application.position_id == position_id]
    if some:
        scope.append(Application.id.in_(bindparam("ids", expanding=True)))
    is_open = Application.status.in_(_OPEN)
    applications = select(Application.id, Application.status, Application.stage_index).where(*scope)
    if not some:
        # A closed application is owed only through an interview its reader sat on, which
        # the next statement brings: the position's closed history is never read whole.
        applications = applications.where(is_open)
    interviews = (
        select(
            Interview.application_id,
            Interview.status,
            PlanStage.position,
            InterviewInterviewer.user_id.is_not(None),
            Scorecard.status,
        )
        .join(Application, Application.id == Interview.application_id)
        .join(PlanStage, PlanStage.id == Interview.stage_id)
        .outerjoin(
            InterviewInterviewer,
            and_(
                InterviewInterviewer.interview_id == Interview.id,
                InterviewInterviewer.user_id == user_id,
            ),
        )
        .outerjoin(
            Scorecard,
            and_(Scorecard.interview_id == Interview.id, Scorecard.interviewer_id == user_id),
        )
        # Only interviews that can make the reader owe: theirs, or any of an open application
        # (its stage places decide what default interviewers still owe).
        .where(
            *scope,
            or_(InterviewInterviewer.user_id.is_not(None), Scorecard.id.is_not(None), is_open),
        )
    )
    latest = (
        select(func.max(PlanRevision.number))
        .where(PlanRevision.position_id == position_id)
        .scalar_subquery()
    )
    default_places = (
        select(PlanStage.position)
        .join(PlanRevision, PlanRevision.id == PlanStage.revision_id)
        .join(PlanStageInterviewer, PlanStageInterviewer.stage_id == PlanStage.id)
        .where(
            PlanRevision.position_id == position_id,
            PlanRevision.number == latest,
            PlanStageInterviewer.user_id == user_id,
        )
    )
    return _StandingStatements(applications, interviews, default_places)


def _standings(
    user_id: int, position_id: int, application_ids: Collection[int] | None
) -> dict[int, _Standing]:
    """The viewer's standing on the applications of the position (or just those given):
    three queries, however many applications, interviews and cards there are. For a whole
    position, a closed application appears only through an interview the viewer sat on (the
    only way it can be owed), so the position's history is not read."""
    statements = _standing_statements(application_ids is not None)
    params: dict[str, Any] = {"user_id": user_id, "position_id": position_id}
    if application_ids is not None:
        params["ids"] = sorted(application_ids)
    standings = {
        app_id: _Standing(status.is_open, -1 if stage_index is None else stage_index)
        for app_id, status, stage_index in db.session.execute(statements.applications, params)
    }
    for app_id, status, place, on_panel, card_status in db.session.execute(
        statements.interviews, params
    ):
        standing = standings.get(app_id) or standings.setdefault(app_id, _Standing(False, -1))
        standing.booked.add(place)
        if status != InterviewStatus.SCHEDULED:
            continue
        standing.progress = max(standing.progress, place)
        if card_status == ScorecardStatus.SUBMITTED:
            standing.submitted = True
        elif on_panel or card_status is not None:
            standing.owed = True
    defaults = set(db.session.scalars(statements.default_places, params))
    for standing in standings.values():
        if standing.is_open and any(
            place >= standing.progress and place not in standing.booked for place in defaults
        ):
            standing.owed = True
    return standings


def owes_scorecard(
    user_id: int, position_id: int, application_ids: Collection[int] | None = None
) -> set[int]:
    """The applications of the position (or of ``application_ids`` in it) whose panel
    ``user_id`` is on with a stage still to submit a card for: for those they see no one
    else's judgement (a fixed number of queries, for list pages)."""
    standings = _standings(user_id, position_id, application_ids)
    return {app_id for app_id, s in standings.items() if s.owed}


def can_see_others_ratings(user: User, application: Application) -> bool:
    """Whether ``user`` may see other interviewers' submitted ratings for ``application``."""
    standing = _standings(user.id, application.position_id, [application.id]).get(application.id)
    if standing is None or standing.owed:
        return False
    if standing.submitted:  # an interviewer whose every card for the candidate is in
        return True
    if user.has_role(Role.ADMIN, Role.RECRUITER):
        return True
    return application.position.hiring_manager_id == user.id
