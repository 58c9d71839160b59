"""Benchmark PDF packets on the demo data, each against a baseline measured in the same run.

1. The app's candidate packet (GET /applications/<id>/packet.pdf, cache off: queries,
   template, fetcher, response) against WeasyPrint rendering the very same HTML directly.
   Target: at most 1.15x.
2. A cached repeat download against the first render of the same packet. Target: under 5%.
3. A 20-memo position batch (20 finalists cloned from the demo's most-interviewed
   candidate, plus the comparison summary) rendered on every core against one core.
   Target: at least 1.6x on 2 cores.

    .venv/bin/python bench/packets.py            # temporary SQLite database
    HIRING_BENCH_DATABASE_URL=postgresql://... .venv/bin/python bench/packets.py
"""

from __future__ import annotations

import io
import multiprocessing.forkserver
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import flask_migrate
from pypdf import PdfReader
from sqlalchemy import func, select
from weasyprint import HTML

from hiring import create_app, demo
from hiring.applications.models import Application, ApplicationStatus
from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.db import db
from hiring.debriefs import queries
from hiring.extensions import cache
from hiring.interviews.models import Interview, InterviewInterviewer
from hiring.packets import batch, services
from hiring.positions.queries import load_position
from hiring.scorecards.models import Scorecard, ScorecardRating, ScorecardStatus

# The uncached app is meant to have no cache; Flask-Caching warns about that.
warnings.filterwarnings("ignore", message="Flask-Caching: CACHE_TYPE is set to NullCache")

RUNS = 7
BATCH_RUNS = 2
FINALISTS = 20
PASSWORD = "benchmark password"  # noqa: S105 - a throwaway local database


def config(url: str, cache_type: str) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SECRET_KEY": "bench-secret-key-not-a-default",
        "DATABASE_URL": url,
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_PROFILE": "cheapest",
        "RATELIMIT_ENABLED": False,
        "CACHE_TYPE": cache_type,
    }


def most_interviewed() -> Application:
    """The demo application with the most submitted scorecards (Marcus Bell's, today)."""
    counts = (
        select(Interview.application_id, func.count(Scorecard.id).label("cards"))
        .join(Scorecard, Scorecard.interview_id == Interview.id)
        .where(Scorecard.status == ScorecardStatus.SUBMITTED)
        .group_by(Interview.application_id)
        .order_by(func.count(Scorecard.id).desc(), Interview.application_id)
        .limit(1)
    )
    application_id = db.session.execute(counts).first()[0]  # type: ignore[index]
    application = db.session.get(Application, application_id)
    assert application is not None
    return application


def clone_finalists(source: Application, count: int) -> list[int]:
    """``count`` more candidates at the last stage with copies of ``source``'s scorecards."""
    plan = source.position.current_plan
    assert plan is not None
    last = len(plan.stages) - 1
    interviews = db.session.scalars(
        select(Interview).where(Interview.application_id == source.id)
    ).all()
    ids = []
    for n in range(count):
        application = Application(
            candidate=Candidate(name=f"Finalist {n + 1:02d}", email=f"finalist{n}@bench.test"),
            position=source.position,
            stage_index=last,
            status=ApplicationStatus.ACTIVE,
        )
        for original in interviews:
            interview = Interview(
                application=application,
                stage_id=original.stage_id,
                starts_at=original.starts_at,
                time_zone=original.time_zone,
                duration_minutes=original.duration_minutes,
                status=original.status,
            )
            interview.interviewers = [
                InterviewInterviewer(user_id=i.user_id) for i in original.interviewers
            ]
            for card in original.scorecards:
                copy = Scorecard(
                    interviewer_id=card.interviewer_id,
                    status=card.status,
                    recommendation=card.recommendation,
                    summary=card.summary,
                    submitted_at=card.submitted_at,
                )
                copy.ratings = [
                    ScorecardRating(
                        competency_id=r.competency_id,
                        rating=r.rating,
                        not_assessed=r.not_assessed,
                        evidence=f"{r.evidence} (finalist {n + 1})",
                    )
                    for r in card.ratings
                ]
                interview.scorecards.append(copy)
            db.session.add(interview)
        db.session.add(application)
        db.session.flush()
        ids.append(application.id)
    db.session.commit()
    return ids


