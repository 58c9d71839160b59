"""Demo candidates for the Account Executive opening: a pipeline across every stage,
interviews with independent scorecards (some disagreeing), and one scorecard still owed by
interviewer@example.com. Loaded by ``seed-demo`` after the people, library and position."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from hiring.applications.models import Application, ApplicationEvent, ApplicationStatus
from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.db import db, utcnow
from hiring.positions.models import PlanStage, Position
from hiring.scorecards import scheduling
from hiring.scorecards import services as cards
from hiring.scorecards.models import Recommendation

ZONE = "America/Chicago"


@dataclass(frozen=True)
class Card:
    """One interviewer's card: ratings by competency key (0 = not assessed)."""

    interviewer: str
    recommendation: Recommendation | None  # None: left as a draft
    ratings: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    stage: int
    days_ago: int  # negative: in the future
    cards: tuple[Card, ...] = ()


@dataclass(frozen=True)
class DemoCandidate:
    name: str
    email: str
    phone: str
    source: str
    notes: str
    status: ApplicationStatus = ApplicationStatus.ACTIVE
    reason: str = ""
    steps: tuple[Step, ...] = ()


Y, SY, N, SN = (
    Recommendation.YES,
    Recommendation.STRONG_YES,
    Recommendation.NO,
    Recommendation.STRONG_NO,
)
SCREEN = "recruiter@example.com"
JAMIE = "interviewer@example.com"
SAM = "sam.rivera@example.com"
PRIYA = "priya.shah@example.com"
MORGAN = "manager@example.com"

