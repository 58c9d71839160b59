"""The coaching page's competencies over time and current goals, each in a fixed number of
statements however long the rep's history.

The competencies are those of the rep's role profile: the one set on their coaching profile,
else the profile of the position they were hired into (through their onboarding plan's
application), else the profile their plan's template came from. Each competency's points, on
the same anchored scale as the interview, come from four places: the interview panel's mean
(each rater's mean first, "not assessed" left out), scored certifications on the plan, ratings
at the day-30/60/90 check-ins, and ride-along observations and later reviews.

Coaching comes before analytics in the flow, so the interview mean is read here from the
scorecards themselves rather than through ``hiring.analytics``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from statistics import fmean

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hiring import timezones
from hiring.auth.models import User
from hiring.coaching import queries
from hiring.coaching.charts import ChartPoint, Source, competency_chart_svg, ordered
from hiring.coaching.models import CompetencyRating, RatingSource
from hiring.db import db
from hiring.interviews.models import Interview, InterviewStatus
from hiring.library.models import Competency, RoleProfile, RoleProfileCompetency
from hiring.onboarding.models import (
    CheckIn,
    CheckInRating,
    Goal,
    OnboardingPlan,
    PlanItem,
    PlanStatus,
)
from hiring.scorecards.models import Scorecard, ScorecardRating, ScorecardStatus
from hiring.scorecards.queries import PANEL_CARD


@dataclass(frozen=True)
class CompetencyPanel:
    """One competency of the rep's role profile with its points in time order."""

    key: str
    name: str
    definition: str
    #: (level, label, anchor) from the lowest level up: the interview's anchored scale.
    levels: list[tuple[int, str, str]]
    points: list[ChartPoint]

    @property
    def labels(self) -> dict[int, str]:
        return {level: label for level, label, _ in self.levels}

    @property
    def svg(self) -> Markup:
        return competency_chart_svg(
            self.name, self.labels, self.points, dom_id=f"competency-{self.key}-chart"
        )

    def caption(self, point: ChartPoint) -> str:
        return point.caption(self.labels)


@dataclass(frozen=True)
class Competencies:
    """The competencies section: the role profile they come from (None: not known) and
    where it was found, and a panel per competency."""

    profile: RoleProfile | None
    found_in: str
    panels: list[CompetencyPanel] = field(default_factory=list)


def _interview_points(application_id: int | None) -> dict[str, list[ChartPoint]]:
    """The panel's mean per competency from the hiring application's submitted scorecards:
    each interviewer's mean first (so one who rated twice counts once), "not assessed" left
    out; dated on the last interview that rated it."""
    if application_id is None:
        return {}
    rows = db.session.execute(
        select(
            Competency.key,
            Scorecard.interviewer_id,
            ScorecardRating.rating,
            Interview.starts_at,
        )
        .join(Scorecard, Scorecard.id == ScorecardRating.scorecard_id)
        .join(Interview, Interview.id == Scorecard.interview_id)
        .join(Competency, Competency.id == ScorecardRating.competency_id)
        .where(
            Interview.application_id == application_id,
            Interview.status == InterviewStatus.SCHEDULED,
            Scorecard.status == ScorecardStatus.SUBMITTED,
            PANEL_CARD,
            ScorecardRating.not_assessed.is_(False),
            ScorecardRating.rating.is_not(None),
        )
    )
    by_rater: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    last_on: dict[str, date] = {}
    for key, rater, rating, starts_at in rows:
        if rating is None:  # excluded above; the column itself is nullable
            continue
        by_rater[key][rater].append(rating)
        on = timezones.local_date(starts_at)
        last_on[key] = max(on, last_on.get(key, on))
    points: dict[str, list[ChartPoint]] = {}
    for key, raters in by_rater.items():
        mean = fmean(fmean(scores) for scores in raters.values())
        panel = f"panel of {len(raters)}" if len(raters) != 1 else "one interviewer"
        points[key] = [ChartPoint(last_on[key], round(mean, 2), Source.INTERVIEW, panel)]
    return points