def signed_in(app: Any, email: str) -> Any:
    with app.app_context():
        from hiring.auth import passwords

        person = db.session.scalar(select(User).where(User.email == email))
        assert person is not None
        person.password_hash = passwords.hash_password(PASSWORD)
        db.session.commit()
    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    return client


def timed(action: Any) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("HIRING_BENCH_DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite3"
        uncached = create_app(config(url, "NullCache"))
        cached = create_app(config(url, "SimpleCache"))
        with uncached.app_context():
            flask_migrate.upgrade()
            demo.seed()
            db.session.commit()
            source = most_interviewed()
            source_id, position_id = source.id, source.position_id
            manager_email = source.position.hiring_manager.email
            name = source.candidate.name
            finalist_ids = clone_finalists(source, FINALISTS)
        url_path = f"/applications/{source_id}/packet.pdf"
        print(f"demo data; candidate packet for {name} (application {source_id})")

        # 1. The app against WeasyPrint on the same HTML, alternating so drift hits both.
        client = signed_in(uncached, manager_email)
        with uncached.test_request_context():
            debrief = queries.load_debrief(source_id)
            assert debrief is not None
            manager_name = debrief.position.hiring_manager.name
            packet = services.candidate_packet(debrief, manager_name)
            html = packet.html
        served = client.get(url_path)
        # The very same HTML: the ETag the app sends is the fingerprint of what it rendered.
        assert served.headers["ETag"].strip('"') == packet.fingerprint
        pages = len(PdfReader(io.BytesIO(served.data)).pages)
        assert client.get(url_path).status_code == 200  # warm-up: fonts, templates
        HTML(string=html).write_pdf()
        app_times, direct_times = [], []
        for _ in range(RUNS):
            app_times.append(timed(lambda: client.get(url_path)))
            direct_times.append(timed(lambda: HTML(string=html).write_pdf()))
        app_median, direct_median = statistics.median(app_times), statistics.median(direct_times)
        print(
            f"1. candidate packet: app {app_median * 1000:.0f} ms, WeasyPrint alone"
            f" {direct_median * 1000:.0f} ms -> {app_median / direct_median:.3f}x (target <= 1.15x)"
        )

        # 2. First render against a cached repeat, with the cache emptied before each first.
        client = signed_in(cached, manager_email)
        firsts, repeats = [], []
        for _ in range(RUNS):
            with cached.app_context():
                cache.clear()
            firsts.append(timed(lambda: client.get(url_path)))
            repeats.append(timed(lambda: client.get(url_path)))
        first, repeat = statistics.median(firsts), statistics.median(repeats)
        print(
            f"2. cached repeat: first {first * 1000:.0f} ms, repeat {repeat * 1000:.1f} ms"
            f" -> {repeat / first:.1%} of the first (target < 5%)"
        )

        # 3. The 20-memo position batch on every core against one core (cache off).
        with uncached.app_context(), uncached.test_request_context():
            position = load_position(position_id)
            assert position is not None
            bundle, debriefs = services.finalists_packet(
                position,
                viewer_id=None,
                picked=finalist_ids,
                limit=services.CLI_MAX_FINALISTS,
                separate=True,
            )
            packets = bundle.parts
            cores = batch.default_workers()
            singles, parallels = [], []
            for _ in range(BATCH_RUNS):  # interleaved, so machine noise hits both
                singles.append(
                    timed(lambda: batch.render_many(packets, workers=1, use_cache=False))
                )
                # Each parallel run starts cold, as a CLI run does: stop the forkserver
                # (a private helper, fine for a benchmark) so its start-up is timed too.
                multiprocessing.forkserver._forkserver._stop()  # type: ignore[attr-defined]
                parallels.append(
                    timed(lambda: batch.render_many(packets, workers=cores, use_cache=False))
                )
            one, every = min(singles), min(parallels)
        print(
            f"3. position batch ({len(debriefs)} memos + summary, best of {BATCH_RUNS}): 1 core {one:.1f} s,"
            f" {cores} cores {every:.1f} s -> {one / every:.2f}x (target >= 1.6x on 2 cores)"
        )
        print(f"   (the memo is {pages} pages; 1 and 2 are medians of {RUNS} runs)")
        for app in (uncached, cached):
            with app.app_context():
                db.engine.dispose()


if __name__ == "__main__":
    main()
