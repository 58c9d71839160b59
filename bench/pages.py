"""Benchmark every main page on the demo and on a 10x organisation: does a page cost more as
history grows?

Two databases are built in one run: the demo alone ("demo"), and the demo plus ten times the
history around the same demo people ("10x"): 80+ users, 1,000 more applicants on the demo
position, 10 more positions, 500+ interviews (340 panels for Jamie Ortiz, interviewer@), 1,300+
scorecards with their ratings, 30 onboarding plans spread over two years (Morgan Patel manages
them, Jamie is buddy on most) and 5,000 audit rows. The demo people keep their demo ids, so
every page is the same URL, signed in as the same person, at both sizes.

Each page is requested through Flask's test client (routing, views, queries, templates and
the session; no HTTP server or network), the two sizes interleaved and repeated, and the table
shows the median server time at each size, their ratio (target: at most 1.5x) and the SQL
queries per request (they should be equal). Nothing is written to the repository.

    PYTHONPATH=$PWD .venv/bin/python bench/pages.py               # two temporary SQLite files
    PYTHONPATH=/work/wt-before .venv/bin/python bench/pages.py    # the same, on older code
    .venv/bin/python bench/pages.py --postgres postgresql://user@host/  # two databases there
    .venv/bin/python bench/pages.py --runs 15 --only mine,home

Over 350 lines on purpose: the seeding of the large organisation and the page list belong
together, so the measured pages and the history they read sit in one file.
"""

from __future__ import annotations

import argparse
import logging
import random
import statistics
import tempfile
import time
import uuid
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import flask_migrate
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, func, insert, select, text, update

from hiring import create_app, demo
from hiring.applications.models import Application, ApplicationEvent, ApplicationStatus
from hiring.audit.models import AuditEvent
from hiring.auth import passwords
from hiring.auth.models import Role, User, UserRole
from hiring.candidates.models import Candidate
from hiring.db import db, utcnow
from hiring.debriefs.models import Decision, DecisionOutcome
from hiring.interviews.models import Interview, InterviewInterviewer
from hiring.library.models import RoleProfile
from hiring.onboarding.models import CheckIn, Goal, OnboardingPlan, PlanItem, PlanStatus
from hiring.onboarding.services import plans as plan_services
from hiring.positions import services as position_services
from hiring.positions.models import PlanStage, PlanStageFocus, Position, PositionStatus
from hiring.scorecards.models import Recommendation, Scorecard, ScorecardRating, ScorecardStatus

warnings.filterwarnings("ignore", message="Flask-Caching: CACHE_TYPE is set to NullCache")

DEMO_POSITION = "Account Executive, Mid-Market"
JAMIE = "interviewer@example.com"
MORGAN = "manager@example.com"

# --- Seeding --------------------------------------------------------------------------------


def seed_demo() -> None:
    demo.seed()
    db.session.commit()


def user_id(email: str) -> int:
    found = db.session.scalar(select(User.id).where(User.email == email))
    assert found is not None, email
    return found


def person(id_: int) -> User:
    found = db.session.get(User, id_)
    assert found is not None
    return found


