"""The interviewer's scorecard: the page, its autosave, amendments and the conflict page.

Served at the interview's URLs (``/interviews/<id>/scorecard``...) as they always were; the
pages are the scorecards area's own, so the interviews package knows nothing of cards.
"""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring import timezones
from hiring.auth.models import PANEL
from hiring.domain import Conflict
from hiring.permissions import require, roles_required
from hiring.positions import queries as position_queries
from hiring.scorecards import card_loading, permissions, services
from hiring.scorecards.card_loading import CardLoad
from hiring.scorecards.forms import ScorecardForm
from hiring.scorecards.models import Recommendation, Scorecard
from hiring.transaction import attempt

bp = Blueprint("scorecards", __name__, url_prefix="/interviews")

DONE = {
    services.Action.SAVE: "Draft saved.",
    services.Action.SUBMIT: "Scorecard submitted. It is locked; later changes are amendments.",
    services.Action.AMEND: "Amendment saved; the original stays in the history.",
}


def _own_card(interview_id: int, load: CardLoad = CardLoad.PAGE) -> Scorecard:
    """The signed-in interviewer's card; anyone else gets 404 (a card is never shared)."""
    card = card_loading.own_card(current_user, interview_id, load=load)
    return require(card, permissions.can_fill)


def _page(
    card: Scorecard, form: ScorecardForm, problems: services.Problems | None = None
) -> ResponseReturnValue:
    interview = card.interview
    kit = position_queries.kit_context(interview.application.position, interview.stage)
    page = render_template(
        "scorecards/form.html",
        card=card,
        form=form,
        interview=interview,
        values=form.entered() if form.is_submitted() else services.snapshot(card),
        problems=problems or {},
        errors=form.messages(),
        recommendations=list(Recommendation),
        **kit,
    )
    return page, 400 if problems or form.errors or form.form_errors else 200


def _conflict(interview_id: int, form: ScorecardForm) -> ResponseReturnValue:
    """Both versions side by side: the saved card (read afresh) and what was sent."""
    card = _own_card(interview_id)
    return render_template(
        "scorecards/conflict.html",
        card=card,
        interview=card.interview,
        saved=services.snapshot(card),
        yours=form.entered(),
        focus=services.focus_competencies(card),
        form=form,
    ), 409


@bp.route("/<int:interview_id>/scorecard", methods=["GET", "POST"])
@roles_required(*PANEL)
def scorecard(interview_id: int) -> ResponseReturnValue:
    card = _own_card(interview_id, CardLoad.PAGE_WITH_KIT)
    form = ScorecardForm.for_card(card)
    if not form.validate_on_submit():
        return _page(card, form)
    values = form.values()
    done = attempt(lambda: services.apply_action(card, **values, actor=current_user), form)
    if done and not done.value:
        flash(DONE[values["action"]], "success")
        return redirect(url_for("scorecards.scorecard", interview_id=interview_id))
    if isinstance(done.error, Conflict):
        return _conflict(interview_id, form)
    if not permissions.can_open_card(current_user, card):  # cancelled meanwhile
        flash(str(done.error), "error")
        return redirect(url_for("interviews.mine"))
    return _page(card, form, done.value if done else None)


@bp.route("/<int:interview_id>/scorecard/autosave", methods=["POST"])
@roles_required(*PANEL)
def autosave(interview_id: int) -> ResponseReturnValue:
    """Save a draft as the interviewer types (JSON answer for the page's script)."""
    card = _own_card(interview_id, CardLoad.AUTOSAVE)
    form = ScorecardForm.for_card(card)
    if not form.validate_on_submit():
        field, message = next(iter(form.messages().items()))
        return jsonify(error="invalid", field=field, message=message), 400
    values = form.values()
    data, version = values["data"], values["expected_version"]
    done = attempt(lambda: services.save_draft(card, data, expected_version=version), form)
    if not done:
        kind = "conflict" if isinstance(done.error, Conflict) else "locked"
        return jsonify(error=kind, message=str(done.error)), 409
    # The time as every page shows it: the reader's zone, named ("10:03 CST").
    saved_text = timezones.format_time(card.updated_at)
    return jsonify(version=card.version, saved_at=card.updated_at.isoformat(), saved=saved_text)