def _certification_points(rep_id: int) -> list[tuple[str, ChartPoint]]:
    rows = db.session.execute(
        select(
            PlanItem.competency_key, PlanItem.score, PlanItem.scored_at, PlanItem.title, User.name
        )
        .join(OnboardingPlan, OnboardingPlan.id == PlanItem.plan_id)
        .outerjoin(User, User.id == PlanItem.assessor_id)
        .where(
            OnboardingPlan.new_hire_id == rep_id,
            PlanItem.competency_key.is_not(None),
            PlanItem.score.is_not(None),
            PlanItem.scored_at.is_not(None),
        )
    )
    return [
        (
            key,
            ChartPoint(
                timezones.local_date(scored_at),
                score,
                Source.CERTIFICATION,
                f"{title}, assessed by {assessor}" if assessor else title,
            ),
        )
        for key, score, scored_at, title, assessor in rows
        # All three are set on a scored certification (the statement asks for them).
        if key is not None and score is not None and scored_at is not None
    ]


def _checkin_points(rep_id: int) -> list[tuple[str, ChartPoint]]:
    rows = db.session.execute(
        select(
            CheckInRating.competency_key,
            CheckInRating.score,
            CheckInRating.rated_at,
            CheckIn.milestone,
        )
        .join(CheckIn, CheckIn.id == CheckInRating.checkin_id)
        .join(OnboardingPlan, OnboardingPlan.id == CheckIn.plan_id)
        .where(OnboardingPlan.new_hire_id == rep_id)
    )
    return [
        (
            key,
            ChartPoint(
                timezones.local_date(rated_at), score, Source.CHECK_IN, f"day-{milestone} check-in"
            ),
        )
        for key, score, rated_at, milestone in rows
    ]


def _coaching_points(rep_id: int) -> list[tuple[str, ChartPoint]]:
    rows = db.session.execute(
        select(
            CompetencyRating.competency_key,
            CompetencyRating.score,
            CompetencyRating.rated_on,
            CompetencyRating.source,
            User.name,
        )
        .join(User, User.id == CompetencyRating.assessor_id)
        .where(CompetencyRating.rep_id == rep_id)
    )
    return [
        (
            key,
            ChartPoint(
                rated_on,
                score,
                Source.RIDE_ALONG if source == RatingSource.RIDE_ALONG else Source.REVIEW,
                f"rated by {assessor}",
            ),
        )
        for key, score, rated_on, source, assessor in rows
    ]


def competencies(rep: User) -> Competencies:
    """Every competency of the rep's role profile with its points from all four sources."""
    plan = queries.latest_plan(rep.id)
    profile, found_in = queries.rep_role_profile(rep.id, plan)
    if profile is None:
        return Competencies(None, "")
    links = db.session.scalars(
        select(RoleProfileCompetency)
        .where(RoleProfileCompetency.role_profile_id == profile.id)
        .options(selectinload(RoleProfileCompetency.competency))
        .order_by(RoleProfileCompetency.position)
    ).all()
    by_key = _interview_points(plan.application_id if plan else None)
    for key, point in [
        *_certification_points(rep.id),
        *_checkin_points(rep.id),
        *_coaching_points(rep.id),
    ]:
        by_key.setdefault(key, []).append(point)
    labels = profile.scale.labels
    panels = [
        CompetencyPanel(
            key=link.competency.key,
            name=link.competency.name,
            definition=link.competency.definition,
            levels=[(lvl, label, link.competency.anchor(lvl)) for lvl, label in labels.items()],
            points=ordered(by_key.get(link.competency.key, [])),
        )
        for link in links
    ]
    return Competencies(profile, found_in, panels)


@dataclass(frozen=True)
class CurrentGoals:
    """The rep's active plan (None: none) and its goals, SMART first, then development."""

    plan: OnboardingPlan | None
    goals: list[Goal]

    @property
    def smart(self) -> list[Goal]:
        return [g for g in self.goals if not g.is_development]

    @property
    def development(self) -> list[Goal]:
        return [g for g in self.goals if g.is_development]


def current_goals(rep: User) -> CurrentGoals:
    """The rep's active plan and its goals with their actuals."""
    plan = db.session.scalar(
        select(OnboardingPlan)
        .where(OnboardingPlan.new_hire_id == rep.id, OnboardingPlan.status == PlanStatus.ACTIVE)
        .options(
            selectinload(OnboardingPlan.goals).selectinload(Goal.actuals),
            selectinload(OnboardingPlan.manager),
            selectinload(OnboardingPlan.buddy),
        )
        .order_by(OnboardingPlan.start_date.desc(), OnboardingPlan.id.desc())
        .limit(1)
    )
    if plan is None:
        return CurrentGoals(None, [])
    return CurrentGoals(plan, sorted(plan.goals, key=lambda g: (g.due_date, g.id)))
