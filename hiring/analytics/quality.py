"""Quality of hire: do the interview scores of the people hired go with how they did later?

Whose: hires decided in the page's period, for the positions in its scope, whose onboarding
plan (started from the hire's application, not cancelled) records an outcome.

The two outcomes, exactly:

* **Ramp attainment** at day 90: for each of the plan's goals with a target above zero, the
  latest actual recorded on or before day 90 (day 1 is the plan's start date) divided by the
  target; the hire's figure is the mean of those ratios, uncapped (130% counts as 1.3). Goals
  with no actual by day 90 are left out; a hire with none has no ramp figure, and neither has
  a hire who has not reached day 90 yet (in the organisation's zone): a part-way figure would
  read as a shortfall.
* **Day-90 rating**: the manager's rating at the day-90 check-in, as a number: on track = 3,
  at risk = 2, off track = 1. It has three levels, so Spearman's rho suits it better than r.

The interview side is each competency's mean over the submitted cards of the hire's
application ("not assessed" left out), and for each question the mean of its competency's
ratings on the cards whose interviewer took STAR notes on that question. Both average each
interviewer's ratings first, then the interviewers, so a rater met at two stages counts once.

Six statements whatever the number of hires (hires with plans, goal actuals, day-90
ratings, competency means, question means, names); the correlations happen in Python.

A little over 350 lines on purpose: the outcome definitions above, the statements that read
them and the per-competency and per-question figures are one argument, read top to bottom.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import mean
from typing import TypeVar

from sqlalchemy import Select, and_, func, select

from hiring.analytics import correlation
from hiring.analytics.charts import ScatterChart, scatter_chart
from hiring.analytics.results import Estimate, NotEnoughData, Result
from hiring.analytics.scope import Scope
from hiring.applications.models import Application
from hiring.db import db, utcnow
from hiring.debriefs.models import Decision, DecisionOutcome
from hiring.interviews.models import Interview, InterviewStatus
from hiring.library.models import Competency, Question
from hiring.onboarding.models import CheckIn, Goal, GoalActual, OnboardingPlan, PlanStatus, Progress
from hiring.positions.models import Position
from hiring.scorecards.models import Scorecard, ScorecardNote, ScorecardRating, ScorecardStatus
from hiring.scorecards.queries import PANEL_CARD
from hiring.timezones import local_date, organisation_zone

K = TypeVar("K")

#: The day-90 manager rating as a number (higher is better).
RATING_SCORES = {Progress.ON_TRACK: 3, Progress.AT_RISK: 2, Progress.OFF_TRACK: 1}
RAMP = "Ramp attainment at day 90"
RATING = "Day-90 manager rating"
#: Day 90 of a plan is its start date plus this.
DAY_90 = timedelta(days=89)


@dataclass(frozen=True)
class Association:
    """One interview measure against one outcome, over the hires that have both."""

    outcome: str
    pairs: list[tuple[float, float]]
    pearson: Result
    spearman: Result

    @property
    def enough(self) -> bool:
        return isinstance(self.pearson, Estimate)

    @property
    def headline(self) -> tuple[str, Result]:
        """The statistic that suits the outcome: r for attainment, rho for a 3-level rating."""
        return (
            ("Pearson r", self.pearson) if self.outcome == RAMP else ("Spearman rho", self.spearman)
        )

    @property
    def reading(self) -> str:
        name, result = self.headline
        return reading(result, name)

    @property
    def summary(self) -> str:
        """The chart's data in one sentence, for its label: "12 hires; Pearson r 0.41 ..."."""
        name, result = self.headline
        if isinstance(result, NotEnoughData):
            return f"{len(self.pairs)} hires; {result.words}"
        low, high = result.ci95 or (result.value, result.value)
        return f"{result.n} hires; {name} {result.value:.2f}, 95% CI {low:.2f} to {high:.2f}"

    def chart(self, x_label: str) -> ScatterChart:
        y_label = (
            "Ramp attainment (1 = target)" if self.outcome == RAMP else "Day-90 rating (1 to 3)"
        )
        return scatter_chart(self.pairs, x_label=x_label, y_label=y_label)


@dataclass(frozen=True)
class Validity:
    """A competency (``question`` empty) or one question, against both outcomes."""

    competency: str
    question: str
    ramp: Association
    rating: Association

    @property
    def associations(self) -> tuple[Association, Association]:
        return self.ramp, self.rating


