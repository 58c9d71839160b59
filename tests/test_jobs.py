"""The job queue (hiring/jobs.py): a job runs in its own session once the request committed and
rolls back when it fails; a queued job survives a worker restart and runs exactly once, on
each store; the clock's jobs are registered; the health check and `flask jobs status` report
the queue."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, func, insert, select

from hiring import jobs, schedule
from hiring.auth.models import User
from hiring.db import db, utcnow
from hiring.mail import services as mail
from hiring.mail.models import MessageStatus, OutboxMessage
from hiring.scorecards.models import Scorecard, ScorecardReminder
from hiring.transaction import in_transaction
from tests import builders
from tests.support.harness import POSTGRES_URL, REDIS_URL

ROOT = Path(__file__).resolve().parents[1]

#: What the test jobs saw: (the name they read, the id of their session).
SEEN: list[tuple[str, int]] = []


@jobs.job(name="tests.rename")
def rename(user_id: int, name: str, fail: bool = False) -> None:
    person = db.session.get_one(User, user_id)
    SEEN.append((person.name, id(db.session())))
    person.name = name
    if fail:
        raise RuntimeError("the job failed after renaming")


@jobs.job(name="tests.welcome")
def welcome(address: str, fail: bool = False) -> None:
    mail.queue(address, "Welcome", "Hello")
    if fail:
        raise RuntimeError("the job failed after queueing mail")


@pytest.fixture
def app_config(request, tmp_path, database_url):
    """Immediate mode (the suite's default) unless a test asks for a store by name."""
    store = getattr(request, "param", None)
    if store is None:
        return {}
    if store == "redis" and not REDIS_URL:
        pytest.skip("set HIRING_TEST_REDIS_URL to run the queue on Redis")
    urls = {
        "sqlite": f"sqlite:///{tmp_path / 'jobs.sqlite3'}",
        "redis": REDIS_URL,
        "postgresql": database_url,  # the jobs_queue_* tables beside the app's own
        "unreachable": "redis://127.0.0.1:1/0",
    }
    return {"JOBS_IMMEDIATE": False, "JOBS_URL": urls[store]}


STORES = [
    "sqlite",
    "redis",
    pytest.param("postgresql", marks=pytest.mark.skipif(not POSTGRES_URL, reason="SQLite run")),
]


def _name(app, user_id):
    with app.app_context():
        return db.session.get_one(User, user_id).name


# --- Immediate mode: what the tests (and JOBS_IMMEDIATE) do -----------------------------------


@pytest.mark.parametrize("fail", [False, True])
def test_a_job_runs_in_its_own_session_after_the_request_committed(
    app, client, login, make_user, fail
):
    person = make_user(name="Before")
    request_sessions = []

    def view():
        db.session.get_one(User, person.id).name = "Committed"
        request_sessions.append(id(db.session()))
        jobs.enqueue_after_commit(rename, person.id, "Renamed by the job", fail=fail)
        return "ok"

    app.add_url_rule("/t/job", "t_job", in_transaction(view), methods=["POST"])
    login()
    SEEN.clear()
    assert client.post("/t/job").status_code == 200
    # The job read what the request had committed, in a session of its own...
    assert [name for name, _ in SEEN] == ["Committed"]
    assert SEEN[0][1] != request_sessions[0]
    # ...and its own change stands only if it returned.
    assert _name(app, person.id) == ("Committed" if fail else "Renamed by the job")


def test_nothing_is_enqueued_when_the_request_rolls_back(app, client, login, make_user):
    person = make_user(name="Before")

    def view():
        jobs.enqueue_after_commit(rename, person.id, "Never")
        raise RuntimeError("the view failed")

    app.add_url_rule("/t/fails", "t_fails", in_transaction(view), methods=["POST"])
    login()
    SEEN.clear()
    assert client.post("/t/fails").status_code == 500
    assert SEEN == [] and _name(app, person.id) == "Before"


@pytest.mark.parametrize("fail", [False, True])
def test_mail_queued_by_a_job_goes_out_only_after_the_job_commits(app, fail):
    welcome("noah@example.test", fail=fail)
    with app.app_context():
        messages = db.session.scalars(select(OutboxMessage)).all()
        if fail:
            assert messages == []
        else:
            (message,) = messages
            assert (message.status, message.transport) == (MessageStatus.SENT, "log")


# --- The clock -----------------------------------------------------------------------------


def test_the_periodic_jobs_and_their_schedule(app):
    def due(hour, minute):
        moment = datetime(2026, 12, 1, hour, minute)  # noqa: DTZ001 - Huey's clock: naive UTC
        return sorted(task.name for task in jobs.queue.read_periodic(moment))

    assert due(10, 1) == ["heartbeat"]
    assert due(10, 5) == ["heartbeat", "mail.sweep"]
    assert due(10, 7) == ["heartbeat", "reminders.send"]  # hourly
    assert due(23, 7) == ["heartbeat", "reminders.send"]
    assert due(0, 0) == ["heartbeat", "mail.sweep"]  # every five minutes


def test_reminders_raced_by_another_worker_are_sent_once_without_an_error(
    app, make_user, make_application
):
    person = make_user(roles=["interviewer"])
    application = make_application()
    with app.app_context():
        builders.interview(application, [person])  # ended two days ago: its card is overdue
        card_id = db.session.scalar(select(Scorecard.id))

        def other_worker(*_args):
            # Another worker commits today's reminder between this one's look and its insert.
            with db.engine.begin() as connection:
                connection.execute(
                    insert(ScorecardReminder).values(
                        scorecard_id=card_id, sent_on=utcnow().date(), to_address=person.email
                    )
                )

        event.listen(db.session, "before_flush", other_worker, once=True)
        assert schedule.send_reminders() == 0  # it looked again and found it sent
        assert db.session.scalar(select(func.count()).select_from(ScorecardReminder)) == 1
        reminders = select(OutboxMessage).where(OutboxMessage.subject.startswith("Scorecard"))
        assert db.session.scalars(reminders).all() == []  # its mail was rolled back
        # A day later the card is due a reminder again, and this worker sends it.
        assert schedule.send_reminders(utcnow() + timedelta(days=1)) == 1


# --- The queue reported: /healthz and `flask jobs status` -----------------------------------


@pytest.mark.parametrize("app_config", ["sqlite"], indirect=True)
def test_the_health_check_reports_the_queue(app, client):
    queue = client.get("/healthz").get_json()["queue"]
    assert queue == {
        "backend": "sqlite",
        "status": "no worker",
        "pending": 0,
        "scheduled": 0,
        "worker_seen_seconds_ago": None,
    }
    mail.deliver(1)
    assert client.get("/healthz").get_json()["queue"]["pending"] == 1
    jobs.heartbeat()  # what a worker's clock enqueues every minute
    while (task := jobs.queue.dequeue()) is not None:
        jobs.queue.execute(task)
    queue = client.get("/healthz").get_json()["queue"]
    assert queue["status"] == "ok" and queue["pending"] == 0
    assert 0 <= queue["worker_seen_seconds_ago"] <= jobs.HEARTBEAT_STALE_AFTER
    printed = json.loads(app.test_cli_runner().invoke(args=["jobs", "status"]).output)
    assert printed["backend"] == "sqlite" and printed["status"] == "ok"


@pytest.mark.parametrize("app_config", ["unreachable"], indirect=True)
def test_an_unreachable_store_is_reported_without_failing_the_check(app, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["queue"] == {"backend": "redis", "status": "unreachable"}


def test_immediate_mode_is_reported(client):
    assert client.get("/healthz").get_json()["queue"] == {
        "backend": "immediate",
        "status": "ok",
        "pending": 0,
    }


# --- A real worker, stopped hard and started again ----------------------------------------


class Worker:
    """`flask --app hiring jobs worker` in a subprocess, on the test's database and store."""

    def __init__(self, app, tmp_path: Path, label: str) -> None:
        self.log = tmp_path / f"worker-{label}.log"
        env = dict(
            os.environ,
            PYTHONPATH=str(ROOT),
            HIRING_DATABASE_URL=app.config["DATABASE_URL"],
            HIRING_JOBS_URL=app.config["JOBS_URL"],
            HIRING_SECRET_KEY=app.config["SECRET_KEY"],
            HIRING_INSTANCE_PATH=str(tmp_path / "instance"),
            HIRING_HOLIDAY_COUNTRY="",
        )
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "flask",
                    "--app",
                    "hiring",
                    "jobs",
                    "worker",
                    "--workers",
                    "1",
                ],
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        _wait_for(lambda: "consumer started" in self.output(), "the worker to start", self)

    def output(self) -> str:
        return self.log.read_text()

    def stop(self, sig: int) -> None:
        self.process.send_signal(sig)
        self.process.wait(timeout=60)


def _wait_for(condition, what, worker=None, deadline_seconds=90.0):
    """Poll until ``condition()`` holds; a generous deadline, only so a broken run ends."""
    deadline = time.monotonic() + deadline_seconds
    while not condition():
        if worker is not None and worker.process.poll() is not None:
            pytest.fail(f"the worker exited while waiting for {what}:\n{worker.output()}")
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.1)


