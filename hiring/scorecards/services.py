"""Filling, submitting and amending scorecards; reminders for late ones.

A scorecard is the interviewer's own until submitted: drafts are visible only to their
author, submitting locks the card, and any later change is an amendment with a reason whose
before/after snapshot stays in the history and the audit log. Functions flush, never commit.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import flag_modified

from hiring import timezones
from hiring.applications.models import Application
from hiring.audit.services import record
from hiring.auth.models import User
from hiring.db import db, utcnow
from hiring.domain import DomainError, expect_version
from hiring.interviews.models import Interview, InterviewStatus
from hiring.library.models import Competency
from hiring.scorecards.models import (
    Recommendation,
    Scorecard,
    ScorecardAmendment,
    ScorecardNote,
    ScorecardRating,
    ScorecardReminder,
    ScorecardStatus,
)
from hiring.training.services import record_shadow

logger = logging.getLogger(__name__)
#: Why a late card matters, as its reminder says it: a panel's card or a shadow's.
PANEL_WHY = "Independent, written evidence is what makes the debrief fair, and memory fades fast."
SHADOW_WHY = "As a shadow's card it stays out of the debrief and counts towards your training."

STAR = ("situation", "task", "action", "result")


#: What a page shows when a card was saved elsewhere after it was opened.
CHANGED_ELSEWHERE = (
    "This scorecard was saved from another tab or device after you opened it, so your "
    "save was not applied. Both versions are shown below; nothing has been lost."
)
LOCKED = "This scorecard is submitted and locked. To change it, make an amendment with a reason."

#: Per-field reasons a card cannot be submitted yet (field name -> message); empty when done.
Problems = dict[str, str]


class Action(enum.StrEnum):
    """What the interviewer asked for with the scorecard page's buttons."""

    SAVE = "save"
    SUBMIT = "submit"
    AMEND = "amend"


@dataclass
class RatingInput:
    rating: int | None = None
    not_assessed: bool = False
    evidence: str = ""


@dataclass
class ScorecardInput:
    """What the interviewer entered, independent of any form library (the form builds it)."""

    ratings: dict[int, RatingInput] = field(default_factory=dict)  # competency id -> rating
    notes: dict[int, dict[str, str]] = field(default_factory=dict)  # question id -> STAR
    recommendation: Recommendation | None = None
    summary: str = ""


def focus_competencies(card: Scorecard) -> list[Competency]:
    return [f.competency for f in card.interview.stage.focus]


def snapshot(card: Scorecard) -> dict[str, Any]:
    """The card's content as plain data (for conflicts, amendments and the audit log)."""
    return {
        "recommendation": card.recommendation.value if card.recommendation else None,
        "summary": card.summary,
        "ratings": {
            str(r.competency_id): {
                "rating": r.rating,
                "not_assessed": r.not_assessed,
                "evidence": r.evidence,
            }
            for r in sorted(card.ratings, key=lambda r: r.competency_id)
        },
        "notes": {
            str(n.question_id): {part: getattr(n, part) for part in STAR}
            for n in sorted(card.notes, key=lambda n: n.question_id)
        },
    }


def _apply(card: Scorecard, data: ScorecardInput) -> None:
    ratings = {r.competency_id: r for r in card.ratings}
    for competency_id, value in data.ratings.items():
        row = ratings.get(competency_id)
        if row is None:
            row = ScorecardRating(competency_id=competency_id)
            card.ratings.append(row)
        row.rating = None if value.not_assessed else value.rating
        row.not_assessed = value.not_assessed
        row.evidence = value.evidence
    notes = {n.question_id: n for n in card.notes}
    for question_id, parts in data.notes.items():
        note = notes.get(question_id)
        if note is None:
            if not any(parts.values()):
                continue
            note = ScorecardNote(question_id=question_id)
            card.notes.append(note)
        for part in STAR:
            setattr(note, part, parts.get(part, ""))
    card.recommendation = data.recommendation
    card.summary = data.summary
    card.updated_at = utcnow()
    # Child rows may be all that changed; touch the card so its version counter moves.
    flag_modified(card, "summary")


