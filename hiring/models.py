"""Import every domain's models so SQLAlchemy's metadata (and Alembic) sees all tables."""

from hiring.analytics.models import SelfIdentification, SelfIdRequest
from hiring.applications.models import Application, ApplicationEvent
from hiring.audit.models import AuditEvent
from hiring.auth.models import User, UserRole
from hiring.candidates.models import Candidate, Resume
from hiring.coaching.models import (
    ActionItem,
    AgendaTopic,
    CoachingProfile,
    CompetencyRating,
    MotivatorProfile,
    OneOnOne,
    RideAlong,
    SupportCheckIn,
    SupportExpectation,
    SupportPlan,
)
from hiring.debriefs.models import Decision
from hiring.interviews.models import Interview, InterviewInterviewer
from hiring.library.models import (
    Competency,
    Question,
    ReferenceAnswer,
    RoleProfile,
    RoleProfileCompetency,
)
from hiring.mail.models import OutboxMessage
from hiring.onboarding.models import (
    CheckIn,
    CheckInRating,
    Goal,
    GoalActual,
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
from hiring.training.models import (
    CourseCompletion,
    PracticeAttempt,
    PracticeRating,
    PracticeResult,
    QualificationOverride,
    QualificationSignoff,
    ShadowSession,
    TrainingPolicy,
)

__all__ = [
    "ActionItem",
    "AgendaTopic",
    "Application",
    "ApplicationEvent",
    "AuditEvent",
    "CachedPacket",
    "Candidate",
    "CheckIn",
    "CheckInRating",
    "CoachingProfile",
    "Competency",
    "CompetencyRating",
    "CourseCompletion",
    "Decision",
    "Goal",
    "GoalActual",
    "Interview",
    "InterviewInterviewer",
    "MotivatorProfile",
    "OnboardingPlan",
    "OneOnOne",
    "OutboxMessage",
    "PacketBuild",
    "PlanItem",
    "PlanRevision",
    "PlanStage",
    "PlanStageFocus",
    "PlanStageInterviewer",
    "PlanStageQuestion",
    "Position",
    "PracticeAttempt",
    "PracticeRating",
    "PracticeResult",
    "QualificationOverride",
    "QualificationSignoff",
    "Question",
    "RateLimitCounter",
    "ReferenceAnswer",
    "Resume",
    "RideAlong",
    "RoleProfile",
    "RoleProfileCompetency",
    "Scorecard",
    "ScorecardAmendment",
    "ScorecardNote",
    "ScorecardRating",
    "ScorecardReminder",
    "SelfIdRequest",
    "SelfIdentification",
    "ShadowSession",
    "SupportCheckIn",
    "SupportExpectation",
    "SupportPlan",
    "TrainingPolicy",
    "User",
    "UserRole",
]
