"""Training changes: a shadow card counted, a go-ahead without qualification, a sign-off,
the lapse period. Flush, never commit."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from hiring.audit.services import record
from hiring.auth.models import User
from hiring.db import db, utcnow
from hiring.domain import DomainError
from hiring.training.models import (
    DEFAULT_LAPSE_MONTHS,
    QualificationOverride,
    QualificationSignoff,
    QualificationStage,
    ShadowSession,
    TrainingPolicy,
)
from hiring.training.qualification import qualifications
from hiring.training.queries import must_have_competencies

#: The shortest reason that says something ("ok" does not).
FEWEST_REASON_CHARACTERS = 10


def record_shadow(user: User, scorecard_id: int, competency_keys: Iterable[str]) -> int:
    """Count a submitted shadow card towards ``user``'s qualification for each competency it
    rated (not-assessed ones excluded by the caller). Idempotent per card and competency:
    an amended card does not count twice. Returns how many were added."""
    already = set(
        db.session.scalars(
            select(ShadowSession.competency_key).where(ShadowSession.scorecard_id == scorecard_id)
        )
    )
    added = [
        ShadowSession(user_id=user.id, competency_key=key, scorecard_id=scorecard_id)
        for key in dict.fromkeys(competency_keys)
        if key not in already
    ]
    db.session.add_all(added)
    db.session.flush()
    return len(added)


def record_override(
    interviewer: User,
    competency_keys: Iterable[str],
    reason: str,
    *,
    actor: User,
    interview_id: int | None = None,
    plan_stage_id: int | None = None,
) -> QualificationOverride:
    """Keep the reason an admin or hiring manager gave for putting ``interviewer`` on a stage
    that assesses must-haves they are not qualified for (audited)."""
    reason = reason.strip()
    if len(reason) < FEWEST_REASON_CHARACTERS:
        raise DomainError(
            "Say why this interviewer should go ahead without the qualification "
            f"(at least {FEWEST_REASON_CHARACTERS} characters).",
            field="override_reason",
        )
    if (interview_id is None) == (plan_stage_id is None):
        raise ValueError("an override belongs to one interview or one plan stage")
    keys = ",".join(dict.fromkeys(competency_keys))
    override = QualificationOverride(
        interviewer_id=interviewer.id,
        competency_keys=keys,
        reason=reason,
        decided_by_id=actor.id,
        interview_id=interview_id,
        plan_stage_id=plan_stage_id,
    )
    db.session.add(override)
    db.session.flush()
    record(
        "training.override_recorded",
        override,
        actor=actor,
        label=interviewer.name,
        after={"competencies": keys, "reason": reason, "interviewer": interviewer.name},
    )
    return override


def sign_off(
    interviewer: User, competency_key: str, *, actor: User, note: str = ""
) -> QualificationSignoff:
    """Qualify ``interviewer`` for a competency once they have practised and shadowed."""
    if not interviewer.active:
        raise DomainError(f"{interviewer.name} is deactivated.")
    if competency_key not in {c.key for c in must_have_competencies()}:
        raise DomainError("Qualifications are per must-have competency of a current role profile.")
    found = qualifications([interviewer.id], [competency_key])[(interviewer.id, competency_key)]
    if found.qualified:
        raise DomainError(f"{interviewer.name} is already qualified for this competency.")
    if found.stage != QualificationStage.SHADOWED:
        raise DomainError(
            f"{interviewer.name} is {found.stage.label.lower()}: an interviewer is qualified "
            "after passing a practice set and sitting in on a real interview as a shadow."
        )
    signoff = QualificationSignoff(
        user_id=interviewer.id,
        competency_key=competency_key,
        signed_by_id=actor.id,
        note=note.strip(),
    )
    db.session.add(signoff)
    db.session.flush()
    record(
        "training.qualified",
        signoff,
        actor=actor,
        label=interviewer.name,
        after={"competency": competency_key, "note": signoff.note},
    )
    return signoff


def set_lapse_months(months: int, *, actor: User) -> TrainingPolicy:
    policy = db.session.scalars(select(TrainingPolicy).limit(1)).first()
    before = policy.lapse_months if policy else DEFAULT_LAPSE_MONTHS
    if policy is None:
        policy = TrainingPolicy(lapse_months=months)
        db.session.add(policy)
    policy.lapse_months = months
    policy.updated_at = utcnow()
    policy.updated_by_id = actor.id
    db.session.flush()
    record(
        "training.policy_changed",
        policy,
        actor=actor,
        before={"lapse_months": before},
        after={"lapse_months": months},
    )
    return policy
