"""Voluntary self-identification, kept apart from every evaluation record.

A candidate's answers live in their own table, linked to the candidate only (never to an
application, a scorecard or a decision), so no page that shows an application or a candidate
joins them in. They are read in one place: the adverse-impact section, in aggregate, by
admins (``hiring.analytics.impact_queries``). The categories are the EEO-1 report's; every
question can be declined ("prefer not to say") or left unanswered.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from hiring.db import Model, UTCDateTime, utcnow, value_enum

PREFER_NOT = "prefer_not"
NOT_ANSWERED = "not_answered"
#: What a question's declined and empty answers read as.
UNSTATED_LABELS = {PREFER_NOT: "Prefer not to say", NOT_ANSWERED: "Not answered"}


class Answer(enum.StrEnum):
    @property
    def label(self) -> str:
        return UNSTATED_LABELS.get(self.value) or LABELS[self.value]

    @property
    def stated(self) -> bool:
        """An answer that places the person in a group (not declined, not empty)."""
        return self.value not in UNSTATED_LABELS


class Sex(Answer):
    FEMALE = "female"
    MALE = "male"
    PREFER_NOT = "prefer_not"
    NOT_ANSWERED = "not_answered"


class RaceEthnicity(Answer):
    """The EEO-1 race/ethnicity categories (Hispanic or Latino first, as the form asks it)."""

    HISPANIC_LATINO = "hispanic_latino"
    WHITE = "white"
    BLACK = "black"
    PACIFIC_ISLANDER = "pacific_islander"
    ASIAN = "asian"
    AMERICAN_INDIAN = "american_indian"
    TWO_OR_MORE = "two_or_more"
    PREFER_NOT = "prefer_not"
    NOT_ANSWERED = "not_answered"


class Veteran(Answer):
    PROTECTED = "protected_veteran"
    NOT_PROTECTED = "not_protected_veteran"
    PREFER_NOT = "prefer_not"
    NOT_ANSWERED = "not_answered"


class Disability(Answer):
    YES = "disability"
    NO = "no_disability"
    PREFER_NOT = "prefer_not"
    NOT_ANSWERED = "not_answered"


LABELS = {
    "female": "Female",
    "male": "Male",
    "hispanic_latino": "Hispanic or Latino",
    "white": "White",
    "black": "Black or African American",
    "pacific_islander": "Native Hawaiian or Other Pacific Islander",
    "asian": "Asian",
    "american_indian": "American Indian or Alaska Native",
    "two_or_more": "Two or More Races",
    "protected_veteran": "I identify as a protected veteran",
    "not_protected_veteran": "I am not a protected veteran",
    "disability": "Yes, I have a disability (or previously had one)",
    "no_disability": "No, I do not have a disability",
}


class SelfIdSource(enum.StrEnum):
    LINK = "link"
    IMPORT = "import"


class SelfIdentification(Model):
    """One candidate's latest voluntary answers (a later link or import replaces them)."""

    __tablename__ = "self_identifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Deleting a candidate deletes their answers: nothing else may keep them.
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), unique=True
    )
    sex: Mapped[Sex] = mapped_column(value_enum(Sex, "self_id_sex", length=16))
    race_ethnicity: Mapped[RaceEthnicity] = mapped_column(
        value_enum(RaceEthnicity, "self_id_race_ethnicity", length=24)
    )
    veteran: Mapped[Veteran] = mapped_column(value_enum(Veteran, "self_id_veteran", length=24))
    disability: Mapped[Disability] = mapped_column(
        value_enum(Disability, "self_id_disability", length=16)
    )
    source: Mapped[SelfIdSource] = mapped_column(
        value_enum(SelfIdSource, "self_id_source", length=8)
    )
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SelfIdRequest(Model):
    """A secret single-use link that lets one candidate answer, without signing in.

    Only the SHA-256 of the token is stored, so a copy of the database opens no link. A link
    stops working once used, once past ``expires_at``, or once a newer link for the same
    candidate voids it.
    """

    __tablename__ = "self_id_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