def bulk(model: type[Any], rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` in one statement batch; their new ids, in order."""
    if not rows:
        return []
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(db.session.scalars(statement, rows))


def grow(rng: random.Random) -> str:
    """Ten times the demo's history around the demo people; returns what it made."""
    now = utcnow()
    jamie, morgan, recruiter = user_id(JAMIE), user_id(MORGAN), user_id("recruiter@example.com")
    hashed = passwords.hash_password("benchmark password")

    def people(role: Role, count: int, manager: int | None) -> list[int]:
        made = []
        for _ in range(count):
            n = uuid.uuid4().hex[:8]
            row = User(
                email=f"{role.value}.{n}@bench.test",
                name=f"{role.label} {n}",
                password_hash=hashed,
                manager_id=manager,
                time_zone="America/Chicago",
            )
            row.role_grants = [UserRole(role=role)]
            db.session.add(row)
            made.append(row)
        db.session.flush()
        return [p.id for p in made]

    managers = people(Role.HIRING_MANAGER, 10, None)
    # Interviewers in teams of four under the new managers; the new hires report to whoever
    # manages their plan (``create_plan`` sets it): twenty of them to Morgan.
    interviewers = [i for m in managers[:9] for i in people(Role.INTERVIEWER, 4, m)]
    hires = people(Role.NEW_HIRE, 30, morgan)
    people(Role.RECRUITER, 3, None)

    profile = db.session.scalar(select(RoleProfile).where(RoleProfile.current.is_(True)))
    first = db.session.scalar(select(Position).where(Position.title == DEMO_POSITION))
    assert profile is not None
    assert first is not None
    positions = [first]
    for n, manager in enumerate(managers):
        positions.append(
            position_services.create_position(
                title=f"Bench position {n}",
                team="Bench",
                location="Remote",
                role_profile=profile,
                hiring_manager=person(manager),
                recruiter=person(recruiter),
                headcount=2,
                status=PositionStatus.OPEN,
                actor=person(recruiter),
            )
        )
    db.session.flush()

    # Applicants: 1,000 more on the demo position, 30 on each other one.
    wanted = [(positions[0], 1000)] + [(p, 30) for p in positions[1:]]
    candidate_rows, application_specs = [], []
    for position, count in wanted:
        for _ in range(count):
            tag = uuid.uuid4().hex[:10]
            candidate_rows.append(
                {
                    "name": f"Applicant {tag}",
                    "email": f"{tag}@bench.test",
                    "created_by_id": recruiter,
                }
            )
            application_specs.append(position)
    candidate_ids = bulk(Candidate, candidate_rows)
    # Applied over two years; those older than ten weeks are closed, as a live pipeline's are.
    ages = [rng.uniform(1, 720) for _ in candidate_ids]
    recent = [n for n, age in enumerate(ages) if age < 60]
    # 520 panels over those two years, each some days after its candidate applied; one in 40
    # still to come (for a recent applicant). Jamie Ortiz sits on 340 of them.
    interviewed = rng.sample(range(len(candidate_ids)), 520)
    for number in range(0, 520, 40):
        interviewed[number] = recent[number // 40]
    upcoming = {interviewed[n] for n in range(0, 520, 40)}

    def status(n: int) -> ApplicationStatus:
        if ages[n] < 70 or n in upcoming:
            return ApplicationStatus.ACTIVE
        return rng.choice([ApplicationStatus.REJECTED] * 6 + [ApplicationStatus.WITHDRAWN])

    applied = [now - timedelta(days=age) for age in ages]
    application_ids = bulk(
        Application,
        [
            {
                "candidate_id": c,
                "position_id": p.id,
                "stage_index": rng.choice([0, 0, 0, 1, 2, 3]),
                "status": status(n),
                "applied_at": a,
                "updated_at": a,
            }
            for n, (c, p, a) in enumerate(
                zip(candidate_ids, application_specs, applied, strict=True)
            )
        ],
    )
    bulk(
        ApplicationEvent,
        [
            {"application_id": i, "actor_id": recruiter, "kind": "created", "occurred_at": a}
            for i, a in zip(application_ids, applied, strict=True)
        ],
    )

    focus: dict[int, list[int]] = {}
    for stage_id, competency_id in db.session.execute(
        select(PlanStageFocus.stage_id, PlanStageFocus.competency_id)
    ):
        focus.setdefault(stage_id, []).append(competency_id)
    interview_rows, panels = [], []
    for number, index in enumerate(interviewed):
        position = application_specs[index]
        stage = rng.choice(position.current_plan.stages)  # type: ignore[union-attr]
        if index in upcoming:
            days = rng.uniform(1, 30)
        else:  # a few days after applying, and over by now
            days = min(-ages[index] + rng.uniform(3, 30), -rng.uniform(2, 5))
        panel = rng.sample(interviewers, 3 if number >= 340 else 2)
        if number < 340:
            panel.append(jamie)
        interview_rows.append(
            {
                "application_id": application_ids[index],
                "stage_id": stage.id,
                "starts_at": now + timedelta(days=days),
                "time_zone": "America/Chicago",
                "duration_minutes": stage.duration_minutes,
                "created_by_id": recruiter,
            }
        )
        panels.append((stage.id, days, panel))
    interview_ids = bulk(Interview, interview_rows)
    bulk_rows: list[dict[str, Any]] = []
    for interview_id, (_, _, panel) in zip(interview_ids, panels, strict=True):
        bulk_rows += [{"interview_id": interview_id, "user_id": u} for u in panel]
    db.session.execute(insert(InterviewInterviewer), bulk_rows)
    card_rows, card_focus = [], []
    for number, (interview_id, (stage_id, days, panel)) in enumerate(
        zip(interview_ids, panels, strict=True)
    ):
        for member in panel:
            done = days < -2 and not (member == jamie and number in (41, 81, 121))
            when = now + timedelta(days=days + 1)
            card_rows.append(
                {
                    "interview_id": interview_id,
                    "interviewer_id": member,
                    "status": ScorecardStatus.SUBMITTED if done else ScorecardStatus.DRAFT,
                    "recommendation": rng.choice(list(Recommendation)) if done else None,
                    "summary": "Benchmark summary." if done else "",
                    "submitted_at": when if done else None,
                    "created_at": when - timedelta(days=3),
                    "updated_at": when,
                }
            )
            card_focus.append(focus.get(stage_id, []) if done else [])
    card_ids = bulk(Scorecard, card_rows)
    rating_rows = [
        {"scorecard_id": s, "competency_id": c, "rating": rng.randint(1, 4), "evidence": "Seen."}
        for s, competencies in zip(card_ids, card_focus, strict=True)
        for c in competencies
    ]
    db.session.execute(insert(ScorecardRating), rating_rows)

    # 30 hires with onboarding plans over two years: Morgan manages 20, Jamie is buddy on 25.
    template = profile.onboarding_template
    hired = [application_ids[i] for i in rng.sample(range(1000, len(application_ids)), 30)]
    for n, (application_id, hire) in enumerate(zip(hired, hires, strict=True)):
        manager = morgan if n < 20 else managers[n % len(managers)]
        db.session.execute(
            update(Application)
            .where(Application.id == application_id)
            .values(status=ApplicationStatus.HIRED, version=Application.version + 1)
        )
        db.session.add(
            Decision(
                application_id=application_id,
                outcome=DecisionOutcome.HIRE,
                rationale="Benchmark hire.",
                formula_outcome="hire",
                decided_by_id=manager,
                start_date=now.date(),
                manager_id=manager,
            )
        )
        start = now.date() + timedelta(days=7)
        plan = plan_services.create_plan(
            new_hire=person(hire),
            manager=person(manager),
            buddy=person(jamie if n < 25 else interviewers[n]),
            start=start,
            template=template,
            template_source="bench",
            title=f"Onboarding {n}",
            actor=person(manager),
            application_id=application_id,
        )
        db.session.flush()
        # Spread the starts over the last two years (the last few still ahead).
        shift = timedelta(days=-rng.randint(7, 720) if n % 6 else rng.randint(0, 20))
        plan.start_date = start + shift
        for model in (PlanItem, Goal, CheckIn):
            db.session.execute(
                update(model)
                .where(model.plan_id == plan.id)
                .values(due_date=model.due_date + shift)
                if db.engine.dialect.name == "postgresql"
                else update(model)
                .where(model.plan_id == plan.id)
                .values(due_date=func.date(model.due_date, f"{shift.days} days"))
            )
        if n >= 27:
            plan.status = PlanStatus.COMPLETED

    actors = managers + interviewers + [jamie, morgan, recruiter]
    bulk(
        AuditEvent,
        [
            {
                "occurred_at": now - timedelta(minutes=rng.randint(60, 1_000_000)),
                "actor_id": rng.choice(actors),
                "action": "candidate.update",
                "object_type": "candidate",
                "object_id": rng.choice(candidate_ids),
                "object_label": "Benchmark candidate",
            }
            for _ in range(5000)
        ],
    )
    db.session.commit()
    counts = {
        name: db.session.scalar(select(func.count()).select_from(model))
        for name, model in (
            ("users", User),
            ("applications", Application),
            ("interviews", Interview),
            ("scorecards", Scorecard),
            ("plans", OnboardingPlan),
            ("audit rows", AuditEvent),
        )
    }
    return ", ".join(f"{value:,} {name}" for name, value in counts.items())


# --- The pages ------------------------------------------------------------------------------


@dataclass
class Site:
    """One database: its app, a signed-in client per person, and the ids the pages use."""

    label: str
    app: Flask
    ids: dict[str, int] = field(default_factory=dict)
    clients: dict[str, FlaskClient] = field(default_factory=dict)
    statements: int = 0

    def client(self, email: str) -> FlaskClient:
        if email not in self.clients:
            client = self.app.test_client()
            response = client.post("/login", data={"email": email, "password": demo.DEMO_PASSWORD})
            assert response.status_code == 302, f"{email} could not sign in"
            self.clients[email] = client
        return self.clients[email]


def demo_ids() -> dict[str, int]:
    """The demo objects every page reads: the same rows (and ids) in both databases."""
    jamie = user_id(JAMIE)
    position = db.session.scalar(select(Position).where(Position.title == DEMO_POSITION))
    assert position is not None
    assert position.current_plan is not None
    owed = db.session.scalar(
        select(Scorecard.interview_id)
        .where(Scorecard.interviewer_id == jamie, Scorecard.status == ScorecardStatus.DRAFT)
        .order_by(Scorecard.interview_id)
    )
    debriefed = db.session.scalar(
        select(Interview.application_id)
        .join(Scorecard)
        .where(Scorecard.status == ScorecardStatus.SUBMITTED)
        .group_by(Interview.application_id)
        .order_by(func.count(Scorecard.id).desc(), Interview.application_id)
    )
    plan = db.session.scalar(
        select(OnboardingPlan.id).where(
            OnboardingPlan.new_hire_id == user_id("newhire@example.com")
        )
    )
    stage = db.session.scalar(
        select(PlanStage.id)
        .where(PlanStage.revision_id == position.current_plan.id)
        .order_by(PlanStage.position)
        .offset(1)
    )
    found = {"interview": owed, "stage": stage, "application": debriefed, "plan": plan}
    assert None not in found.values(), found
    return {"position": position.id} | {k: v for k, v in found.items() if v is not None}


ADMIN, RECRUITER, NOAH = "admin@example.com", "recruiter@example.com", "newhire@example.com"
Page = tuple[str, str, Callable[[dict[str, int]], str]]
PAGES: list[Page] = [
    ("home: admin", ADMIN, lambda i: "/"),
    ("home: recruiter", RECRUITER, lambda i: "/"),
    ("home: manager", MORGAN, lambda i: "/"),
    ("home: interviewer+buddy", JAMIE, lambda i: "/"),
    ("home: new hire", NOAH, lambda i: "/"),
    ("interviews/mine: interviewer", JAMIE, lambda i: "/interviews/mine"),
    ("interviews/mine: manager", MORGAN, lambda i: "/interviews/mine"),
    ("interview", JAMIE, lambda i: f"/interviews/{i['interview']}"),
    ("scorecard", JAMIE, lambda i: f"/interviews/{i['interview']}/scorecard"),
    ("interview kit", JAMIE, lambda i: f"/interviews/{i['interview']}/kit"),
    ("positions", RECRUITER, lambda i: "/positions/"),
    ("position", RECRUITER, lambda i: f"/positions/{i['position']}"),
    ("plan editor", RECRUITER, lambda i: f"/positions/{i['position']}/plan"),
    ("stage kit", RECRUITER, lambda i: f"/positions/{i['position']}/plan/stages/{i['stage']}/kit"),
    ("pipeline board (B)", RECRUITER, lambda i: f"/positions/{i['position']}/pipeline"),
    ("comparison (B)", MORGAN, lambda i: f"/positions/{i['position']}/compare"),
    ("candidates", RECRUITER, lambda i: "/candidates/"),
    ("application", RECRUITER, lambda i: f"/applications/{i['application']}"),
    ("debrief", MORGAN, lambda i: f"/applications/{i['application']}/debrief"),
    ("onboarding: manager", MORGAN, lambda i: "/onboarding/"),
    ("onboarding: buddy", JAMIE, lambda i: "/onboarding/"),
    ("onboarding plan", MORGAN, lambda i: f"/onboarding/plans/{i['plan']}"),
    ("audit log", ADMIN, lambda i: "/admin/audit/"),
    ("users", ADMIN, lambda i: "/admin/users/"),
]  # fmt: skip


def request_once(site: Site, page: Page) -> tuple[float, int, int]:
    """(seconds, status, queries) of one GET of ``page`` on ``site``."""
    _, email, url = page
    client = site.client(email)
    site.statements = 0
    start = time.perf_counter()
    response = client.get(url(site.ids))
    elapsed = time.perf_counter() - start
    return elapsed, response.status_code, site.statements


def build(label: str, url: str, growths: int, rng: random.Random) -> Site:
    """A site seeded with the demo and its history grown ``growths`` times (once: the 10x
    organisation; twice: 20x)."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench-secret-key-not-a-default",
            "DATABASE_URL": url,
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_PROFILE": "cheapest",
            "RATELIMIT_ENABLED": False,
            "JOBS_URL": "memory://",
            "JOBS_IMMEDIATE": True,
        }
    )
    site = Site(label, app)
    with app.app_context():
        flask_migrate.upgrade()
        started = time.perf_counter()
        seed_demo()
        made = "demo"
        for _ in range(growths):
            made = grow(rng)
        with db.engine.connect() as connection:  # fresh statistics, as a live database has
            connection.exec_driver_sql("ANALYZE")
            connection.commit()
        site.ids = demo_ids()
        print(f"{label}: seeded in {time.perf_counter() - started:.1f} s: {made}", flush=True)

        def count(*_: object) -> None:
            site.statements += 1

        event.listen(db.engine, "before_cursor_execute", count)
    return site


def postgres_databases(server: str) -> list[str]:
    """Three fresh databases on ``server`` (dropped by ``drop_postgres``)."""
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    names = [f"bench_pages_{uuid.uuid4().hex[:8]}" for _ in range(3)]
    with engine.connect() as connection:
        for name in names:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return [f"{server.rstrip('/')}/{name}" for name in names]


def drop_postgres(server: str, urls: list[str]) -> None:
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        for url in urls:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}"'))
    engine.dispose()


def measure(sites: list[Site], pages: list[Page], runs: int) -> None:
    times: dict[tuple[str, str], list[float]] = {}
    queries: dict[tuple[str, str], int] = {}
    for site in sites:  # warm-up: sign-ins, template compilation, first-use caches
        for page in pages:
            _, status, _ = request_once(site, page)
            if status != 200:
                print(f"  {site.label}: {page[0]} answered {status}", flush=True)
    for run in range(runs):
        order = sites if run % 2 == 0 else sites[::-1]
        for page in pages:
            for site in order:
                elapsed, _, statements = request_once(site, page)
                times.setdefault((page[0], site.label), []).append(elapsed)
                queries[(page[0], site.label)] = statements
    small, large = sites[0].label, sites[1].label
    larger = sites[2].label if len(sites) > 2 else None
    header = f"{'page':<30} {small + ' ms':>9} {large + ' ms':>9} {'ratio':>6} {'spread':>7} {'queries':>9}"
    if larger:
        # A page that shows a capped list fills it by 10x; from there on it must stay flat.
        header += f" {larger + ' ms':>9} {larger + '/' + large:>9}"
    print(header)
    print("-" * len(header))
    ratios, onward = [], []
    for page in pages:
        name = page[0]
        a, b = times[(name, small)], times[(name, large)]
        ratio = statistics.median(b) / statistics.median(a)
        ratios.append(ratio)
        # How noisy: the spread between quartiles of the large size, as a share of its median.
        quartiles = statistics.quantiles(b, n=4) if len(b) > 1 else [b[0]] * 3
        spread = (quartiles[2] - quartiles[0]) / statistics.median(b)
        flag = "  <-- over 1.5x" if ratio > 1.5 else ""
        line = (
            f"{name:<30} {statistics.median(a) * 1000:>9.1f} {statistics.median(b) * 1000:>9.1f}"
            f" {ratio:>5.2f}x {spread:>6.0%} {queries[(name, small)]:>4}/{queries[(name, large)]:<4}"
        )
        if larger:
            c = times[(name, larger)]
            onward.append(statistics.median(c) / statistics.median(b))
            line += f" {statistics.median(c) * 1000:>9.1f} {onward[-1]:>8.2f}x"
            line += f" q{queries[(name, larger)]}"
        print(line + flag)
    over = sum(1 for r in ratios if r > 1.5)
    print(f"{over} of {len(ratios)} pages over 1.5x; worst {max(ratios):.2f}x; {runs} runs each")
    if onward:
        print(f"{larger} against {large}: worst {max(onward):.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="interleaved repeats per page")
    parser.add_argument("--postgres", metavar="SERVER_URL", help="use two databases there")
    parser.add_argument("--only", help="comma-separated words; pages whose name has one")
    parser.add_argument(
        "--twenty",
        action="store_true",
        help="also a 20x organisation (the history grown twice): pages showing capped lists "
        "fill them by 10x, so 20x against 10x shows whether they stay flat",
    )
    args = parser.parse_args()
    logging.disable(logging.INFO)  # migrations and the library load say what they do
    pages = PAGES
    if args.only:
        words = args.only.split(",")
        pages = [p for p in PAGES if any(w in p[0] for w in words)]
    import hiring

    print(f"code: {Path(hiring.__file__).resolve().parent.parent}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        if args.postgres:
            urls = postgres_databases(args.postgres)
        else:
            urls = [f"sqlite:///{tmp}/{name}.sqlite3" for name in ("demo", "large", "larger")]
        try:
            sites = [
                build("demo", urls[0], 0, random.Random(1)),
                build("10x", urls[1], 1, random.Random(1)),
            ]
            if args.twenty:
                sites.append(build("20x", urls[2], 2, random.Random(1)))
            measure(sites, pages, args.runs)
        finally:
            for site in locals().get("sites", []):
                with site.app.app_context():
                    db.engine.dispose()
            if args.postgres:
                drop_postgres(args.postgres, urls)


if __name__ == "__main__":
    main()
