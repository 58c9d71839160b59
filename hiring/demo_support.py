"""Lena Park, the demo's second rep: an SDR rated off track at day 60, now three weeks into a
60-day support plan opened from that check-in, with a weekly 1:1 cadence and a call-coaching
ride-along (``hiring/demo_data/support_plan.toml``).

Replayed through the app's own services like Noah's story (``hiring.demo_coaching``): her
plan from the SDR template, its items and actuals, the check-ins, the coaching, then the
support plan from draft to started, acknowledged by both, with its weekly check-ins. Moments
the services stamp "now" are set back to when they happened in the story."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from hiring.coaching.models import Diagnosis, SupportPlan
from hiring.coaching.services import support_plans
from hiring.db import db, utcnow
from hiring.demo import DemoDataError, read_data
from hiring.demo_coaching import (
    moment,
    person,
    replay_cadence,
    replay_checkins,
    replay_one_on_ones,
    replay_ride_alongs,
    series_days,
)
from hiring.demo_new_hire import complete_past_items, record_actuals
from hiring.demo_pipeline import demo_user
from hiring.library.models import RoleProfile
from hiring.onboarding.models import OnboardingPlan, Progress
from hiring.onboarding.services import plans

SUPPORT = read_data("support_plan.toml")

#: Her plan began this many days before the support plan (so day 60 came just before it).
DAYS_BEFORE_SUPPORT = 64


def seed_support() -> int:
    """Lena's plan, coaching and support plan; nothing when she has a plan already."""
    spec = SUPPORT
    lena = person(spec["rep"])
    if db.session.scalar(select(OnboardingPlan.id).where(OnboardingPlan.new_hire_id == lena.id)):
        return 0
    manager = lena.manager
    profile = db.session.scalar(
        select(RoleProfile).where(
            RoleProfile.key == spec["plan"]["role_profile"], RoleProfile.current.is_(True)
        )
    )
    if manager is None or profile is None:
        raise DemoDataError("Lena's story needs her manager and the SDR role profile first.")
    first_one_on_one = series_days(spec["cadence"], len(spec["one_on_ones"]))[0]
    support_start = first_one_on_one
    plan = plans.create_plan(
        new_hire=lena,
        manager=manager,
        buddy=demo_user(spec["plan"]["buddy"]),
        start=support_start - timedelta(days=DAYS_BEFORE_SUPPORT),
        template=profile.onboarding_template,
        template_source=f"{profile.key} v{profile.version}",
        title=spec["plan"]["title"],
        actor=manager,
    )
    complete_past_items(
        plan, spec["plan"], manager=manager, hire=lena, one_on_ones_from=first_one_on_one
    )
    record_actuals(plan, spec["plan"], by=lena)
    replay_checkins(plan, spec["checkins"], rep=lena, manager=manager)
    coaching = replay_cadence(lena, spec, manager=manager)
    _support_plan(plan, spec["support"], starts_on=support_start)
    replay_one_on_ones(coaching, lena, spec, manager=manager)
    replay_ride_alongs(lena, spec, manager=manager)
    db.session.flush()
    return 1


def _support_plan(plan: OnboardingPlan, story: dict[str, Any], *, starts_on: date) -> None:
    """Opened from the day-60 check-in, started the next morning, acknowledged by both that
    week, with a documented check-in each week since."""
    lena, manager = plan.new_hire, plan.manager
    day60 = next(c for c in plan.checkins if c.milestone == 60)
    zone = lena.time_zone or "UTC"
    support = support_plans.open_plan(
        lena,
        by=manager,
        diagnosis=Diagnosis(story["diagnosis"]),
        diagnosis_note=story["diagnosis_note"],
        support=story["support"],
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=story["days"]),
        checkin=day60,
    )
    for expectation in story["expectations"]:
        support_plans.add_expectation(
            support,
            by=manager,
            version=support.version,
            outcome=expectation["outcome"],
            metric=expectation["metric"],
            target=float(expectation["target"]),
            unit=expectation["unit"],
            due_on=starts_on + timedelta(days=expectation["due_days"]),
        )
    today = utcnow().date()
    # Started on its first day, as the story has it (the service asks for the whole window
    # ahead of the day it starts).
    support_plans.start(support, by=manager, version=support.version, today=starts_on)
    support_plans.acknowledge(support, by=manager)
    support_plans.acknowledge(support, by=lena, comment=story["rep_comment"])
    support.created_at = moment(starts_on - timedelta(days=1), "16:00", zone)
    support.hr_informed_at = moment(starts_on, "08:30", zone)
    support.manager_acknowledged_at = moment(starts_on, "08:35", zone)
    support.rep_acknowledged_at = moment(starts_on + timedelta(days=1), "12:10", zone)
    _checkins(support, story["checkins"], today=today)


def _checkins(support: SupportPlan, entries: list[dict[str, Any]], *, today: date) -> None:
    expectations = list(support.expectations)
    for entry in entries:
        held_on = support.starts_on + timedelta(days=entry["day"])
        figures = entry["actuals"]
        checkin = support_plans.add_checkin(
            support,
            by=support.manager,
            held_on=held_on,
            progress=Progress(entry["progress"]),
            notes=entry["notes"],
            actuals={e.id: float(v) for e, v in zip(expectations, figures, strict=False)},
            today=today,
        )
        checkin.created_at = moment(held_on, "17:00", support.rep.time_zone or "UTC")