@pytest.mark.parametrize("app_config", STORES, indirect=True)
def test_a_queued_job_survives_a_worker_restart_and_runs_once(app, tmp_path):
    with app.app_context():
        jobs.queue.flush()  # a shared Redis or PostgreSQL store starts empty
    first = Worker(app, tmp_path, "first")
    first.stop(signal.SIGKILL)  # killed: no clean shutdown at all

    # Queued while no worker runs: it waits in the store.
    with app.app_context():
        message_id = mail.queue("noah@example.test", "Welcome", "Hello").id
        db.session.commit()
    mail.deliver(message_id)
    waiting = [(task.name, task.args) for task in jobs.queue.pending()]
    assert ("mail.deliver", (message_id,)) in waiting

    second = Worker(app, tmp_path, "second")

    def sent():
        with app.app_context():
            return db.session.get_one(OutboxMessage, message_id).status == MessageStatus.SENT

    _wait_for(sent, "the message to be sent", second)
    second.stop(signal.SIGINT)  # Ctrl+C: a clean stop
    ran = f"job mail.deliver({message_id}) done"
    assert ran not in first.output()
    assert second.output().count(ran) == 1
    assert [task for task in jobs.queue.pending() if task.name == "mail.deliver"] == []
    with app.app_context():
        message = db.session.get_one(OutboxMessage, message_id)
        assert (message.attempts, message.transport) == (1, "log")
