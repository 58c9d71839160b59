"""The scorecard services on their own: drafts, submitting, amending, versions, and the form's
length limit (which refuses, never cuts)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from hiring.auth.models import User
from hiring.db import db
from hiring.domain import Conflict, DomainError
from hiring.scorecards import services as cards
from hiring.scorecards.forms import TEXT_LIMIT, ScorecardForm
from hiring.scorecards.models import Recommendation, Scorecard, ScorecardAmendment


def _card(interview_id: int) -> Scorecard:
    card = db.session.scalar(select(Scorecard).where(Scorecard.interview_id == interview_id))
    assert card is not None
    return card


def _complete(card: Scorecard, rating: int = 3) -> cards.ScorecardInput:
    return cards.ScorecardInput(
        ratings={
            c.id: cards.RatingInput(rating, False, f"Example {c.id}.")
            for c in cards.focus_competencies(card)
        },
        notes={
            item.question_id: {"situation": "Renewal at risk.", "action": "Called the CFO."}
            for item in card.interview.stage.questions
        },
        recommendation=Recommendation.YES,
        summary="Strong on discovery.",
    )


@pytest.fixture
def card_of(app, make_user, schedule):
    """A fresh interview with one interviewer; yields a loader of its card (in app context)."""
    jamie = make_user(roles=["interviewer"])
    interview = schedule([jamie])
    with app.app_context():
        yield lambda: _card(interview.id)


def test_a_draft_keeps_what_was_typed(card_of):
    card = card_of()
    data = _complete(card)
    data.recommendation = None
    cards.save_draft(card, data, expected_version=card.version)
    db.session.commit()
    db.session.expire_all()
    saved = cards.snapshot(card_of())
    assert saved["recommendation"] is None
    assert saved["summary"] == "Strong on discovery."
    assert all(r["rating"] == 3 for r in saved["ratings"].values())


def test_submitting_an_incomplete_card_keeps_the_draft_and_reports_problems(card_of):
    card = card_of()
    data = _complete(card)
    first = cards.focus_competencies(card)[0]
    data.ratings[first.id] = cards.RatingInput(4, False, "")
    data.recommendation = None
    actor = card.interviewer
    problems = cards.submit(card, data, expected_version=card.version, actor=actor)
    assert problems == {
        f"evidence-{first.id}": f"Write the evidence behind your rating of {first.name}.",
        "recommendation": "Choose an overall recommendation.",
    }
    db.session.commit()
    db.session.expire_all()
    card = card_of()
    assert not card.is_submitted
    assert card.summary == "Strong on discovery."
    assert any(n.action == "Called the CFO." for n in card.notes)


def test_submitting_locks_the_card(card_of):
    card = card_of()
    assert (
        cards.submit(card, _complete(card), expected_version=card.version, actor=card.interviewer)
        == {}
    )
    db.session.commit()
    card = card_of()
    assert card.is_submitted and card.submitted_at is not None
    with pytest.raises(DomainError, match="submitted and locked"):
        cards.save_draft(card, _complete(card), expected_version=card.version)
    with pytest.raises(DomainError, match="submitted and locked"):
        cards.submit(card, _complete(card), expected_version=card.version, actor=card.interviewer)


def test_an_amendment_needs_a_reason_and_keeps_the_original(card_of):
    card = card_of()
    actor: User = card.interviewer
    cards.submit(card, _complete(card), expected_version=card.version, actor=actor)
    db.session.commit()
    card = card_of()
    with pytest.raises(DomainError, match="Say why") as refused:
        cards.amend(
            card, _complete(card, 2), reason="  ", expected_version=card.version, actor=actor
        )
    assert refused.value.field == "amend_reason"
    with pytest.raises(DomainError, match="Nothing changed"):
        cards.amend(
            card, _complete(card), reason="Typo", expected_version=card.version, actor=actor
        )
    db.session.rollback()
    card = card_of()
    problems = cards.amend(
        card,
        _complete(card, 2),
        reason="Misread my notes.",
        expected_version=card.version,
        actor=actor,
    )
    assert problems == {}
    db.session.commit()
    amendment = db.session.scalar(select(ScorecardAmendment))
    assert amendment.reason == "Misread my notes."
    assert {r["rating"] for r in amendment.before["ratings"].values()} == {3}
    assert {r["rating"] for r in amendment.after["ratings"].values()} == {2}


def test_a_stale_version_is_a_conflict(card_of):
    card = card_of()
    stale = card.version
    cards.save_draft(card, _complete(card), expected_version=stale)
    db.session.commit()
    card = card_of()
    for attempt in (
        lambda: cards.save_draft(card, _complete(card), expected_version=stale),
        lambda: cards.submit(card, _complete(card), expected_version=stale, actor=card.interviewer),
    ):
        with pytest.raises(Conflict, match="saved from another tab or device"):
            attempt()


def test_the_form_refuses_too_long_evidence_and_never_cuts_it(app, card_of):
    card = card_of()
    first = cards.focus_competencies(card)[0]
    long = "x" * (TEXT_LIMIT + 1)
    post = MultiDict({"version": str(card.version), f"evidence-{first.id}": long})
    with app.test_request_context(method="POST", data=post):
        form = ScorecardForm.for_card(card)
        assert not form.validate_on_submit()
        assert form.messages() == {
            f"evidence-{first.id}": (
                f"The evidence for {first.name} can be at most 10,000 characters."
            )
        }
        assert form.entered()["ratings"][str(first.id)]["evidence"] == long
    exact = MultiDict({"version": str(card.version), f"evidence-{first.id}": "y" * TEXT_LIMIT})
    with app.test_request_context(method="POST", data=exact):
        form = ScorecardForm.for_card(card)
        assert form.validate_on_submit()
        assert form.to_input().ratings[first.id].evidence == "y" * TEXT_LIMIT


def test_a_card_reads_its_ratings_and_notes_in_one_order_after_edits(card_of):
    """PostgreSQL moves an updated row, so unordered ratings came back shuffled and a printed
    memo changed (and was rendered again) although nothing in it had."""
    card = card_of()
    cards.save_draft(card, _complete(card, rating=2), expected_version=card.version)
    db.session.commit()
    card = card_of()
    first = card.ratings[0].competency_id
    edited = _complete(card, rating=2)
    edited.ratings[first] = cards.RatingInput(4, False, "Edited after the others.")
    cards.save_draft(card, edited, expected_version=card.version)
    db.session.commit()
    db.session.expire_all()
    card = card_of()
    competency_ids = [r.competency_id for r in card.ratings]
    assert len(competency_ids) > 1 and competency_ids == sorted(competency_ids)
    assert card.ratings[0].rating == 4
    question_ids = [n.question_id for n in card.notes]
    assert question_ids == sorted(question_ids)
