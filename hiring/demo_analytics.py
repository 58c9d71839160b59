"""Closed positions for the analytics pages: three requisitions from the past year, each with
dozens of candidates who went through the stages, panels whose ratings mostly agree within a
level (Sam Rivera rates leniently; Priya Shah marks much as "not assessed" and submits days
late), decisions, and eleven hires whose onboarding plans have day-90 actuals and check-ins.

Every row is replayed through the app's own services (booking, scorecards, rejections,
decisions, plans, actuals, check-ins), then its moments are moved back to when they would
have happened. The candidates are drawn from a fixed random seed, so every seeding gives the
same figures. A latent ability per candidate drives both the interview ratings and (partly,
with noise) the 90-day outcome, so quality-of-hire correlations exist without being perfect.

Over 350 lines on purpose: applying, interviewing, deciding and onboarding are one simulation
drawn from one random stream in a fixed order; split across modules, that order (and so every
figure the analytics pages show for the demo) would hang on import and call order elsewhere.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from hiring.applications import services as applications
from hiring.applications.models import Application, ApplicationStatus
from hiring.auth import services as accounts
from hiring.auth.models import Role, User
from hiring.candidates.models import Candidate
from hiring.db import db, utcnow
from hiring.debriefs.models import Decision, DecisionOutcome
from hiring.debriefs.queries import load_debrief
from hiring.debriefs.services import decide, departs_from_formula
from hiring.demo import PEOPLE, read_data
from hiring.demo_pipeline import ZONE, Card, Step, demo_user, replay_interview
from hiring.interviews.models import Interview
from hiring.library.models import RoleProfile
from hiring.onboarding.development import development_goals
from hiring.onboarding.models import OnboardingPlan, PlanStatus, Progress
from hiring.onboarding.services import certifications, checkins, goals, items, plans
from hiring.positions import services as position_services
from hiring.positions.models import PlanStageInterviewer, Position, PositionStatus
from hiring.scorecards.models import Recommendation

SEED = 15
DATA = read_data("analytics.toml")
#: The panel mean (plus a little judgement) a candidate needs to go on after each stage:
#: the screen lets most through, the later stages are stricter.
BARS = (2.2, 2.6, 2.8)
#: Goal units that are measures, not counts (a count's actual is a whole number).
MEASURED_UNITS = frozenset({"percent", "times quota"})


@dataclass
class Person:
    """One drawn candidate: name, source, and the latent ability behind their ratings."""

    first: str
    last: str
    source: str
    ability: float
    applied: datetime
    #: Strengths and gaps around the ability, per competency; every interviewer sees the same.
    skills: dict[str, float] = field(default_factory=dict)
    rng: random.Random = field(default_factory=random.Random)
    #: Every piece of evidence written in this seeding, shared by all candidates.
    written: set[str] = field(default_factory=set)

    def skill(self, key: str) -> float:
        return self.skills.setdefault(key, self.rng.gauss(0, 1))


def seed_analytics() -> int:
    """Seed the closed positions once; return how many candidates were created."""
    specs: list[dict[str, Any]] = DATA["positions"]
    if db.session.scalar(select(Position.id).where(Position.title == specs[0]["title"])):
        return 0
    rng = random.Random(SEED)  # noqa: S311 - a reproducible demo, not a secret
    names = _names(rng)
    written: set[str] = set()
    created = 0
    for spec in specs:
        people = [next(names) for _ in range(spec["candidates"])]
        created += _seed_position(spec, people, rng, written)
    db.session.flush()
    return created


def _names(rng: random.Random) -> Any:
    pairs = [(f, last) for f in DATA["names"]["first"] for last in DATA["names"]["last"]]
    rng.shuffle(pairs)
    return iter(pairs)


def _seed_position(
    spec: dict[str, Any], names: list[tuple[str, str]], rng: random.Random, written: set[str]
) -> int:
    recruiter = demo_user("recruiter@example.com")
    manager = demo_user("manager@example.com")
    profile = db.session.scalar(
        select(RoleProfile).where(RoleProfile.key == spec["profile"], RoleProfile.current.is_(True))
    )
    assert profile is not None, spec["profile"]
    position = position_services.create_position(
        title=spec["title"],
        team=spec["team"],
        location=spec["location"],
        role_profile=profile,
        hiring_manager=manager,
        recruiter=recruiter,
        headcount=spec["headcount"],
        status=PositionStatus.OPEN,
        actor=recruiter,
    )
    opened = utcnow() - timedelta(days=spec["opened_days_ago"])
    position.created_at = opened
    plan = position.current_plan
    assert plan is not None
    for stage, panels in zip(plan.stages, spec["panels"], strict=False):
        stage.interviewers = [PlanStageInterviewer(user_id=demo_user(e).id) for e in panels[0]]
    people = [
        Person(
            first,
            last,
            rng.choice(DATA["names"]["sources"]),
            rng.gauss(0, 1),
            opened,
            rng=rng,
            written=written,
        )
        for first, last in names
    ]
    finalists: list[tuple[float, Application, datetime]] = []
    for number, person in enumerate(people):
        person.applied = opened + timedelta(days=rng.uniform(0, 60), hours=rng.uniform(0, 9))
        application, end, mean = _replay_candidate(position, spec, person, number, rng)
        if application.status == ApplicationStatus.ACTIVE:
            finalists.append((mean, application, end))
    finalists.sort(key=lambda f: -f[0])
    hires = finalists[: spec["hires"]]
    for _, application, end in finalists[spec["hires"] :]:
        _decide(application, DecisionOutcome.REJECT, end + timedelta(days=2), manager, None)
    for _, application, end in hires:
        start = (end + timedelta(days=21)).date()
        _decide(application, DecisionOutcome.HIRE, end + timedelta(days=2), manager, start)
        _onboard(application, start, manager, people, rng)
    position.status = PositionStatus.CLOSED
    return len(people)


def _replay_candidate(
    position: Position, spec: dict[str, Any], person: Person, number: int, rng: random.Random
) -> tuple[Application, datetime, float]:
    """Apply, interview stage by stage while the panel's ratings clear the bar, then stop:
    screened out on the CV, rejected after a stage, withdrawn, or still in at the final stage.
    Returns the application, when its last step happened and the candidate's mean rating."""
    recruiter = demo_user("recruiter@example.com")
    candidate = Candidate(
        name=f"{person.first} {person.last}",
        email=f"{person.first}.{person.last}@mail.example.org".lower().replace("-", ""),
        phone=f"+1 312 555 {1000 + number:04d}",
        source=person.source,
        notes="",
        created_by_id=recruiter.id,
    )
    db.session.add(candidate)
    since = utcnow()
    application = applications.add_application(candidate, position, actor=recruiter)
    application.applied_at = person.applied
    _backdate(application, since, person.applied)
    moment = person.applied + timedelta(days=rng.uniform(1, 4))
    if person.ability + rng.gauss(0, 0.6) < -1.2:
        _close(application, "Screened out on the CV: no quota-carrying experience.", moment)
        return application, moment, 0.0
    plan = position.current_plan
    assert plan is not None
    ratings: list[int] = []
    for index, stage in enumerate(plan.stages):
        moment += timedelta(days=rng.uniform(4, 12))
        if rng.random() < 0.04:
            _close(application, "Accepted another offer.", moment, withdrew=True)
            return application, moment, 0.0
        panels = spec["panels"][index]
        panel = panels[number % len(panels)]
        cards = [_card(person, stage, index, email, rng) for email in panel]
        step = Step(index, (utcnow() - moment).days, tuple(c for c, _ in cards))
        replay_interview(application, stage, step, recruiter)
        interview = db.session.scalars(
            select(Interview)
            .where(Interview.application_id == application.id)
            .order_by(Interview.id.desc())
        ).first()
        assert interview is not None
        interview.video_link = spec["video_link"] if index != 3 else ""
        for card in interview.scorecards:
            low, high = DATA["raters"][card.interviewer.email]["hours"]
            card.submitted_at = card.updated_at = interview.ends_at + timedelta(
                hours=rng.uniform(low, high)
            )
        stage_ratings = [level for _, levels in cards for level in levels]
        ratings += stage_ratings
        mean = sum(stage_ratings) / len(stage_ratings)
        moment = max(c.submitted_at for c in interview.scorecards if c.submitted_at)
        if index < len(plan.stages) - 1 and mean + rng.gauss(0, 0.25) < BARS[index]:
            _close(application, f"Below the bar after the {stage.name.lower()}.", moment)
            return application, moment, mean
    return application, moment, sum(ratings) / len(ratings)


