"""Queueing and delivering e-mail.

Services call ``queue`` inside their transaction. Once that transaction commits, each message
is handed to the job queue (``deliver``, run by ``flask --app hiring jobs worker``), so no
request ever waits for an SMTP server. A failed attempt is retried after 1, 2, 4 and 8
minutes and the message marked FAILED after ``MAX_ATTEMPTS``. While a job looks after a
message, the key ``mail.<id>.job`` in the queue's store holds when it last did; the worker's
sweep (``hiring.schedule``) hands a ``deliver`` job to each pending message without one (a
message queued from the CLI, a job cut short by a killed worker). The sweep never sends
itself: a relay that never answers then costs each message's own job, not one job per sweep
holding a worker thread for hours. ``flask --app hiring mail send`` sends everything pending
by hand. Without SMTP settings the message goes to the application log, so development needs
no mail server.

A message is never sent twice at once: before sending attempt *n* of a message, a worker
claims the key ``mail.<id>.<n>`` in the queue's store (an atomic insert-if-absent on every
store), and records the attempt with an update that only matches while the message still
counts *n* attempts. A worker that dies between the SMTP server accepting a message and that
update leaves its claim; after ``CLAIM_EXPIRES_AFTER`` that attempt counts as failed and the
message is tried again (it may then arrive twice: SMTP offers no way to ask).

A claim must not expire while its worker is still sending, or a second worker would send the
same message alongside. ``MAIL_SMTP_TIMEOUT`` bounds each socket step only (a relay trickling
its replies a line at a time can stretch one send without end), so a send is also cut off
at ``SEND_DEADLINE`` of wall-clock time (``_send``), and a claim lasts five times that.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import smtplib
import socket
import threading
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from email.message import EmailMessage
from functools import partial

from flask import current_app
from huey.exceptions import RetryTask
from sqlalchemy import select, update

from hiring import jobs
from hiring.db import db, utcnow
from hiring.mail.models import MessageStatus, OutboxMessage
from hiring.transaction import after_commit

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
#: Seconds before the first retry of a failed message, doubled after each failure.
RETRY_DELAY = 60
#: A message queued this long ago with no job looking after it is the sweep's (the CLI that
#: queued it may be sending it itself until then).
SWEEP_AFTER = timedelta(minutes=2)
#: A job that has not touched its message for this long was lost (its worker was killed while
#: running it): longer than the longest retry delay plus a send, with room for a queue that is
#: behind, so the sweep rarely hands out a second job for a message (harmless if it does: the
#: claims below keep the two from sending it twice).
JOB_LOST_AFTER = timedelta(minutes=30)
#: The longest one attempt may talk to the SMTP server, whatever the relay does.
SEND_DEADLINE = timedelta(minutes=2)
#: How long a worker's claim on one attempt holds: after ``SEND_DEADLINE`` the send has been
#: cut off, and what remains (recording the outcome) is one UPDATE; five times leaves a wide
#: margin for a slow database.
CLAIM_EXPIRES_AFTER = 5 * SEND_DEADLINE


class Delivery(enum.Enum):
    SENT = "sent"
    RETRY = "failed, will retry"
    FAILED = "failed for good"
    #: Not this caller's to send: gone, no longer pending, or being sent by another worker.
    SKIPPED = "skipped"


def queue(to_address: str, subject: str, body_text: str) -> OutboxMessage:
    """Add a message to the outbox and flush; it is sent only if the transaction commits."""
    # A header never spans lines (no header injection via a name typed into a form).
    subject = " ".join(subject.split())[:200]
    message = OutboxMessage(to_address=to_address.strip(), subject=subject, body_text=body_text)
    db.session.add(message)
    db.session.flush()
    # In a request or a job, a worker takes it once the change is committed; elsewhere (the
    # CLI) the caller sends it itself or leaves it to the sweep.
    after_commit(partial(_hand_to_job, message.id))
    return message


def _job_key(message_id: int) -> str:
    return f"mail.{message_id}.job"


def _hand_to_job(message_id: int) -> None:
    """Enqueue the message's ``deliver`` job, noting that a job now looks after it."""
    jobs.queue.put(_job_key(message_id), time.time())
    deliver(message_id)


