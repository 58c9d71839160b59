"""The demo's closed positions give every analytics section honest data: dozens of candidates
per requisition, panels with two or more raters, a lenient interviewer and a late one who
marks much as not assessed, decisions, and hires with 90-day outcomes."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from statistics import mean

from flask import Flask
from sqlalchemy import func, select

from hiring.analytics.statistics import Rating, rater_leniency
from hiring.applications.models import Application, ApplicationEvent, ApplicationStatus
from hiring.auth.models import User
from hiring.db import db, utcnow
from hiring.debriefs.models import Decision, DecisionOutcome
from hiring.interviews.models import Interview
from hiring.onboarding.models import CheckIn, Goal, GoalActual, OnboardingPlan, PlanStatus
from hiring.positions.models import Position, PositionStatus
from hiring.scorecards.models import Scorecard, ScorecardRating

CLOSED = {
    "Account Executive, Enterprise": (32, 4),
    "Sales Development Representative": (34, 4),
    "Account Executive, SMB": (30, 3),
}


def _ratings(position_id: int) -> list[tuple[int, str, int, int | None, bool]]:
    rows = db.session.execute(
        select(
            Application.id,
            User.email,
            ScorecardRating.competency_id,
            ScorecardRating.rating,
            ScorecardRating.not_assessed,
        )
        .join(Interview, Interview.application_id == Application.id)
        .join(Scorecard, Scorecard.interview_id == Interview.id)
        .join(User, User.id == Scorecard.interviewer_id)
        .join(ScorecardRating, ScorecardRating.scorecard_id == Scorecard.id)
        .where(Application.position_id == position_id, Scorecard.submitted_at.is_not(None))
    ).all()
    return [tuple(row) for row in rows]


def test_the_demo_seeds_closed_positions_deep_enough_for_analytics(demo_app: Flask) -> None:
    with demo_app.app_context():
        positions = {p.title: p for p in db.session.scalars(select(Position))}
        assert positions["Account Executive, Mid-Market"].status == PositionStatus.OPEN
        all_ratings = []
        for title, (candidates, hires) in CLOSED.items():
            position = positions[title]
            assert position.status == PositionStatus.CLOSED
            statuses = dict(
                db.session.execute(
                    select(Application.status, func.count())
                    .where(Application.position_id == position.id)
                    .group_by(Application.status)
                ).all()
            )
            assert sum(statuses.values()) == candidates
            assert statuses[ApplicationStatus.HIRED] == hires
            assert statuses[ApplicationStatus.REJECTED] > candidates // 2
            assert ApplicationStatus.ACTIVE not in statuses  # every one was decided or closed
            ratings = _ratings(position.id)
            raters: dict[tuple[int, int], set[str]] = defaultdict(set)
            for application_id, email, competency_id, level, _ in ratings:
                if level is not None:
                    raters[application_id, competency_id].add(email)
            rated_twice = {a for (a, _), emails in raters.items() if len(emails) >= 2}
            assert len(rated_twice) >= 10, title
            all_ratings += ratings
            # History went through the stages, long ago: nothing dated in the last 60 days.
            latest = db.session.scalar(
                select(func.max(ApplicationEvent.occurred_at))
                .join(Application)
                .where(Application.position_id == position.id)
            )
            assert latest is not None and latest < utcnow() - timedelta(days=60)
            kinds = set(
                db.session.scalars(
                    select(ApplicationEvent.kind)
                    .join(Application)
                    .where(Application.position_id == position.id)
                )
            )
            assert {"created", "moved", "rejected"} <= kinds

        # Sam Rivera rates leniently; Priya Shah marks much as not assessed and submits late.
        leniency = {
            r.rater: r
            for r in rater_leniency(
                [
                    Rating(email, application_id, competency_id, float(level))
                    for application_id, email, competency_id, level, _ in all_ratings
                    if level is not None
                ]
            )
        }
        assert leniency["sam.rivera@example.com"].flag == "lenient"
        others = [r for email, r in leniency.items() if email != "sam.rivera@example.com"]
        assert all(r.flag != "lenient" for r in others)
        skipped = defaultdict(list)
        for _, email, _, _, not_assessed in all_ratings:
            skipped[email].append(not_assessed)
        share = {email: mean(flags) for email, flags in skipped.items()}
        assert share["priya.shah@example.com"] > 0.25
        assert max(v for e, v in share.items() if e != "priya.shah@example.com") < 0.1
        delays: dict[str, list[float]] = defaultdict(list)
        for email, submitted, starts in db.session.execute(
            select(User.email, Scorecard.submitted_at, Interview.starts_at)
            .join(Scorecard, Scorecard.interviewer_id == User.id)
            .join(Interview, Interview.id == Scorecard.interview_id)
            .where(Scorecard.submitted_at.is_not(None))
        ):
            delays[email].append((submitted - starts).total_seconds() / 86400)
        assert mean(delays["priya.shah@example.com"]) > 2
        assert mean(delays["interviewer@example.com"]) < 1.5

        # Eleven hires with completed plans, day-90 actuals against targets and check-ins.
        hires = db.session.scalars(
            select(Decision).where(Decision.outcome == DecisionOutcome.HIRE, Decision.current)
        ).all()
        assert len(hires) == 12  # Noah Kim (the open position) and the eleven above
        plans = db.session.scalars(
            select(OnboardingPlan).where(OnboardingPlan.status == PlanStatus.COMPLETED)
        ).all()
        assert len(plans) == 11
        attainment = []
        for plan in plans:
            measured = [g for g in plan.goals if g.target and g.actuals and not g.is_development]
            assert len(measured) >= 4
            attainment.append(mean(g.actuals[-1].value / g.target for g in measured))
            day_90 = next(c for c in plan.checkins if c.milestone == 90)
            assert day_90.manager_rating is not None and day_90.signed_off_at is not None
        assert min(attainment) < 0.9 < 1.0 < max(attainment)  # varied, not all on target
        ratings_90 = db.session.scalars(
            select(CheckIn.manager_rating)
            .where(CheckIn.milestone == 90)
            .where(CheckIn.manager_rating.is_not(None))
        ).all()
        assert len(set(ratings_90)) >= 2
        assert db.session.scalar(select(func.count(GoalActual.id)).join(Goal)) > 40
