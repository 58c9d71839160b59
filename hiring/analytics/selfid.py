"""Collecting voluntary self-identification: the single-use link a recruiter sends, the
candidate's answers through it, and an administrator's CSV import.

The answers are written here and read only by ``impact_queries`` (in aggregate). Nothing
here records them anywhere else: the audit log says that a candidate answered or that a file
was imported, never what was answered, and the e-mail carries only the link.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select, update

from hiring.analytics.models import (
    Disability,
    RaceEthnicity,
    SelfIdentification,
    SelfIdRequest,
    SelfIdSource,
    Sex,
    Veteran,
)
from hiring.audit.services import record
from hiring.auth.models import User
from hiring.auth.services import external_url
from hiring.candidates.models import Candidate
from hiring.db import db, utcnow
from hiring.mail import services as mail
from hiring.transaction import flush_or_conflict

#: What a link that cannot be used says, whatever the reason (used, expired, replaced or
#: never issued): telling them apart would help someone guessing links, and nobody else.
LINK_GONE = "This link no longer works."


class LinkGone(Exception):
    """The link is unknown, used, expired or replaced by a newer one. Not a ``DomainError``:
    nothing on the form can put it right, so the request ends on the "link gone" page."""


@dataclass(frozen=True)
class Answers:
    sex: Sex
    race_ethnicity: RaceEthnicity
    veteran: Veteran
    disability: Disability


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def request_self_id(candidate: Candidate, *, actor: User) -> SelfIdRequest:
    """Void the candidate's open links, make a new one and queue the e-mail that carries it.

    Only the token's hash is stored; the token itself exists in the e-mail alone.
    """
    now = utcnow()
    db.session.execute(
        update(SelfIdRequest)
        .where(
            SelfIdRequest.candidate_id == candidate.id,
            SelfIdRequest.used_at.is_(None),
            SelfIdRequest.voided_at.is_(None),
        )
        .values(voided_at=now)
    )
    token = secrets.token_urlsafe(32)
    max_age = current_app.config["SELF_ID_LINK_MAX_AGE"]
    request = SelfIdRequest(
        candidate_id=candidate.id,
        token_hash=_hash(token),
        sent_by_id=actor.id,
        sent_at=now,
        expires_at=now + max_age,
    )
    db.session.add(request)
    db.session.flush()
    mail.queue(candidate.email, *_message(candidate, token, max_age.days))
    record("self_id.requested", candidate, actor=actor, label=candidate.name)
    return request


def _message(candidate: Candidate, token: str, days: int) -> tuple[str, str]:
    app_name = current_app.config["APP_NAME"]
    first_name = candidate.name.split()[0] if candidate.name.split() else candidate.name
    body = (
        f"Hello {first_name},\n\n"
        "Thank you for applying. We check that our hiring treats every group fairly, and for "
        "that we ask candidates, voluntarily, about their sex, race or ethnicity, veteran "
        "status and disability status.\n\n"
        'Answering is entirely up to you, and every question offers "prefer not to say". '
        "Your answers are kept apart from your application, are never seen by your "
        "interviewers or the hiring manager, play no part in any decision about you, and are "
        "only ever counted together with other candidates' answers.\n\n"
        f"The form takes a minute (the link works once and expires in {days} days):\n"
        f"{external_url('selfid.answer', token=token)}\n"
    )
    return f"{app_name}: a voluntary question about fairness in hiring", body


def open_request(token: str) -> SelfIdRequest:
    """The usable request behind ``token`` (or ``LinkGone``)."""
    found = db.session.scalar(select(SelfIdRequest).where(SelfIdRequest.token_hash == _hash(token)))
    if found is None or not usable(found, utcnow()):
        raise LinkGone()
    return found


def usable(request: SelfIdRequest, now: datetime) -> bool:
    return request.used_at is None and request.voided_at is None and now < request.expires_at


def answer(request: SelfIdRequest, answers: Answers) -> None:
    """Record the candidate's answers through their link, which then stops working.

    The link is claimed with a conditional UPDATE first, so two submissions racing each
    other record one set of answers and the other is told the link no longer works.
    """
    now = utcnow()
    claimed = db.session.execute(
        update(SelfIdRequest)
        .where(
            SelfIdRequest.id == request.id,
            SelfIdRequest.used_at.is_(None),
            SelfIdRequest.voided_at.is_(None),
            SelfIdRequest.expires_at > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(claimed, "rowcount", 0) != 1:
        raise LinkGone()
    save_answers(request.candidate_id, answers, SelfIdSource.LINK, now)
    # Count only: an event naming the candidate would let an admin compare the impact tables
    # before and after it and read off that person's answers.
    record(
        "self_id.answered",
        actor=None,
        object_type="self_identifications",
        label="a candidate answered",
    )


def save_answers(
    candidate_id: int, answers: Answers, source: SelfIdSource, now: datetime
) -> SelfIdentification:
    """Insert or replace one candidate's answers (the latest answers count)."""
    row = db.session.scalar(
        select(SelfIdentification).where(SelfIdentification.candidate_id == candidate_id)
    )
    if row is None:
        row = SelfIdentification(candidate_id=candidate_id)
        db.session.add(row)
    fill(row, answers, source, now)
    flush_or_conflict("These answers were recorded at the same moment by another request.")
    return row


def fill(row: SelfIdentification, answers: Answers, source: SelfIdSource, now: datetime) -> None:
    row.sex, row.race_ethnicity = answers.sex, answers.race_ethnicity
    row.veteran, row.disability = answers.veteran, answers.disability
    row.source, row.recorded_at = source, now


def latest_request(candidate_id: int) -> SelfIdRequest | None:
    """The newest link sent to the candidate (when it was sent, for the application page)."""
    return db.session.scalar(
        select(SelfIdRequest)
        .where(SelfIdRequest.candidate_id == candidate_id)
        .order_by(SelfIdRequest.sent_at.desc(), SelfIdRequest.id.desc())
        .limit(1)
    )


def record_impact_read(reader: User, filters: dict[str, str], what: str) -> None:
    """Every read of the adverse-impact figures is audited: who, which filters, page or CSV."""
    record(
        "analytics.impact_read",
        actor=reader,
        object_type="self_identifications",
        label=f"adverse impact {what}",
        after={"format": what, **filters},
    )
