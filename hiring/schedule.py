"""What the worker runs on a clock, so no cron is needed.

| Job              | When                       | Does                                             |
|------------------|----------------------------|--------------------------------------------------|
| `mail.sweep`     | every 5 minutes            | hands pending mail no job looks after to jobs    |
| `reminders.send` | hourly, at 7 past the hour | e-mails overdue scorecards (once a day per card),|
|                  |                            | hands coaching to a rep's new manager, rolls     |
|                  |                            | each rep's 1:1 series on, announces              |
|                  |                            | tomorrow's 1:1s to both (once per 1:1)           |
| `heartbeat`      | every minute               | tells `/healthz` a worker is alive (jobs.py)     |

Every worker started without ``--no-periodic`` enqueues these, and each is safe when two
workers run it at the same moment: the sweep holds a lock, so one never overlaps another, and
it only enqueues, taking each message with an atomic insert-if-absent, and each send is
claimed attempt by attempt (``hiring.mail.services``); a reminder is unique per card and day
in the database, and the loser of that race finds the winner's reminders and sends nothing
(``send_reminders`` below).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from huey import crontab
from sqlalchemy.exc import IntegrityError

from hiring import jobs
from hiring.coaching import one_on_ones_mail
from hiring.coaching.services import cadence, handover
from hiring.db import db
from hiring.mail import services as mail
from hiring.scorecards import services as scorecards
from hiring.transaction import discard_after_commit, is_unique_violation

logger = logging.getLogger(__name__)

MAIL_SWEEP = crontab(minute="*/5")
#: A sweep only enqueues (moments even for a thousand messages); a lock this old was left by
#: a worker killed mid-sweep.
MAIL_SWEEP_LOCK_STALE = timedelta(minutes=10)
REMINDERS = crontab(minute="7")


@jobs.periodic(MAIL_SWEEP, name="mail.sweep")
def sweep_mail() -> int:
    """Hand pending mail that no job looks after to jobs of its own; never two at once."""
    with jobs.exclusive("mail.sweep", stale_after=MAIL_SWEEP_LOCK_STALE) as held:
        if not held:
            logger.info("mail sweep: another is running; leaving it that one")
            return 0
        return mail.sweep()


@jobs.periodic(REMINDERS, name="reminders.send")
def remind() -> int:
    """E-mail interviewers about overdue scorecards and both sides of tomorrow's 1:1s (the
    mail goes out as jobs)."""
    return send_reminders() + send_one_on_one_reminders()


def send_one_on_one_reminders(now: datetime | None = None) -> int:
    """Put each rep's next 1:1s in place, announce tomorrow's to both, and commit; return how
    many 1:1s were announced (each once: ``OneOnOne.reminded_at`` is claimed atomically)."""
    try:
        handover.hand_over_all()  # a change of manager made where no signal was sent
        cadence.materialise_all(now)
        queued = one_on_ones_mail.send_reminders(now)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        discard_after_commit()
        raise
    return queued


def send_reminders(now: datetime | None = None) -> int:
    """Queue today's scorecard reminders and commit; return how many were queued.

    Another worker (or ``flask reminders send``) may be doing the same at this moment: the
    one that commits second breaks the reminders' unique constraint, rolls back (its mail
    with it) and looks again, finding them already sent.
    """
    try:
        return _queue_reminders(now)
    except IntegrityError as exc:
        if not is_unique_violation(exc):
            raise
        logger.info("reminders: another worker sent some at the same moment; looking again")
    return _queue_reminders(now)


def _queue_reminders(now: datetime | None) -> int:
    try:
        queued = scorecards.send_reminders(now)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        discard_after_commit()  # the rolled-back mail must not be handed to a worker
        raise
    return queued