@jobs.job(name="mail.deliver")
def deliver(message_id: int) -> None:
    """Send one message; after a failure, try again later (Huey keeps the retry)."""
    outcome = deliver_one(message_id)
    if outcome is Delivery.RETRY:
        attempts = db.session.scalar(
            select(OutboxMessage.attempts).where(OutboxMessage.id == message_id)
        )
        jobs.queue.put(_job_key(message_id), time.time())  # still this job's, retried later
        raise RetryTask(delay=RETRY_DELAY * 2 ** max((attempts or 1) - 1, 0))
    jobs.queue.delete(_job_key(message_id))


def _pending_ids(limit: int, *, queued_before: datetime | None = None) -> Sequence[int]:
    query = select(OutboxMessage.id).where(
        OutboxMessage.status == MessageStatus.PENDING, OutboxMessage.attempts < MAX_ATTEMPTS
    )
    if queued_before is not None:
        query = query.where(OutboxMessage.created_at < queued_before)
    return db.session.scalars(query.order_by(OutboxMessage.id).limit(limit)).all()


def deliver_pending(limit: int = 100) -> int:
    """Try each pending message once, here and now; return how many were sent.

    Each attempt is committed on its own (call it with nothing else pending in the session).
    """
    return sum(deliver_one(message_id) is Delivery.SENT for message_id in _pending_ids(limit))


def sweep(limit: int = 1000) -> int:
    """What the worker runs every few minutes: hand each pending message that no job looks
    after to a ``deliver`` job of its own; return how many were handed out.

    It only enqueues, so it takes moments whatever the relay does. Taking a message's key
    with an atomic insert-if-absent means two sweeps at once never both hand it out.
    """
    now = time.time()
    handed = 0
    for message_id in _pending_ids(limit, queued_before=utcnow() - SWEEP_AFTER):
        key = _job_key(message_id)
        if not jobs.queue.put_if_empty(key, now):
            touched = jobs.queue.get(key, peek=True)
            if touched is not None and now - float(touched) < JOB_LOST_AFTER.total_seconds():
                continue  # a job looks after it
            jobs.queue.put(key, now)
            logger.warning("mail %s: its job was lost; handing it to a new one", message_id)
        deliver(message_id)
        handed += 1
    return handed


def deliver_one(message_id: int) -> Delivery:
    """Make the next attempt at one message and commit what happened."""
    attempt = _pending_attempt(message_id)
    if attempt is None:
        return Delivery.SKIPPED
    claim = _claim_key(message_id, attempt)
    if not jobs.queue.put_if_empty(claim, time.time()):
        _expire_stale_claim(message_id, attempt, claim)
        return Delivery.SKIPPED
    try:
        # Re-read after claiming: the attempt claimed must still be the one to make.
        if _pending_attempt(message_id) != attempt:
            return Delivery.SKIPPED
        message = db.session.get_one(OutboxMessage, message_id)
        email = (message.to_address, message.subject, message.body_text)
        db.session.commit()  # hold no transaction open while talking to the SMTP server
        return _send_and_record(message_id, attempt, *email)
    finally:
        jobs.queue.delete(claim)


def _pending_attempt(message_id: int) -> int | None:
    """The number of attempts made so far, if the message is still to be sent."""
    db.session.rollback()  # a fresh read: another worker may just have committed
    return db.session.scalar(
        select(OutboxMessage.attempts).where(
            OutboxMessage.id == message_id,
            OutboxMessage.status == MessageStatus.PENDING,
            OutboxMessage.attempts < MAX_ATTEMPTS,
        )
    )


def _claim_key(message_id: int, attempt: int) -> str:
    return f"mail.{message_id}.{attempt}"