def _card(
    person: Person, stage: Any, index: int, email: str, rng: random.Random
) -> tuple[Card, list[int]]:
    """One interviewer's card: a level per focus competency from the candidate's ability,
    the interviewer's bias and noise, or "not assessed"; evidence written for each level."""
    rater = DATA["raters"][email]
    levels: dict[str, int] = {}
    focus = [f.competency.key for f in stage.focus]
    for key in focus:
        if levels and rng.random() < rater["not_assessed"]:
            levels[key] = 0
            continue
        raw = 2.6 + 0.8 * person.ability + 0.4 * person.skill(key) + rater["bias"]
        raw += rng.gauss(0, 0.35)
        levels[key] = min(4, max(1, round(raw)))
    rated = {k: v for k, v in levels.items() if v}
    evidence = {k: _evidence(person, k, v, index, email, rng) for k, v in rated.items()}
    mean = sum(rated.values()) / len(rated)
    recommendation = (
        Recommendation.STRONG_YES
        if mean >= 3.6
        else Recommendation.YES
        if mean >= 2.6
        else Recommendation.NO
        if mean >= 1.6
        else Recommendation.STRONG_NO
    )
    best = max(rated, key=lambda k: rated[k])
    worst = min(rated, key=lambda k: rated[k])
    summary = (
        f"{recommendation.label} for {person.first} {person.last} "
        f"{DATA['stages']['contexts'][index]}: clearest on "
        f"{rng.choice(DATA['topics'][best])}"
        + (f", thinnest on {rng.choice(DATA['topics'][worst])}." if worst != best else ".")
        + f" ({_initials(email)})"
    )
    return Card(email, recommendation, levels, evidence, summary), list(rated.values())


