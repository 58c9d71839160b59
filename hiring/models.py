"""Import every domain's models so SQLAlchemy's metadata (and Alembic) sees all tables."""

from hiring.audit.models import AuditEvent
from hiring.auth.models import User, UserRole
from hiring.library.models import Competency, Question, RoleProfile, RoleProfileCompetency
from hiring.mail.models import OutboxMessage
from hiring.positions.models import (
    PlanRevision,
    PlanStage,
    PlanStageFocus,
    PlanStageInterviewer,
    PlanStageQuestion,
    Position,
)
from hiring.ratelimit import RateLimitCounter

__all__ = [
    "AuditEvent",
    "Competency",
    "OutboxMessage",
    "PlanRevision",
    "PlanStage",
    "PlanStageFocus",
    "PlanStageInterviewer",
    "PlanStageQuestion",
    "Position",
    "Question",
    "RateLimitCounter",
    "RoleProfile",
    "RoleProfileCompetency",
    "User",
    "UserRole",
]
