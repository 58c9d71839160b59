"""Queueing and delivering e-mail.

Services call ``queue`` inside their transaction; in a request, the queued mail is handed to
``deliver_pending`` once the request's transaction has committed (``hiring.transaction``), and
``flask --app hiring mail send`` retries from cron. Without SMTP settings the
message goes to the application log, so development needs no mail server.
"""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import select

from hiring.db import db, utcnow
from hiring.mail.models import MessageStatus, OutboxMessage
from hiring.transaction import after_commit

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def queue(to_address: str, subject: str, body_text: str) -> OutboxMessage:
    """Add a message to the outbox and flush; it is sent only if the transaction commits."""
    # A header never spans lines (no header injection via a name typed into a form).
    subject = " ".join(subject.split())[:200]
    message = OutboxMessage(to_address=to_address.strip(), subject=subject, body_text=body_text)
    db.session.add(message)
    db.session.flush()
    after_commit(deliver_pending)
    return message


def deliver_pending(limit: int = 100) -> int:
    """Send pending messages and commit their new status; return how many were sent.

    Each message is claimed and marked in its own commit, so a crash never re-sends one
    that already went out more than once per attempt.
    """
    ids = db.session.scalars(
        select(OutboxMessage.id)
        .where(
            OutboxMessage.status == MessageStatus.PENDING,
            OutboxMessage.attempts < MAX_ATTEMPTS,
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    sent = 0
    for message_id in ids:
        message = db.session.get(OutboxMessage, message_id, with_for_update={"skip_locked": True})
        if message is None or message.status != MessageStatus.PENDING:
            continue
        message.attempts += 1
        try:
            message.transport = _send(message)
        except Exception as exc:  # one bad message must never block the rest of the outbox
            message.last_error = f"{type(exc).__name__}: {exc}"[:500]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = MessageStatus.FAILED
            logger.warning("mail %s to %s failed: %s", message.id, message.to_address, exc)
        else:
            message.status = MessageStatus.SENT
            message.sent_at = utcnow()
            message.last_error = None
            sent += 1
        db.session.commit()
    return sent


def _send(message: OutboxMessage) -> str:
    config = current_app.config
    if not config["MAIL_SMTP_HOST"]:
        logger.info(
            "mail (log transport) to=%s subject=%r\n%s",
            message.to_address,
            message.subject,
            message.body_text,
        )
        return "log"
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email.set_content(message.body_text)
    with smtplib.SMTP(config["MAIL_SMTP_HOST"], int(config["MAIL_SMTP_PORT"]), timeout=20) as smtp:
        if config["MAIL_SMTP_STARTTLS"]:
            smtp.starttls()
        if config["MAIL_SMTP_USERNAME"]:
            smtp.login(config["MAIL_SMTP_USERNAME"], config["MAIL_SMTP_PASSWORD"] or "")
        smtp.send_message(email)
    return "smtp"