CANDIDATES: tuple[DemoCandidate, ...] = (
    DemoCandidate(
        "Daniela Reyes",
        "daniela.reyes@example.net",
        "+1 312 555 0142",
        "Referral",
        "Referred by Sam Rivera; six years of mid-market SaaS.",
        steps=(
            Step(0, 20, (Card(SCREEN, SY, {"discovery_qualification": 3, "resilience_drive": 4}),)),
            Step(
                1,
                14,
                (
                    Card(
                        JAMIE,
                        Y,
                        {
                            "closing_deal_control": 3,
                            "objection_handling": 3,
                            "prospecting_pipeline": 3,
                            "pipeline_forecasting": 3,
                        },
                    ),
                    Card(
                        SAM,
                        SY,
                        {
                            "closing_deal_control": 4,
                            "objection_handling": 3,
                            "prospecting_pipeline": 4,
                            "pipeline_forecasting": 3,
                        },
                    ),
                ),
            ),
            Step(
                2,
                7,
                (
                    Card(
                        PRIYA,
                        SY,
                        {"discovery_qualification": 4, "objection_handling": 4, "coachability": 4},
                    ),
                    Card(
                        JAMIE,
                        Y,
                        {"discovery_qualification": 3, "objection_handling": 3, "coachability": 3},
                    ),
                ),
            ),
            Step(
                3,
                2,
                (
                    Card(
                        MORGAN,
                        SY,
                        {
                            "closing_deal_control": 4,
                            "discovery_qualification": 4,
                            "pipeline_forecasting": 3,
                            "coachability": 4,
                        },
                    ),
                ),
            ),
        ),
    ),
    DemoCandidate(
        "Marcus Bell",
        "marcus.bell@example.net",
        "+1 773 555 0199",
        "LinkedIn",
        "President's Club twice at a payroll vendor; wants a shorter sales cycle.",
        steps=(
            Step(0, 16, (Card(SCREEN, Y, {"discovery_qualification": 3, "resilience_drive": 3}),)),
            Step(
                1,
                10,
                (
                    Card(
                        JAMIE,
                        Y,
                        {
                            "closing_deal_control": 4,
                            "objection_handling": 3,
                            "prospecting_pipeline": 3,
                            "pipeline_forecasting": 2,
                        },
                    ),
                    Card(
                        SAM,
                        N,
                        {
                            "closing_deal_control": 2,
                            "objection_handling": 2,
                            "prospecting_pipeline": 3,
                            "pipeline_forecasting": 2,
                        },
                    ),
                ),
            ),
            # The role-play split the panel: Priya saw a pitch, Jamie saw discovery.
            Step(
                2,
                4,
                (
                    Card(
                        PRIYA,
                        N,
                        {"discovery_qualification": 2, "objection_handling": 2, "coachability": 3},
                    ),
                    Card(
                        JAMIE,
                        SY,
                        {"discovery_qualification": 4, "objection_handling": 3, "coachability": 3},
                    ),
                ),
            ),
        ),
    ),
    DemoCandidate(
        "Aisha Khan",
        "aisha.khan@example.net",
        "+1 630 555 0117",
        "Careers site",
        "SDR promoted to AE 18 months ago; strong written follow-up.",
        steps=(
            Step(0, 12, (Card(SCREEN, Y, {"discovery_qualification": 3, "resilience_drive": 3}),)),
            Step(
                1,
                6,
                (
                    Card(
                        SAM,
                        Y,
                        {
                            "closing_deal_control": 3,
                            "objection_handling": 3,
                            "prospecting_pipeline": 4,
                            "pipeline_forecasting": 3,
                        },
                    ),
                    Card(
                        JAMIE,
                        Y,
                        {
                            "closing_deal_control": 2,
                            "objection_handling": 3,
                            "prospecting_pipeline": 4,
                            "pipeline_forecasting": 0,
                        },
                    ),
                ),
            ),
        ),
    ),
    DemoCandidate(
        "Tom Becker",
        "tom.becker@example.net",
        "+1 847 555 0160",
        "Agency",
        "Enterprise background; asked about remote work.",
        steps=(
            Step(0, 9, (Card(SCREEN, Y, {"discovery_qualification": 3, "resilience_drive": 2}),)),
            # Jamie's scorecard for yesterday's interview is still a draft: the pending one.
            Step(
                1,
                1,
                (
                    Card(JAMIE, None, {}),
                    Card(
                        SAM,
                        N,
                        {
                            "closing_deal_control": 2,
                            "objection_handling": 2,
                            "prospecting_pipeline": 2,
                            "pipeline_forecasting": 3,
                        },
                    ),
                ),
            ),
        ),
    ),
    DemoCandidate(
        "Grace Liu",
        "grace.liu@example.net",
        "+1 312 555 0183",
        "Event",
        "Met at the Chicago SaaS meetup; currently an Account Manager.",
        steps=(Step(0, -2),),
    ),
    DemoCandidate(
        "Omar Haddad",
        "omar.haddad@example.net",
        "+1 708 555 0104",
        "Sourced by recruiter",
        "Strong outbound numbers; no closing experience yet.",
        status=ApplicationStatus.REJECTED,
        reason="Phone screen: no examples of running a deal past the first meeting; "
        "suggested our SDR opening instead.",
        steps=(
            Step(0, 11, (Card(SCREEN, N, {"discovery_qualification": 2, "resilience_drive": 3}),)),
        ),
    ),
    DemoCandidate(
        "Sofia Rossi",
        "sofia.rossi@example.net",
        "+1 224 555 0171",
        "LinkedIn",
        "Accepted a counter-offer.",
        status=ApplicationStatus.WITHDRAWN,
        reason="Accepted a counter-offer from her current employer.",
        steps=(
            Step(0, 8, (Card(SCREEN, Y, {"discovery_qualification": 3, "resilience_drive": 3}),)),
        ),
    ),
    DemoCandidate(
        "Ben Carter",
        "ben.carter@example.net",
        "+1 331 555 0128",
        "Referral",
        "Available from February; on hold until the second headcount is confirmed.",
        status=ApplicationStatus.ON_HOLD,
        reason="Second headcount not yet approved.",
    ),
    DemoCandidate(
        "Nina Petrova",
        "nina.petrova@example.net",
        "+1 872 555 0136",
        "Careers site",
        "Applied yesterday; resume shows four years in logistics software sales.",
    ),
    DemoCandidate(
        "James Whitaker",
        "james.whitaker@example.net",
        "+1 312 555 0190",
        "Agency",
        "Agency submission; first call to be booked.",
    ),
)

EVIDENCE = {
    4: "Specific, recent example with numbers; walked through what they did, why, and the "
    "result, and what they changed next time.",
    3: "A real example with their own actions and a result, but one step (quantifying, "
    "checking back with the buyer) was missing.",
    2: 'Example was vague or team-level ("we"); few of their own actions and no clear result.',
    1: "No specific example; answered with what they would do.",
}


def _user(email: str) -> User:
    user = db.session.scalar(select(User).where(User.email == email))
    assert user is not None, email
    return user