def _initials(email: str) -> str:
    """How an interviewer signs their notes: Jamie Ortiz writes "JO"."""
    name = next(p.name for p in PEOPLE if p.email == email)
    return "".join(part[0] for part in name.split())


def _evidence(person: Person, key: str, level: int, index: int, email: str, rng: Any) -> str:
    """Words for one rating, never the same as any other rating's (first names repeat across
    candidates, so a clash is drawn again; the last name settles the rare one left)."""
    for _ in range(20):
        text = _evidence_text(person, key, level, index, email, rng)
        if text not in person.written:
            break
    else:
        text = text.replace(person.first, f"{person.first} {person.last}", 1)
    person.written.add(text)
    return text


def _evidence_text(person: Person, key: str, level: int, index: int, email: str, rng: Any) -> str:
    topic = rng.choice(DATA["topics"][key])
    where = DATA["stages"]["contexts"][index]
    detail = rng.choice(DATA["details"]["items"])
    gap = rng.choice(DATA["details"]["gaps"])
    text = {
        1: f"Asked about {topic} {where}, {person.first} stayed general and named no result, "
        f"even after two probes; nothing on {gap}.",
        2: f"{person.first} described {topic} {where} but skipped {gap}; the result was the "
        f"team's more than theirs.",
        3: f"{person.first} walked through {topic} {where} with a concrete example ({detail}) "
        f"and their own steps; light on {gap}.",
        4: f"Best answer of the loop on {topic} {where}: {person.first} gave a recent example "
        f"({detail}), why each step, and what they would change.",
    }[level]
    return f"{text} [{_initials(email)}]"


def _backdate(application: Application, since: datetime, moment: datetime) -> None:
    """Move the events a service call just wrote to the moment they stand for."""
    for event in application.events:
        if event.occurred_at >= since:
            event.occurred_at = moment


def _close(application: Application, reason: str, moment: datetime, withdrew: bool = False) -> None:
    recruiter = demo_user("recruiter@example.com")
    since = utcnow()
    if withdrew:
        applications.withdraw(
            application, reason=reason, expected_version=application.version, actor=recruiter
        )
    else:
        applications.reject(
            application, reason=reason, expected_version=application.version, actor=recruiter
        )
    _backdate(application, since, moment)