def save_draft(card: Scorecard, data: ScorecardInput, *, expected_version: int) -> Scorecard:
    """Save what the interviewer has typed so far (autosave and the Save button)."""
    if card.is_submitted:
        raise DomainError(LOCKED)
    expect_version(card, expected_version, CHANGED_ELSEWHERE)
    _apply(card, data)
    db.session.flush()
    return card


def _count_shadow(card: Scorecard) -> None:
    """A shadow's submitted card counts towards their qualification for each competency it
    rated, not assessed left out (``hiring.training``); once per card and competency."""
    if not card.shadow:
        return
    rated = [r.competency_id for r in card.ratings if not r.not_assessed and r.rating is not None]
    keys = db.session.scalars(
        select(Competency.key).where(Competency.id.in_(rated)).order_by(Competency.key)
    )
    record_shadow(card.interviewer, card.id, list(keys))


def check_complete(card: Scorecard, data: ScorecardInput) -> dict[str, str]:
    """Per-field problems that block submitting (empty when the card can be submitted)."""
    problems: dict[str, str] = {}
    for competency in focus_competencies(card):
        value = data.ratings.get(competency.id, RatingInput())
        if value.rating is None and not value.not_assessed:
            problems[f"rating-{competency.id}"] = (
                f"Rate {competency.name}, or mark it not assessed."
            )
        elif value.rating is not None and not value.evidence:
            problems[f"evidence-{competency.id}"] = (
                f"Write the evidence behind your rating of {competency.name}."
            )
    if data.recommendation is None:
        problems["recommendation"] = "Choose an overall recommendation."
    return problems


def submit(
    card: Scorecard, data: ScorecardInput, *, expected_version: int, actor: User
) -> Problems:
    """Submit and lock the card; or, when it is incomplete, save it as a draft and return why.

    The draft keeps every word even when the card cannot be submitted yet: the problems are
    returned, not raised, so the request's transaction commits the draft.
    """
    if card.is_submitted:
        raise DomainError(LOCKED)
    expect_version(card, expected_version, CHANGED_ELSEWHERE)
    problems = check_complete(card, data)
    if problems:
        _apply(card, data)  # keep every word even when the card cannot be submitted yet
        db.session.flush()
        return problems
    # A shared lock on the interview row: a cancellation in flight finishes first (and this
    # sees it), and none can start until this submission commits (PostgreSQL; SQLite runs
    # one writer at a time). Several interviewers may submit at once.
    status = db.session.scalar(
        select(Interview.status).where(Interview.id == card.interview_id).with_for_update(read=True)
    )
    if status != InterviewStatus.SCHEDULED:
        raise DomainError(
            "This interview was cancelled, so its scorecard can no longer be submitted."
        )
    _apply(card, data)
    card.status = ScorecardStatus.SUBMITTED
    card.submitted_at = utcnow()
    db.session.flush()
    # Content stays on the card (and its amendment history), where independence rules
    # apply; the audit log records the fact, not the ratings.
    record(
        "scorecard.submitted",
        card,
        actor=actor,
        label=f"{card.interviewer.name} for interview {card.interview_id}",
        after={"status": "submitted"},
    )
    _count_shadow(card)
    return {}