def seed_pipeline() -> int:
    position = db.session.scalar(
        select(Position).where(Position.title == "Account Executive, Mid-Market")
    )
    if position is None or db.session.scalar(
        select(Application.id).where(Application.position_id == position.id)
    ):
        return 0
    recruiter = _user("recruiter@example.com")
    plan = position.current_plan
    assert plan is not None
    created = 0
    for index, person in enumerate(CANDIDATES):
        candidate = Candidate(
            name=person.name,
            email=person.email,
            phone=person.phone,
            source=person.source,
            notes=person.notes,
            links=[f"https://www.linkedin.com/in/{person.email.split('@')[0]}"],
            created_by_id=recruiter.id,
        )
        applied = utcnow() - timedelta(days=24 - index)
        application = Application(candidate=candidate, position=position, applied_at=applied)
        application.events.append(
            ApplicationEvent(actor_id=recruiter.id, kind="created", occurred_at=applied)
        )
        db.session.add(application)
        db.session.flush()
        for step in person.steps:
            _interview(application, plan.stages[step.stage], step, recruiter)
        if person.status != ApplicationStatus.ACTIVE:
            application.status = person.status
            application.status_reason = person.reason
            application.events.append(
                ApplicationEvent(
                    actor_id=recruiter.id, kind=person.status.value, reason=person.reason
                )
            )
        created += 1
    db.session.flush()
    return created


def _interview(application: Application, stage: PlanStage, step: Step, actor: User) -> None:
    day = (utcnow() - timedelta(days=step.days_ago)).astimezone(ZoneInfo(ZONE)).date()
    starts = datetime.combine(day, time(10 + step.stage, 0), ZoneInfo(ZONE))
    emails = [card.interviewer for card in step.cards] or [i.user.email for i in stage.interviewers]
    interview = scheduling.schedule_panel(
        application,
        stage,
        starts_at=starts.astimezone(ZoneInfo("UTC")),
        time_zone=ZONE,
        duration_minutes=stage.duration_minutes,
        location="Chicago office, room Lakeshore" if step.stage == 3 else "",
        video_link="" if step.stage == 3 else "https://meet.example.com/ae-mid-market",
        interviewers=[_user(email) for email in emails],
        actor=actor,
    )
    # Date the history as it would have happened: booked three days before the interview.
    booked = interview.starts_at - timedelta(days=3)
    for event in application.events:
        if event.occurred_at > booked and event.kind in ("moved", "interview_scheduled"):
            event.occurred_at = booked
    for card in interview.scorecards:
        card.created_at = card.updated_at = booked
    for spec in step.cards:
        card = next(c for c in interview.scorecards if c.interviewer.email == spec.interviewer)
        if spec.recommendation is None:
            continue
        focus = {c.key: c for c in cards.focus_competencies(card)}
        data = cards.ScorecardInput(recommendation=spec.recommendation)
        for key, competency in focus.items():
            level = spec.ratings.get(key, 0)
            data.ratings[competency.id] = (
                cards.RatingInput(None, True, "")
                if level == 0
                else cards.RatingInput(level, False, EVIDENCE[level])
            )
        for item in stage.questions:
            data.notes[item.question_id] = {
                "situation": "Quarter-end renewal at risk at a 400-person distributor.",
                "task": "Owned the renewal and an upsell to two new sites.",
                "action": "Re-ran discovery with the operations lead, rebuilt the business case.",
                "result": "Renewed two weeks late, +18% contract value.",
            }
        data.summary = "Independent notes written right after the interview."
        cards.submit(card, data, expected_version=card.version, actor=card.interviewer)
        card.submitted_at = card.updated_at = interview.ends_at + timedelta(hours=2)