@dataclass(frozen=True)
class QualityReport:
    hires: int
    with_ramp: int
    with_rating: int
    competencies: list[Validity]
    questions: list[Validity]

    @property
    def enough(self) -> bool:
        """Enough hires with an outcome for any correlation at all."""
        return max(self.with_ramp, self.with_rating) >= correlation.MIN_PAIRS

    @property
    def not_enough(self) -> NotEnoughData:
        found = max(self.with_ramp, self.with_rating)
        return NotEnoughData("hires with outcomes", correlation.MIN_PAIRS, found)


def reading(result: Result, name: str = "") -> str:
    """A correlation in words: its size by Cohen's (1988) conventions, and whether its 95%
    interval rules out no relationship at all. ``name`` says which coefficient ("Pearson r"),
    since the table shows two and their intervals can disagree."""
    if isinstance(result, NotEnoughData):
        return result.words
    size = abs(result.value)
    strength = (
        "negligible"
        if size < 0.1
        else "small"
        if size < 0.3
        else "moderate"
        if size < 0.5
        else "large"
    )
    direction = "positive" if result.value > 0 else "negative"
    low, high = result.ci95 or (result.value, result.value)
    interval = f"the 95% interval of {name}" if name else "its 95% interval"
    if low <= 0 <= high:
        return f"A {strength} {direction} association, but {interval} includes zero."
    return f"A {strength} {direction} association; {interval} excludes zero."


def _associate(
    outcome: str, scores: Mapping[int, float], outcomes: Mapping[int, float]
) -> Association:
    hires = sorted(set(scores) & set(outcomes))
    x = [scores[h] for h in hires]
    y = [outcomes[h] for h in hires]
    return Association(
        outcome, list(zip(x, y, strict=True)), correlation.pearson(x, y), correlation.spearman(x, y)
    )


def _hires(scope: Scope) -> Select[int, int, date]:
    """(application, plan, plan start) of the scope's hires with a live onboarding plan."""
    latest_plan = (
        select(func.max(OnboardingPlan.id))
        .where(
            OnboardingPlan.application_id == Application.id,
            OnboardingPlan.status != PlanStatus.CANCELLED,
        )
        .correlate(Application)
        .scalar_subquery()
    )
    return (
        select(Application.id, OnboardingPlan.id, OnboardingPlan.start_date)
        .join(Position, Position.id == Application.position_id)
        .join(
            Decision,
            and_(
                Decision.application_id == Application.id,
                Decision.current,
                Decision.outcome == DecisionOutcome.HIRE,
            ),
        )
        .join(OnboardingPlan, OnboardingPlan.id == latest_plan)
        .where(scope.positions(), scope.between(Decision.decided_at.expression))
    )


def _ramp(plans: Mapping[int, tuple[int, date]]) -> dict[int, float]:
    """Application id -> ramp attainment (see the module's docstring)."""
    today = local_date(utcnow(), organisation_zone())
    plans = {app: (plan, start) for app, (plan, start) in plans.items() if start + DAY_90 <= today}
    rows = db.session.execute(
        select(Goal.plan_id, Goal.id, Goal.target, GoalActual.recorded_on, GoalActual.value)
        .join(GoalActual, GoalActual.goal_id == Goal.id)
        .where(Goal.plan_id.in_([plan for plan, _ in plans.values()]), Goal.target > 0)
        .order_by(Goal.id, GoalActual.recorded_on)
    )
    application_of = {plan: (app, start) for app, (plan, start) in plans.items()}
    latest: dict[int, tuple[int, float]] = {}  # goal -> (application, ratio)
    for plan_id, goal_id, target, recorded_on, value in rows:
        app, start = application_of[plan_id]
        if target and recorded_on <= start + DAY_90:
            latest[goal_id] = (app, value / target)
    ratios: dict[int, list[float]] = defaultdict(list)
    for app, ratio in latest.values():
        ratios[app].append(ratio)
    return {app: mean(values) for app, values in ratios.items()}


def _ratings(plans: Mapping[int, tuple[int, date]]) -> dict[int, float]:
    """Application id -> the day-90 manager rating as a number."""
    rows = db.session.execute(
        select(CheckIn.plan_id, CheckIn.manager_rating).where(
            CheckIn.plan_id.in_([plan for plan, _ in plans.values()]),
            CheckIn.milestone == 90,
            CheckIn.manager_rating.is_not(None),
        )
    )
    application_of = {plan: app for app, (plan, _) in plans.items()}
    return {application_of[plan]: RATING_SCORES[rating] for plan, rating in rows if rating}


