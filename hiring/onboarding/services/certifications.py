"""Scored certifications and the competency ratings of a milestone check-in: the new hire's
competencies rated on the same anchored scale as in the interview, so the interview-to-
onboarding loop does not break at "done". Functions flush, never commit."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from sqlalchemy import Select, bindparam, or_, select

from hiring.audit.services import record
from hiring.auth.models import User
from hiring.db import db, utcnow
from hiring.domain import DomainError, expect_version
from hiring.library.models import Competency, RoleProfile, RoleProfileCompetency
from hiring.library.schema import ItemKind
from hiring.onboarding.models import CheckIn, CheckInRating, OnboardingPlan, PlanItem
from hiring.onboarding.services.items import tick_by_record
from hiring.onboarding.services.plans import stale_message, touch


@cache
def _profile_competencies() -> Select[Competency]:
    """A role profile version's competencies in its order, built once with a bound key and
    version (every plan page asks it)."""
    return (
        select(Competency)
        .join(RoleProfileCompetency, RoleProfileCompetency.competency_id == Competency.id)
        .join(RoleProfile, RoleProfile.id == RoleProfileCompetency.role_profile_id)
        .where(RoleProfile.key == bindparam("key"), RoleProfile.version == bindparam("version"))
        .order_by(RoleProfileCompetency.position)
    )


def plan_competencies(plan: OnboardingPlan) -> list[Competency]:
    """The competencies a plan is rated on, with their anchors: those of the role profile
    version the plan was made from (``template_source`` "key vN"), in the profile's order,
    plus the current version of any other competency one of its items names. Two queries."""
    key, _, version = plan.template_source.partition(" v")
    found: list[Competency] = []
    if version.isdigit():
        found = list(
            db.session.scalars(_profile_competencies(), {"key": key, "version": int(version)})
        )
    named = {i.competency_key for i in plan.items if i.competency_key} - {c.key for c in found}
    if named:
        found += db.session.scalars(
            select(Competency)
            .where(Competency.key.in_(named), Competency.current.is_(True))
            .order_by(Competency.name)
        )
    return found


def certification_competency(item: PlanItem) -> Competency | None:
    """The competency ``item`` (a certification) is scored on, with its anchors."""
    if item.competency_key is None:
        return None
    return next((c for c in plan_competencies(item.plan) if c.key == item.competency_key), None)


def _on_scale(competency: Competency, score: int | None, field: str) -> int:
    levels = competency.scale.levels
    if score is None or score not in levels:
        raise DomainError(
            f"Rate {competency.name} on its anchors, from {levels[0]} to {levels[-1]}.",
            field=field,
        )
    return score


def score_certification(
    item: PlanItem,
    *,
    competency: Competency | None,
    score: int | None,
    assessor: User | None,
    expected_version: int,
    by: User,
) -> PlanItem:
    """Score a certification on its competency's anchors by a named assessor (the manager,
    the buddy or another colleague): it is then done, with the score as its evidence."""
    plan = item.plan
    expect_version(plan, expected_version, stale_message(f"score {item.title}"))
    if item.kind != ItemKind.CERTIFICATION or competency is None:
        raise DomainError("Only a certification with a competency is scored.")
    if competency.key != item.competency_key:
        raise DomainError(f"“{item.title}” is scored on another competency.")
    if item.done:
        raise DomainError(f"“{item.title}” is already done; reopen it to score it again.")
    level = _on_scale(competency, score, "score")
    if assessor is None or assessor not in assessors(plan):
        raise DomainError(
            f"Choose who assessed the role-play: {plan.manager.name}, the buddy or someone "
            f"on {plan.manager.first_name}'s team (not {plan.new_hire.name}).",
            field="assessor_id",
        )
    item.score = level
    item.assessor_id = assessor.id
    item.scored_at = utcnow()
    label = competency.scale.labels[level]
    tick_by_record(
        item,
        by=by,
        note=f"Scored {level} ({label}) on {competency.name} by {assessor.name}",
        audit={"score": level, "competency": competency.key, "assessor": assessor.id},
    )
    touch(plan)
    return item


def rate_competencies(
    checkin: CheckIn,
    *,
    competencies: list[Competency],
    scores: Mapping[str, int | None],
    expected_version: int,
    by: User,
) -> list[CheckInRating]:
    """The manager's competency ratings at a milestone check-in (optional, each on its
    anchors): a score sets or changes a rating; an empty choice removes it."""
    plan = checkin.plan
    expect_version(
        plan, expected_version, stale_message(f"rate the day-{checkin.milestone} check-in")
    )
    if not checkin.reached:
        raise DomainError(
            f"The day-{checkin.milestone} check-in is still ahead: rate competencies at its "
            "meeting, once the check-ins before it are signed off."
        )
    by_key = {c.key: c for c in competencies}
    existing = {r.competency_key: r for r in checkin.competency_ratings}
    changed: dict[str, int | None] = {}
    for key, score in scores.items():
        competency = by_key.get(key)
        if competency is None:
            raise DomainError("Rate only the competencies of this plan's role profile.")
        rating = existing.get(key)
        if score is None:
            if rating is not None:
                checkin.competency_ratings.remove(rating)
                changed[key] = None
            continue
        level = _on_scale(competency, score, f"rating_{key}")
        if rating is None:
            checkin.competency_ratings.append(
                CheckInRating(competency_key=key, score=level, rated_by_id=by.id)
            )
        elif rating.score != level:
            rating.score, rating.rated_by_id, rating.rated_at = level, by.id, utcnow()
        else:
            continue
        changed[key] = level
    touch(plan)
    record(
        "onboarding.checkin_competencies_rated",
        plan,
        actor=by,
        label=f"{plan.title}: day {checkin.milestone}",
        after=changed,
    )
    return list(checkin.competency_ratings)


def assessors(plan: OnboardingPlan) -> list[User]:
    """Who may be named as a certification's assessor: the manager and the buddy first, then
    the manager's own manager and the manager's team, by name (never the new hire). Those
    are the people who sit in on a new hire's role-plays; listing the whole organisation would
    make every certification row on the plan page grow with headcount. One query, loaded
    once per page."""
    managers_manager = select(User.manager_id).where(User.id == plan.manager_id).scalar_subquery()
    people = db.session.scalars(
        select(User)
        .where(
            User.active.is_(True),
            User.id != plan.new_hire_id,
            or_(
                User.id.in_([plan.manager_id, plan.buddy_id or plan.manager_id]),
                User.id == managers_manager,
                User.manager_id == plan.manager_id,
            ),
        )
        .order_by(User.name, User.id)
    )
    first = [plan.manager_id, plan.buddy_id]
    return sorted(people, key=lambda u: first.index(u.id) if u.id in first else len(first))