def _send_and_record(
    message_id: int, attempt: int, to_address: str, subject: str, body_text: str
) -> Delivery:
    values: dict[str, object] = {"attempts": attempt + 1}
    try:
        values["transport"] = _send(to_address, subject, body_text)
    except Exception as exc:  # one bad message must never block the rest of the outbox
        logger.warning(
            "mail %s to %s failed (attempt %s): %s", message_id, to_address, attempt + 1, exc
        )
        values["last_error"] = f"{type(exc).__name__}: {exc}"[:500]
        outcome = Delivery.FAILED if attempt + 1 >= MAX_ATTEMPTS else Delivery.RETRY
        if outcome is Delivery.FAILED:
            values["status"] = MessageStatus.FAILED
    else:
        values.update(status=MessageStatus.SENT, sent_at=utcnow(), last_error=None)
        logger.info("mail %s to %s sent (%s)", message_id, to_address, values["transport"])
        outcome = Delivery.SENT
    if not _record(message_id, attempt, values):
        logger.warning("mail %s: attempt %s was already counted as lost", message_id, attempt + 1)
    return outcome


def _record(message_id: int, attempt: int, values: dict[str, object]) -> bool:
    """Store an attempt's outcome, only if attempt ``attempt`` is still the latest; commit."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.attempts == attempt,
            OutboxMessage.status == MessageStatus.PENDING,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return bool(getattr(result, "rowcount", 0))


def _expire_stale_claim(message_id: int, attempt: int, claim: str) -> None:
    """Count an attempt whose worker stopped while sending as failed, so it is tried again."""
    claimed_at = jobs.queue.get(claim, peek=True)
    if claimed_at is None or time.time() - float(claimed_at) < CLAIM_EXPIRES_AFTER.total_seconds():
        return
    lost = attempt + 1 >= MAX_ATTEMPTS
    recorded = _record(
        message_id,
        attempt,
        {
            "attempts": attempt + 1,
            "last_error": "The worker stopped while sending; the message may have gone out.",
            **({"status": MessageStatus.FAILED} if lost else {}),
        },
    )
    jobs.queue.delete(claim)
    if recorded:
        logger.warning(
            "mail %s: attempt %s was cut short; counted as failed", message_id, attempt + 1
        )


def _send(to_address: str, subject: str, body_text: str) -> str:
    config = current_app.config
    if not config["MAIL_SMTP_HOST"]:
        logger.info("mail (log transport) to=%s subject=%r\n%s", to_address, subject, body_text)
        return "log"
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = to_address
    email["Subject"] = subject
    email.set_content(body_text)
    deadline = SEND_DEADLINE.total_seconds()
    # A step (connecting included) never outlasts half the deadline, so the watchdog below is
    # always armed on a socket by the time the deadline passes.
    timeout = min(float(config["MAIL_SMTP_TIMEOUT"]), deadline / 2)
    smtp = smtplib.SMTP(timeout=timeout)
    watchdog = threading.Timer(deadline, _cut_off, (smtp,))
    watchdog.daemon = True
    watchdog.start()
    try:
        with smtp:  # its QUIT on leaving is within the deadline too
            smtp.connect(config["MAIL_SMTP_HOST"], int(config["MAIL_SMTP_PORT"]))
            if config["MAIL_SMTP_STARTTLS"]:
                smtp.starttls()
            if config["MAIL_SMTP_USERNAME"]:
                smtp.login(config["MAIL_SMTP_USERNAME"], config["MAIL_SMTP_PASSWORD"] or "")
            smtp.send_message(email)
    finally:
        watchdog.cancel()
    return "smtp"


def _cut_off(smtp: smtplib.SMTP) -> None:
    """Abort an SMTP session at its deadline: shutting the socket down wakes the read or write
    it is blocked in, which then fails (the attempt counts as failed and is retried)."""
    sock = smtp.sock
    if sock is not None:
        logger.warning("mail: the SMTP session passed its %s deadline; cut off", SEND_DEADLINE)
        with contextlib.suppress(OSError):
            # The plain socket's shutdown, under TLS too: it closes the connection itself.
            socket.socket.shutdown(sock, socket.SHUT_RDWR)