def _rated(applications: list[int]) -> Select[int]:
    """The submitted, assessed ratings of ``applications``' held interviews (a base query)."""
    return (
        select(Interview.application_id)
        .join(Scorecard, Scorecard.interview_id == Interview.id)
        .join(ScorecardRating, ScorecardRating.scorecard_id == Scorecard.id)
        .join(Competency, Competency.id == ScorecardRating.competency_id)
        .where(
            Interview.application_id.in_(applications),
            Interview.status == InterviewStatus.SCHEDULED,
            Scorecard.status == ScorecardStatus.SUBMITTED,
            PANEL_CARD,
            ScorecardRating.not_assessed.is_(False),
            ScorecardRating.rating.is_not(None),
        )
    )


def _per_rater(rows: Iterable[tuple[int, K, float]]) -> dict[K, dict[int, float]]:
    """Rows of (application, measure, interviewer's mean) -> measure -> application -> the
    mean over interviewers: an interviewer who met the hire at two stages counts once, as on
    the agreement page, so whoever interviewed most does not outweigh the rest."""
    by_rater: dict[K, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for app, measure, value in rows:
        by_rater[measure][app].append(float(value))
    return {
        measure: {app: mean(values) for app, values in apps.items()}
        for measure, apps in by_rater.items()
    }


def _competency_means(applications: list[int]) -> dict[str, dict[int, float]]:
    """Competency key -> application id -> mean rating (each interviewer's mean first)."""
    rows = db.session.execute(
        _rated(applications)
        .add_columns(Competency.key, func.avg(ScorecardRating.rating))
        .group_by(Interview.application_id, Competency.key, Scorecard.interviewer_id)
    )
    return _per_rater((app, str(key), float(value)) for app, key, value in rows)


def _question_means(applications: list[int]) -> dict[tuple[str, str], dict[int, float]]:
    """(competency key, question key) -> application id -> mean rating of the question's
    competency on the cards with STAR notes on that question (each interviewer's mean first)."""
    rows = db.session.execute(
        _rated(applications)
        .join(ScorecardNote, ScorecardNote.scorecard_id == Scorecard.id)
        .join(
            Question,
            and_(
                Question.id == ScorecardNote.question_id, Question.competency_key == Competency.key
            ),
        )
        .add_columns(Question.competency_key, Question.key, func.avg(ScorecardRating.rating))
        .group_by(
            Interview.application_id,
            Question.competency_key,
            Question.key,
            Scorecard.interviewer_id,
        )
    )
    return _per_rater(
        (app, (str(competency), str(question)), float(value))
        for app, competency, question, value in rows
    )


def _names() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """The current names of competencies and wording of questions, by key."""
    rows = db.session.execute(select(Competency.key, Competency.name).where(Competency.current))
    competencies = {row.key: row.name for row in rows}
    questions = {
        (c, q): text
        for c, q, text in db.session.execute(
            select(Question.competency_key, Question.key, Question.text).where(Question.current)
        )
    }
    return competencies, questions


def quality_report(scope: Scope) -> QualityReport:
    plans = {app: (plan, start) for app, plan, start in db.session.execute(_hires(scope))}
    ramp, ratings = _ramp(plans), _ratings(plans)
    with_outcome = sorted(set(ramp) | set(ratings))
    competency_names, question_texts = _names()

    def validity(competency: str, question: str, scores: Mapping[int, float]) -> Validity:
        return Validity(
            competency,
            question,
            _associate(RAMP, scores, ramp),
            _associate(RATING, scores, ratings),
        )

    competencies = [
        validity(competency_names.get(key, key), "", scores)
        for key, scores in sorted(_competency_means(with_outcome).items())
    ]
    questions = [
        validity(competency_names.get(c, c), question_texts.get((c, q), q), scores)
        for (c, q), scores in sorted(_question_means(with_outcome).items())
    ]
    return QualityReport(len(plans), len(ramp), len(ratings), competencies, questions)


# The tables, as the page shows them and the CSV downloads them.

HEADER = (
    "Competency",
    "Question",
    "Outcome",
    "n",
    "Pearson r",
    "r 95% CI low",
    "r 95% CI high",
    "Spearman rho",
    "rho 95% CI low",
    "rho 95% CI high",
    "Reading",
)


def _figures(result: Result) -> tuple[object, object, object]:
    if isinstance(result, NotEnoughData):
        return None, None, None
    low, high = result.ci95 or (None, None)
    return (
        round(result.value, 2),
        None if low is None else round(low, 2),
        None if high is None else round(high, 2),
    )


def rows(validities: list[Validity]) -> list[tuple[object, ...]]:
    """One row per measure and outcome, in a fixed order (by key), never ranked by r."""
    return [
        (
            v.competency,
            v.question,
            a.outcome,
            len(a.pairs),
            *_figures(a.pearson),
            *_figures(a.spearman),
            a.reading,
        )
        for v in validities
        for a in v.associations
    ]