def _decide(
    application: Application,
    outcome: DecisionOutcome,
    moment: datetime,
    manager: User,
    start: date | None,
) -> None:
    debrief = load_debrief(application.id)
    assert debrief is not None
    formula = debrief.formula
    against = departs_from_formula(outcome, formula)
    since = utcnow()
    decide(
        application,
        outcome=outcome,
        rationale=(
            "Strongest of the finalists on the must-haves; references confirmed the deal stories."
            if outcome == DecisionOutcome.HIRE
            else "A good final round, but others were stronger on the must-haves for this team."
        ),
        override_reason=("Headcount was filled by stronger finalists." if against else ""),
        decide_now_reason="" if formula.evidence_met else "The panel had enough to decide.",
        start_date=start,
        manager=manager,
        formula=formula,
        actor=manager,
    )
    _backdate(application, since, moment)
    decision = db.session.scalar(select(Decision).where(Decision.application_id == application.id))
    assert decision is not None
    decision.decided_at = moment


def _onboard(
    application: Application, start: date, manager: User, people: list[Person], rng: Any
) -> None:
    """The hire's account and 90-day plan: items done, each KPI's actual by its due day, and
    the day-30/60/90 check-ins rated by both and signed off. Performance follows ability
    partly, so interviews predict it, with noise, as they do."""
    candidate = application.candidate
    person = next(p for p in people if f"{p.first} {p.last}" == candidate.name)
    hire = accounts.create_user(
        email=candidate.email,
        name=candidate.name,
        title=application.position.title,
        roles=[Role.NEW_HIRE],
        manager=manager,
        actor=None,
        is_demo=True,
        time_zone=ZONE,
    )
    profile = application.position.role_profile
    plan = plans.create_plan(
        new_hire=hire,
        manager=manager,
        buddy=demo_user("interviewer@example.com"),
        start=start,
        template=profile.onboarding_template,
        template_source=f"{profile.key} v{profile.version}",
        title="30/60/90-day plan",
        actor=manager,
        application_id=application.id,
        development=development_goals(application.id, start),
    )
    for item in plan.items:
        done_by = manager if item.owner.value == "manager" else hire
        if item.competency_key:  # a certification: scored "Solid" on its anchors
            certifications.score_certification(
                item,
                competency=certifications.certification_competency(item),
                score=3,
                assessor=manager,
                expected_version=plan.version,
                by=manager,
            )
        else:
            items.complete_item(
                item, by=done_by, note="Done; notes in the shared folder.", evidence_url=""
            )
        item.done_at = datetime.combine(item.due_date, time(16), ZoneInfo(ZONE))
    # Centred on the hires (who were chosen for high ability), so outcomes vary among them.
    performance = 0.5 * (person.ability - 1.2) + rng.gauss(0, 0.45)
    for goal in plan.goals:
        if goal.is_development or not goal.target:
            continue
        attainment = max(0.2, 0.95 + 0.35 * performance + rng.gauss(0, 0.12))
        value = goal.target * attainment
        if goal.unit not in MEASURED_UNITS:
            value = round(value)
        goals.record_actual(goal, value=float(value), on=goal.due_date, note="", by=hire)
    _check_ins(plan, manager, hire, performance, rng)
    plan.status = PlanStatus.COMPLETED


def _check_ins(
    plan: OnboardingPlan, manager: User, hire: User, performance: float, rng: Any
) -> None:
    for checkin in sorted(plan.checkins, key=lambda c: c.milestone):
        for who, lean in ((manager, 0.0), (hire, 0.3)):
            view = performance + lean + rng.gauss(0, 0.25)
            rating = (
                Progress.ON_TRACK
                if view > -0.2
                else Progress.AT_RISK
                if view > -0.65
                else Progress.OFF_TRACK
            )
            checkins.rate_checkin(checkin, by=who, rating=rating, comment="")
        checkins.sign_off(checkin, by=manager)
        moment = datetime.combine(checkin.due_date, time(15), ZoneInfo(ZONE))
        checkin.manager_rated_at = checkin.new_hire_rated_at = checkin.signed_off_at = moment