def amend(
    card: Scorecard, data: ScorecardInput, *, reason: str, expected_version: int, actor: User
) -> Problems:
    """Change a submitted card; the original stays in the amendment history.

    An amendment that would leave the card incomplete changes nothing; its problems are
    returned (empty when the amendment is made).
    """
    if not card.is_submitted:
        raise DomainError("Only a submitted scorecard is amended; save or submit this one.")
    if not reason.strip():
        raise DomainError("Say why you are changing a submitted scorecard.", field="amend_reason")
    expect_version(card, expected_version, CHANGED_ELSEWHERE)
    problems = check_complete(card, data)
    if problems:
        return problems
    before = snapshot(card)
    _apply(card, data)
    db.session.flush()
    after = snapshot(card)
    if after == before:
        raise DomainError("Nothing changed, so there is nothing to amend.")
    amendment = ScorecardAmendment(
        actor_id=actor.id,
        reason=reason.strip(),
        before=before,
        after=after,
        # Others may already have read the original in the debrief.
        post_debrief=card.interview.application.debrief_opened_at is not None,
    )
    card.amendments.append(amendment)
    db.session.flush()
    record(
        "scorecard.amended",
        card,
        actor=actor,
        label=f"{card.interviewer.name} for interview {card.interview_id}",
        after={"amendment": amendment.id, "reason": reason.strip()},
    )
    _count_shadow(card)
    return {}


def apply_action(
    card: Scorecard,
    data: ScorecardInput,
    *,
    action: Action,
    reason: str,
    expected_version: int,
    actor: User,
) -> Problems:
    """Do what the scorecard page's button asked; return what kept a submit or an
    amendment from happening (empty when it happened)."""
    if action is Action.SUBMIT:
        return submit(card, data, expected_version=expected_version, actor=actor)
    if action is Action.AMEND:
        return amend(card, data, reason=reason, expected_version=expected_version, actor=actor)
    save_draft(card, data, expected_version=expected_version)
    return {}


# Reminders -------------------------------------------------------------------------------


def overdue_scorecards(now: datetime | None = None) -> list[Scorecard]:
    """Drafts whose interview ended more than 24 hours ago, oldest first."""
    from hiring.interviews.models import SCORECARD_DUE_AFTER

    now = now or utcnow()
    # Interviews last at most a working day: filter broadly in SQL, exactly in Python.
    cards = db.session.scalars(
        select(Scorecard)
        .join(Interview)
        .where(
            Scorecard.status == ScorecardStatus.DRAFT,
            Interview.status == InterviewStatus.SCHEDULED,
            # due = start + duration + 24 h, so a due card started more than 24 h ago
            Interview.starts_at < now - SCORECARD_DUE_AFTER,
        )
        .options(
            joinedload(Scorecard.interview)
            .joinedload(Interview.application)
            .joinedload(Application.candidate),
            joinedload(Scorecard.interview).joinedload(Interview.stage),
            joinedload(Scorecard.interviewer),
        )
        .order_by(Interview.starts_at)
    ).all()
    return [c for c in cards if c.interview.scorecard_due_at < now]


def send_reminders(now: datetime | None = None) -> int:
    """E-mail each interviewer about each overdue scorecard, at most once a day per card."""
    from hiring.auth.services import external_url
    from hiring.mail import services as mail

    now = now or utcnow()
    today = now.date()
    already = set(
        db.session.scalars(
            select(ScorecardReminder.scorecard_id).where(ScorecardReminder.sent_on == today)
        )
    )
    sent = 0
    for card in overdue_scorecards(now):
        if card.id in already or not card.interviewer.active:
            continue
        interview = card.interview
        candidate = interview.application.candidate.name
        hours = int((now - interview.scorecard_due_at).total_seconds() // 3600)
        link = external_url("scorecards.scorecard", interview_id=interview.id)
        due = timezones.format_moment_named(
            interview.scorecard_due_at,
            timezones.zone_for_event(card.interviewer, interview.time_zone),
        )
        mail.queue(
            card.interviewer.email,
            f"Scorecard overdue: {candidate}, {interview.stage.name}",
            f"Hello {card.interviewer.first_name},\n\n"
            f"Your scorecard for {candidate} ({interview.stage.name}, "
            f"{interview.application.position.title}) was due {hours} hours ago, {due}.\n"
            f"{SHADOW_WHY if card.shadow else PANEL_WHY} Fill it in here:\n{link}\n",
        )
        db.session.add(
            ScorecardReminder(
                scorecard_id=card.id, sent_on=today, to_address=card.interviewer.email
            )
        )
        sent += 1
    db.session.flush()
    return sent
