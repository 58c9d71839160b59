"""Mail goes out as jobs: a request only enqueues, a stalled relay never holds a request, a
failed attempt is retried later and given up after MAX_ATTEMPTS, an attempt is claimed so no
two workers send one message, and the sweep sends what no job looks after."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from hiring import jobs
from hiring.db import db, utcnow
from hiring.interviews.models import Interview
from hiring.mail import services
from hiring.mail.models import MessageStatus, OutboxMessage
from tests import builders
from tests.support.smtp import FakeSMTP, StalledRelay, TricklingRelay


@pytest.fixture
def relay():
    server = StalledRelay()
    yield server
    server.close()


@pytest.fixture
def app_config(tmp_path):
    """A real queue in a throwaway SQLite store, and no worker: jobs wait until run here."""
    return {"JOBS_IMMEDIATE": False, "JOBS_URL": f"sqlite:///{tmp_path / 'jobs.sqlite3'}"}


def _messages():
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def _run_waiting_jobs() -> int:
    ran = 0
    while (task := jobs.queue.dequeue()) is not None:
        jobs.queue.execute(task)
        ran += 1
    return ran


def test_a_stalled_relay_does_not_hold_the_scheduling_request(
    app, client, login, make_user, make_position, make_application, relay, qualify
):
    app.config.update(MAIL_SMTP_HOST="127.0.0.1", MAIL_SMTP_PORT=relay.port)
    login(roles=["recruiter"])
    jamie = make_user(roles=["interviewer"], name="Jamie Ortiz")
    sam = make_user(roles=["interviewer"], name="Sam Rivera")
    qualify(jamie, sam)
    position = make_position()
    application = make_application(position)
    booking = {
        "stage_id": position.stage_ids[0],
        "date": (utcnow() + timedelta(days=3)).date().isoformat(),
        "time": "10:00",
        "time_zone": "UTC",
        "duration_minutes": 45,
        "interviewers": [jamie.id, sam.id],
    }

    response = client.post(f"/interviews/schedule/{application.id}", data=booking)

    assert response.status_code == 302
    assert relay.connections == []  # the request never spoke to the relay
    with app.app_context():
        assert db.session.scalar(
            select(Interview).where(Interview.application_id == application.id)
        )
        invitations = _messages()
        assert {m.to_address for m in invitations} == {jamie.email, sam.email}
        assert {m.status for m in invitations} == {MessageStatus.PENDING}
        assert {m.attempts for m in invitations} == {0}
    assert jobs.queue.pending_count() == len(invitations)

    # The worker's turn, with a short timeout: each attempt fails and is kept for a retry.
    app.config["MAIL_SMTP_TIMEOUT"] = 0.2
    assert _run_waiting_jobs() == len(invitations)
    assert len(relay.connections) == len(invitations)
    with app.app_context():
        for message in _messages():
            assert (message.status, message.attempts) == (MessageStatus.PENDING, 1)
            assert "timed out" in message.last_error
    assert jobs.queue.scheduled_count() == len(invitations)  # the retries, a minute away
    # Admin -> Outbox shows each attempt and why it failed.
    admin = app.test_client()
    builders.log_in(admin, make_user(roles=["admin"]))
    page = admin.get(f"/admin/outbox/{invitations[0].id}").get_data(as_text=True)
    assert "<dt>Attempts</dt><dd>1</dd>" in page and "timed out" in page


def test_failures_are_retried_later_then_given_up(app, monkeypatch):
    FakeSMTP.sent, FakeSMTP.fail = [], True
    monkeypatch.setattr("smtplib.SMTP", FakeSMTP)
    app.config["MAIL_SMTP_HOST"] = "smtp.example.test"
    with app.app_context():
        message_id = services.queue("noah@example.test", "Welcome", "Hello").id
        db.session.commit()
    services.deliver(message_id)
    delays = []
    for _ in range(services.MAX_ATTEMPTS):
        task = jobs.queue.dequeue() or _next_retry(delays)
        jobs.queue.execute(task, task.eta)  # as a worker would once the retry is due
    with app.app_context():
        (message,) = _messages()
        assert message.status == MessageStatus.FAILED
        assert message.attempts == services.MAX_ATTEMPTS
        assert "connection lost" in message.last_error
    assert delays == [60, 120, 240, 480]  # seconds, each retry twice as far as the last
    assert jobs.queue.pending_count() == jobs.queue.scheduled_count() == 0


def _next_retry(delays):
    (task,) = jobs.queue.scheduled()
    delays.append(round((task.eta - utcnow().replace(tzinfo=None)).total_seconds() / 60) * 60)
    jobs.queue.storage.flush_schedule()
    return task


def test_a_claimed_attempt_is_not_sent_again_and_a_stale_claim_is_counted(app, caplog):
    with app.app_context():
        message_id = services.queue("noah@example.test", "Welcome", "Hello").id
        db.session.commit()
        claim = f"mail.{message_id}.0"
        # Another worker is sending attempt 1 right now: this one leaves it alone.
        jobs.queue.put(claim, time.time())
        assert services.deliver_one(message_id) is services.Delivery.SKIPPED
        assert (_messages()[0].status, _messages()[0].attempts) == (MessageStatus.PENDING, 0)
        # That worker died mid-send ten minutes ago: its attempt counts as failed...
        jobs.queue.put(claim, time.time() - services.CLAIM_EXPIRES_AFTER.total_seconds() - 1)
        assert services.deliver_one(message_id) is services.Delivery.SKIPPED
        message = _messages()[0]
        assert (message.status, message.attempts) == (MessageStatus.PENDING, 1)
        assert "may have gone out" in message.last_error
        # ...and the next attempt goes out.
        assert services.deliver_one(message_id) is services.Delivery.SENT
        assert services.deliver_one(message_id) is services.Delivery.SKIPPED
        message = _messages()[0]
        assert (message.status, message.attempts) == (MessageStatus.SENT, 2)
    assert jobs.queue.get(claim, peek=True) is None


def _queue_outside_a_request(*addresses: str, age: timedelta = timedelta(0)) -> list[int]:
    """Messages as the CLI or a script queues them: no job is enqueued for any."""
    ids = [services.queue(address, "Hello", "Queued by hand").id for address in addresses]
    db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id.in_(ids)).values(created_at=utcnow() - age)
    )
    db.session.commit()
    return ids


def test_the_sweep_hands_what_no_job_looks_after_to_jobs(app):
    from hiring import schedule

    with app.app_context():
        (old,) = _queue_outside_a_request(
            "old@example.test", age=services.SWEEP_AFTER + timedelta(seconds=1)
        )
        (new,) = _queue_outside_a_request("new@example.test")
    assert jobs.queue.pending_count() == 0

    schedule.sweep_mail()
    assert _run_waiting_jobs() == 2  # the sweep, then the delivery job it handed out
    with app.app_context():
        status = {m.id: m.status for m in _messages()}
    assert status == {old: MessageStatus.SENT, new: MessageStatus.PENDING}
    assert jobs.queue.get(f"mail.{old}.job", peek=True) is None  # no job looks after it now
    # `flask mail send` takes everything, new or not.
    assert "Sent 1 message." in app.test_cli_runner().invoke(args=["mail", "send"]).output


def test_the_sweep_only_enqueues_and_never_twice_for_one_message(app, relay):
    """With a relay that never answers, a sweep of many messages still ends at once, holding
    no worker thread; the next sweep leaves messages whose jobs are waiting alone."""
    app.config.update(MAIL_SMTP_HOST="127.0.0.1", MAIL_SMTP_PORT=relay.port)
    app.config["MAIL_SMTP_TIMEOUT"] = 0.2  # 20 s in production: 1,000 messages took hours
    addresses = [f"user{n}@example.test" for n in range(30)]
    with app.app_context():
        ids = _queue_outside_a_request(*addresses, age=timedelta(minutes=3))
        started = time.monotonic()
        assert services.sweep() == len(ids)
        assert time.monotonic() - started < 5
        assert relay.connections == []  # the sweep sent nothing itself
        assert jobs.queue.pending_count() == len(ids)
        # Five minutes on, the jobs are still waiting (the workers are busy): none is doubled.
        assert services.sweep() == 0
        assert jobs.queue.pending_count() == len(ids)
        # A job whose worker was killed under it: after JOB_LOST_AFTER the sweep takes over.
        lost = time.time() - services.JOB_LOST_AFTER.total_seconds() - 1
        jobs.queue.put(f"mail.{ids[0]}.job", lost)
        assert services.sweep() == 1
        assert jobs.queue.pending_count() == len(ids) + 1


def test_sweeps_never_overlap(app):
    from hiring import schedule

    with app.app_context():
        _queue_outside_a_request("old@example.test", age=timedelta(minutes=3))
    # Another worker is sweeping right now: this sweep leaves it to that one.
    with jobs.exclusive("mail.sweep", stale_after=schedule.MAIL_SWEEP_LOCK_STALE) as held:
        assert held
        schedule.sweep_mail()
        assert _run_waiting_jobs() == 1  # this sweep, which handed nothing out
        assert jobs.queue.pending_count() == 0
    # Once that sweep is over, the next one does the work.
    schedule.sweep_mail()
    assert _run_waiting_jobs() == 2
    # A lock left by a worker killed mid-sweep is taken over once stale.
    stale = time.time() - schedule.MAIL_SWEEP_LOCK_STALE.total_seconds() - 1
    jobs.queue.put("lock.mail.sweep", stale)
    with app.app_context():
        _queue_outside_a_request("later@example.test", age=timedelta(minutes=3))
    schedule.sweep_mail()
    assert _run_waiting_jobs() == 2
    assert jobs.queue.get("lock.mail.sweep", peek=True) is None


def test_a_send_is_cut_off_at_its_deadline_well_before_its_claim_expires(app, monkeypatch):
    """A relay trickling its greeting a line at a time never lets the socket timeout fire;
    the deadline ends the session anyway, so the claim cannot expire under a running send."""
    assert services.CLAIM_EXPIRES_AFTER >= 5 * services.SEND_DEADLINE
    relay = TricklingRelay(lasts=10)
    try:
        monkeypatch.setattr(services, "SEND_DEADLINE", timedelta(seconds=0.5))
        app.config.update(MAIL_SMTP_HOST="127.0.0.1", MAIL_SMTP_PORT=relay.port)
        app.config["MAIL_SMTP_TIMEOUT"] = 0.2
        with app.app_context():
            (message_id,) = _queue_outside_a_request("noah@example.test")
            started = time.monotonic()
            assert services.deliver_one(message_id) is services.Delivery.RETRY
            assert time.monotonic() - started < 3
            (message,) = _messages()
            assert (message.status, message.attempts) == (MessageStatus.PENDING, 1)
            assert message.last_error
        assert len(relay.connections) == 1
    finally:
        relay.close()