def seed_new_hire() -> int:
    """Noah Kim (newhire@example.com): interviewed, hired, three weeks into his plan."""
    from hiring.debriefs.models import Decision, DecisionOutcome
    from hiring.debriefs.queries import load_debrief
    from hiring.debriefs.services import decide
    from hiring.onboarding import services as onboarding
    from hiring.onboarding.development import development_goals
    from hiring.onboarding.models import OnboardingPlan

    noah = db.session.scalar(select(User).where(User.email == "newhire@example.com"))
    position = db.session.scalar(
        select(Position).where(Position.title == "Account Executive, Mid-Market")
    )
    if (
        noah is None
        or position is None
        or db.session.scalar(select(OnboardingPlan.id).where(OnboardingPlan.new_hire_id == noah.id))
    ):
        return 0
    recruiter = _user("recruiter@example.com")
    manager = _user("manager@example.com")
    candidate = Candidate(
        name=noah.name,
        email=noah.email,
        phone="+1 312 555 0111",
        source="Referral",
        notes="Hired; started three weeks ago.",
        created_by_id=recruiter.id,
    )
    application = Application(
        candidate=candidate, position=position, applied_at=utcnow() - timedelta(days=75)
    )
    db.session.add(application)
    db.session.flush()
    plan = position.current_plan
    assert plan is not None
    history = (
        Step(0, 62, (Card(SCREEN, Y, {"discovery_qualification": 3, "resilience_drive": 4}),)),
        Step(
            1,
            55,
            (
                Card(
                    JAMIE,
                    Y,
                    {
                        "closing_deal_control": 3,
                        "objection_handling": 2,
                        "prospecting_pipeline": 4,
                        "pipeline_forecasting": 3,
                    },
                ),
                Card(
                    SAM,
                    Y,
                    {
                        "closing_deal_control": 3,
                        "objection_handling": 2,
                        "prospecting_pipeline": 3,
                        "pipeline_forecasting": 2,
                    },
                ),
            ),
        ),
        Step(
            2,
            48,
            (
                Card(
                    PRIYA,
                    SY,
                    {"discovery_qualification": 4, "objection_handling": 3, "coachability": 4},
                ),
                Card(
                    JAMIE,
                    Y,
                    {"discovery_qualification": 2, "objection_handling": 2, "coachability": 3},
                ),
            ),
        ),
        Step(
            3,
            42,
            (
                Card(
                    MORGAN,
                    SY,
                    {
                        "closing_deal_control": 4,
                        "discovery_qualification": 3,
                        "pipeline_forecasting": 3,
                        "coachability": 4,
                    },
                ),
            ),
        ),
    )
    for step in history:
        _interview(application, plan.stages[step.stage], step, recruiter)
    debrief = load_debrief(application.id)
    assert debrief is not None
    start = (utcnow() - timedelta(days=21)).date()
    decide(
        application,
        outcome=DecisionOutcome.HIRE,
        rationale="Strong discovery and coachability; objection handling is the development area.",
        override_reason=(
            "Objection handling is coachable; the role-play retry showed fast improvement."
            if debrief.formula.outcome.value != "hire"
            else ""
        ),
        start_date=start,
        manager=manager,
        formula=debrief.formula,
        actor=manager,
    )
    decision = db.session.scalar(select(Decision).where(Decision.application_id == application.id))
    assert decision is not None
    decision.decided_at = utcnow() - timedelta(days=38)
    created = onboarding.create_plan(
        new_hire=noah,
        manager=manager,
        buddy=_user("interviewer@example.com"),
        start=start,
        template=position.role_profile.onboarding_template,
        template_source=f"{position.role_profile.key} v{position.role_profile.version}",
        title="Noah Kim: Account Executive 30/60/90",
        actor=manager,
        application_id=application.id,
        development=development_goals(application.id, start),
    )
    today = utcnow().date()
    overdue_left = 2  # leave two overdue items undone, like a real week three
    for item in sorted(created.items, key=lambda i: i.due_date):
        if item.due_date >= today:
            break
        if overdue_left and not item.generated and item.due_date > today - timedelta(days=9):
            overdue_left -= 1
            continue
        onboarding.complete_item(
            item,
            by=manager if item.owner.value == "manager" else noah,
            note="Done; notes in the shared folder." if item.evidence_required else "",
            evidence_url="https://docs.example.com/onboarding/noah"
            if item.evidence_required
            else "",
        )
    from hiring.onboarding.models import MeetingKind

    onboarding.record_meeting(
        created,
        kind=MeetingKind.ONE_ON_ONE,
        held_on=start + timedelta(days=7),
        by=manager,
        agenda="First week: what went well, what was confusing",
        notes="Enjoyed the shadow calls. Finds the pricing approvals unclear.",
        action_items=["Book two more shadow calls with Jamie", "Read the pricing playbook"],
    )
    onboarding.record_meeting(
        created,
        kind=MeetingKind.RIDE_ALONG,
        held_on=start + timedelta(days=17),
        by=manager,
        pre_call_plan="Discovery call with a 300-seat distributor; goal: confirm budget owner.",
        observations="Strong rapport; moved to the demo after four questions.",
        focus_points="Ask about the cost of doing nothing before showing anything",
        agreed_action="Use the discovery checklist on the next two calls",
    )
    onboarding.record_meeting(
        created,
        kind=MeetingKind.ONE_ON_ONE,
        held_on=start + timedelta(days=14),
        by=manager,
        agenda="Week two; ride-along prep",
        notes="Pricing playbook done. Nervous about the first ride-along.",
        action_items=[
            "Prepare the pre-call plan for Thursday",
            "Book two more shadow calls with Jamie",
        ],
    )
    for goal in created.goals:
        if goal.is_development or goal.target is None:
            continue
        for weeks_ago, share in ((2, 0.15), (1, 0.35)):
            onboarding.record_actual(
                goal,
                value=round(goal.target * share, 1),
                on=today - timedelta(weeks=weeks_ago),
                note="",
                by=noah,
            )
    db.session.flush()
    return 1
