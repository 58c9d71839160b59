"""Import every domain's models so SQLAlchemy's metadata (and Alembic) sees all tables."""

from hiring.analytics.models import SelfIdentification, SelfIdRequest
from hiring.applications.models import Application, ApplicationEvent
from hiring.audit.models import AuditEvent
from hiring.auth.models import User, UserRole
from hiring.candidates.models import Candidate, Resume
from hiring.debriefs.models import Decision
from hiring.interviews.models import Interview, InterviewInterviewer
from hiring.library.models import Competency, Question, RoleProfile, RoleProfileCompetency
from hiring.mail.models import OutboxMessage
from hiring.onboarding.models import (
    CheckIn,
    Goal,
    GoalActual,
    MeetingRecord,
    OnboardingPlan,
    PlanItem,
)
from hiring.packets.models import CachedPacket, PacketBuild
from hiring.positions.models import (
    PlanRevision,
    PlanStage,
    PlanStageFocus,
    PlanStageInterviewer,
    PlanStageQuestion,
    Position,
)
from hiring.ratelimit import RateLimitCounter
from hiring.scorecards.models import (
    Scorecard,
    ScorecardAmendment,
    ScorecardNote,
    ScorecardRating,
    ScorecardReminder,
)

__all__ = [
    "Application",
    "ApplicationEvent",
    "AuditEvent",
    "CachedPacket",
    "Candidate",
    "CheckIn",
    "Competency",
    "Decision",
    "Goal",
    "GoalActual",
    "Interview",
    "InterviewInterviewer",
    "MeetingRecord",
    "OnboardingPlan",
    "OutboxMessage",
    "PacketBuild",
    "PlanItem",
    "PlanRevision",
    "PlanStage",
    "PlanStageFocus",
    "PlanStageInterviewer",
    "PlanStageQuestion",
    "Position",
    "Question",
    "RateLimitCounter",
    "Resume",
    "RoleProfile",
    "RoleProfileCompetency",
    "Scorecard",
    "ScorecardAmendment",
    "ScorecardNote",
    "ScorecardRating",
    "ScorecardReminder",
    "SelfIdRequest",
    "SelfIdentification",
    "User",
    "UserRole",
]
