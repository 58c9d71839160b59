"""Read-side helpers for application lists, each a fixed number of queries whatever the
number of rows (the pipeline board has its own module, ``hiring.applications.board``).

The candidate list is here, not in ``hiring.candidates``: which candidates a hiring manager
sees depends on their applications, and candidates come before applications in the flow."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from hiring.applications.models import Application, ApplicationEvent
from hiring.applications.services import APPLY_STATUSES
from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.candidates.permissions import manages_all
from hiring.candidates.services import SOURCES
from hiring.db import db
from hiring.positions.models import PlanRevision, Position


def candidate_list(user: User, *, q: str = "", source: str = "") -> Select[Any]:
    """Candidates the user may see, newest first, with their applications and positions
    loaded up front (the list names each one's stage from ``current_stage_names``)."""
    query = select(Candidate).options(
        selectinload(Candidate.applications).joinedload(Application.position)
    )
    if not manages_all(user):
        # Hiring managers: only people who applied to a position they manage.
        query = query.where(
            Candidate.applications.any(
                Application.position.has(Position.hiring_manager_id == user.id)
            )
        )
    if q:
        needle = q.lower()
        query = query.where(
            or_(
                func.lower(Candidate.name).contains(needle, autoescape=True),
                Candidate.email.contains(needle, autoescape=True),
                Candidate.phone.contains(q, autoescape=True),
            )
        )
    if source in SOURCES:
        query = query.where(Candidate.source == source)
    return query.order_by(Candidate.created_at.desc(), Candidate.id.desc())


def candidate_applications(candidate: Candidate) -> list[Application]:
    return list(
        db.session.scalars(
            select(Application)
            .where(Application.candidate_id == candidate.id)
            .options(
                joinedload(Application.position)
                .selectinload(Position.plan_revisions)
                .selectinload(PlanRevision.stages)
            )
            .order_by(Application.applied_at.desc(), Application.id.desc())
        )
    )


def positions_to_apply() -> list[Position]:
    """Open and draft positions, open first."""
    return list(
        db.session.scalars(
            select(Position)
            .where(Position.status.in_(APPLY_STATUSES))
            .order_by(Position.status.desc(), Position.title, Position.id)
        )
    )


def load_application(application_id: int) -> Application | None:
    """An application with what its page shows of it in the same query: the candidate, and
    the position with its hiring manager and recruiter."""
    return db.session.get(
        Application,
        application_id,
        options=[
            joinedload(Application.candidate),
            joinedload(Application.position).joinedload(Position.hiring_manager),
            joinedload(Application.position).joinedload(Position.recruiter),
        ],
    )


def application_events(application: Application) -> list[ApplicationEvent]:
    return list(
        db.session.scalars(
            select(ApplicationEvent)
            .where(ApplicationEvent.application_id == application.id)
            .options(joinedload(ApplicationEvent.actor))
            .order_by(ApplicationEvent.occurred_at.desc(), ApplicationEvent.id.desc())
        )
    )
