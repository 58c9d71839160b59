"""A personal calendar feed of due plan items, 1:1s and milestone check-ins."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta

from flask import current_app
from icalendar import Calendar, Event
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from hiring.audit.services import record
from hiring.auth.models import User
from hiring.db import db, utcnow
from hiring.library.schema import ItemOwner
from hiring.onboarding.models import OnboardingPlan, PlanStatus


def rotate_token(user: User) -> str:
    """A new secret feed address; the old one stops working at once."""
    user.calendar_token = secrets.token_urlsafe(32)
    db.session.flush()
    record("user.calendar_feed_created", user, actor=user, label=user.email)
    return user.calendar_token


def switch(user: User, *, on: bool) -> None:
    """Turn ``user``'s feed on with a fresh secret address, or off."""
    if on:
        rotate_token(user)
    else:
        revoke_token(user)


def owner_of(token: str) -> User | None:
    """The active user whose secret feed address ends in ``token`` (None for anything else)."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(
        select(User).where(User.calendar_token == token, User.active.is_(True))
    )


def revoke_token(user: User) -> None:
    user.calendar_token = None
    db.session.flush()
    record("user.calendar_feed_revoked", user, actor=user, label=user.email)


def feed(user: User, plan_url: Callable[[int], str]) -> bytes:
    plans = db.session.scalars(
        select(OnboardingPlan)
        .where(
            OnboardingPlan.status == PlanStatus.ACTIVE,
            or_(
                OnboardingPlan.new_hire_id == user.id,
                OnboardingPlan.manager_id == user.id,
                OnboardingPlan.buddy_id == user.id,
            ),
        )
        .options(
            joinedload(OnboardingPlan.new_hire),
            selectinload(OnboardingPlan.items),
            selectinload(OnboardingPlan.checkins),
        )
    ).all()
    calendar = Calendar()
    calendar.add("prodid", f"-//{current_app.config['APP_NAME']}//Onboarding//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Onboarding: {user.name}")
    stamp = utcnow()
    for plan in plans:
        mine = {
            ItemOwner.NEW_HIRE: plan.new_hire_id == user.id,
            ItemOwner.MANAGER: plan.manager_id == user.id,
            ItemOwner.BUDDY: plan.buddy_id == user.id,
        }
        who = "" if plan.new_hire_id == user.id else f" ({plan.new_hire.name})"
        for item in plan.items:
            if item.done or not mine[item.owner]:
                continue
            event = Event()
            event.add("uid", f"onboarding-item-{item.id}")
            event.add("dtstamp", stamp)
            event.add("dtstart", item.due_date)
            event.add("dtend", item.due_date + timedelta(days=1))
            event.add("summary", f"{item.title}{who}")
            event.add("description", f"{item.description}\n{plan_url(plan.id)}")
            calendar.add_component(event)
        if user.id in (plan.new_hire_id, plan.manager_id):
            for checkin in plan.checkins:
                if checkin.signed_off_at is not None:
                    continue
                event = Event()
                event.add("uid", f"onboarding-checkin-{checkin.id}")
                event.add("dtstamp", stamp)
                event.add("dtstart", checkin.due_date)
                event.add("dtend", checkin.due_date + timedelta(days=1))
                event.add("summary", f"Day-{checkin.milestone} check-in{who}")
                calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical
