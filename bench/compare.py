"""Benchmark the candidate comparison page: 30 vs 300 candidates.

Seeds two positions on one role profile with 8 competencies, every candidate with one
interview rated by 4 interviewers on all 8 competencies (300 candidates x 8 x 4 = 9,600
ratings), then times GET /positions/<id>/compare for each and prints the median server time,
the SQL query count and their ratio. Target: under 3x the time for 10x the data.

    .venv/bin/python bench/compare.py            # temporary SQLite database
    HIRING_BENCH_DATABASE_URL=postgresql://... .venv/bin/python bench/compare.py
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import flask_migrate
from sqlalchemy import event

from hiring import create_app
from hiring.applications.models import Application
from hiring.auth import passwords
from hiring.auth.models import Role, User, UserRole
from hiring.candidates.models import Candidate
from hiring.db import db, utcnow
from hiring.interviews.models import Interview, InterviewInterviewer
from hiring.library.models import Competency, Origin, RoleProfile, RoleProfileCompetency
from hiring.library.schema import Scale, StageKind
from hiring.positions.models import (
    PlanRevision,
    PlanStage,
    PlanStageFocus,
    Position,
    PositionStatus,
)
from hiring.scorecards.models import (
    Recommendation,
    Scorecard,
    ScorecardRating,
    ScorecardStatus,
)

RUNS = 31
PASSWORD = "benchmark password"  # noqa: S105 - a throwaway local database


def user(email: str, role: Role) -> User:
    person = User(
        email=email,
        name=email.split("@")[0].title(),
        password_hash=passwords.hash_password(PASSWORD),
    )
    person.role_grants = [UserRole(role=role)]
    db.session.add(person)
    return person


def seed() -> tuple[int, int]:
    rng = random.Random(42)
    manager = user("manager@bench.test", Role.HIRING_MANAGER)
    panel = [user(f"interviewer{n}@bench.test", Role.INTERVIEWER) for n in range(4)]
    competencies = [
        Competency(
            key=f"skill_{n}",
            version=1,
            current=True,
            content_hash="bench",
            name=f"Skill {n}",
            definition="",
            why="",
            scale=Scale.FOUR_LEVEL,
            anchors={str(level): f"Level {level}" for level in range(1, 5)},
            origin=Origin.LIBRARY,
        )
        for n in range(8)
    ]
    profile = RoleProfile(
        key="bench",
        version=1,
        current=True,
        content_hash="bench",
        name="Bench profile",
        summary="",
        scale=Scale.FOUR_LEVEL,
        minimum_score=2.8,
        default_plan=[],
        onboarding_template={"items": [], "goals": []},
    )
    profile.competency_links = [
        RoleProfileCompetency(
            competency=c,
            position=n,
            weight=1 + n % 3,
            must_have=n < 2,
            minimum=3 if n < 2 else None,
        )
        for n, c in enumerate(competencies)
    ]
    db.session.add(profile)
    db.session.flush()
    ids = []
    for size in (30, 300):
        position = Position(
            title=f"Bench {size}",
            role_profile=profile,
            hiring_manager=manager,
            status=PositionStatus.OPEN,
        )
        revision = PlanRevision(number=1)
        stage = PlanStage(position=0, name="Panel", kind=StageKind.BEHAVIOURAL, duration_minutes=60)
        stage.focus = [PlanStageFocus(competency=c) for c in competencies]
        revision.stages.append(stage)
        position.plan_revisions.append(revision)
        db.session.add(position)
        db.session.flush()
        for n in range(size):
            application = Application(
                candidate=Candidate(name=f"Candidate {size}-{n}", email=f"c{size}-{n}@bench.test"),
                position=position,
                stage_index=0,
            )
            interview = Interview(
                application=application,
                stage=stage,
                starts_at=utcnow() - timedelta(days=2),
                time_zone="UTC",
                duration_minutes=60,
            )
            interview.interviewers = [InterviewInterviewer(user=p) for p in panel]
            for person in panel:
                card = Scorecard(
                    interview=interview,
                    interviewer=person,
                    status=ScorecardStatus.SUBMITTED,
                    submitted_at=utcnow(),
                    recommendation=rng.choice(list(Recommendation)),
                )
                card.ratings = [
                    ScorecardRating(competency=c, rating=rng.randint(1, 4), evidence="Evidence.")
                    for c in competencies
                ]
                db.session.add(card)
            db.session.add(application)
        db.session.flush()
        ids.append(position.id)
    db.session.commit()
    return ids[0], ids[1]


def measure(app, position_id: int) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    client = app.test_client()
    client.post("/login", data={"email": "manager@bench.test", "password": PASSWORD})
    url = f"/positions/{position_id}/compare"
    assert client.get(url).status_code == 200  # warm-up
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    timings = []
    for _ in range(RUNS):
        statements.clear()
        event.listen(engine, "before_cursor_execute", count)
        start = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - start)
        event.remove(engine, "before_cursor_execute", count)
        assert response.status_code == 200
    return statistics.median(timings), len(statements)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("HIRING_BENCH_DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite3"
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "bench-secret-key-not-a-default",
                "DATABASE_URL": url,
                "WTF_CSRF_ENABLED": False,
                "PASSWORD_HASH_PROFILE": "cheapest",
                "RATELIMIT_ENABLED": False,
            }
        )
        with app.app_context():
            flask_migrate.upgrade()
            seeding = time.perf_counter()
            small, large = seed()
            # Fresh statistics, as a live database would have, so both sizes get good plans.
            with db.engine.connect() as connection:
                connection.exec_driver_sql("ANALYZE")
                connection.commit()
            print(
                f"seeded 330 candidates, 1,320 scorecards, 10,560 ratings in {time.perf_counter() - seeding:.1f} s"
            )
        small_time, small_queries = measure(app, small)
        large_time, large_queries = measure(app, large)
        print(f"{'candidates':>10} {'median ms':>10} {'queries':>8}")
        print(f"{30:>10} {small_time * 1000:>10.1f} {small_queries:>8}")
        print(f"{300:>10} {large_time * 1000:>10.1f} {large_queries:>8}")
        ratio = large_time / small_time
        print(
            f"ratio 300/30: {ratio:.2f}x time, {large_queries / small_queries:.2f}x queries (target: time under 3x)"
        )
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
