"""1:1 pages: the cadence (the manager sets it on the coaching page), a 1:1's own page (the
shared agenda, open action items, notes, the record) for the two it belongs to, and the
manager moving, cancelling or adding a 1:1. Each view loads, authorises, validates a form
and makes one service call; the request pipeline commits."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring.auth.models import User
from hiring.coaching import one_on_ones_page, permissions
from hiring.coaching import one_on_ones_queries as oq
from hiring.coaching import page as coaching_page
from hiring.coaching.forms_one_on_ones import (
    ActionForm,
    CadenceForm,
    CancelForm,
    CoveredForm,
    ExtraForm,
    HeldForm,
    MoveForm,
    NotesForm,
    TopicForm,
)
from hiring.coaching.models import ActionItem, AgendaTopic, OneOnOne
from hiring.coaching.services import actions, cadence
from hiring.coaching.services import one_on_ones as services
from hiring.coaching.views import bp
from hiring.db import db
from hiring.forms import VersionedForm
from hiring.permissions import load_or_404, require
from hiring.transaction import attempt


def _rep(user_id: int) -> User:
    """A rep the signed-in user may coach (only someone with a manager has coaching: anyone
    else is not found, as on the coaching page)."""
    rep = db.session.get(User, user_id)
    if rep is None or not permissions.is_rep(rep):
        abort(404)
    return require(rep, permissions.can_coach)


def _meeting(meeting_id: int, can: Any = permissions.can_see_one_on_one) -> OneOnOne:
    return require(oq.load(meeting_id), can)


def _to(meeting: OneOnOne, anchor: str | None = None) -> ResponseReturnValue:
    return redirect(url_for("coaching.one_on_one", meeting_id=meeting.id, _anchor=anchor))


@bp.route("/people/<int:user_id>/cadence", methods=["POST"])
def set_cadence(user_id: int) -> ResponseReturnValue:
    """The manager sets or changes the rep's 1:1 cadence; a refusal shows the page again."""
    rep = _rep(user_id)
    profile = oq.profile_of(rep.id)
    form = CadenceForm().offer(
        oq.role_profile_choices(profile.role_profile_id if profile else None)
    )
    if form.validate_on_submit() and attempt(
        lambda: cadence.set_cadence(
            rep, form.values(), by=current_user, version=form.expected_version()
        ),
        form,
    ):
        flash("1:1 cadence saved; the next 1:1 is in both calendars.", "success")
        return redirect(url_for("coaching.person", user_id=rep.id, _anchor="next-one-on-one"))
    context = coaching_page.person_context(current_user, rep)
    return render_template("coaching/person.html", **context, cadence_form=form), 422


@bp.route("/people/<int:user_id>/one-on-ones", methods=["POST"])
def add_one_on_one(user_id: int) -> ResponseReturnValue:
    """The manager adds an extra 1:1 outside the cadence; a refusal shows the page again."""
    rep = _rep(user_id)
    form = ExtraForm()
    outcome = form.validate_on_submit() and attempt(
        lambda: services.add_extra(
            rep,
            by=current_user,
            starts_at=form.starts_at(),
            minutes=form.minutes.data,
            zone=form.time_zone.data,
        ),
        form,
    )
    if outcome:
        flash("Extra 1:1 added.", "success")
        return _to(outcome.value)
    # Shown again with what was typed and why it was refused, like the cadence form.
    context = coaching_page.person_context(current_user, rep)
    return render_template("coaching/person.html", **context, extra_form=form), 422


@bp.route("/one-on-ones/<int:meeting_id>")
def one_on_one(meeting_id: int) -> ResponseReturnValue:
    """A 1:1's page, for the rep and the manager only."""
    meeting = _meeting(meeting_id)
    return render_template(
        "coaching/one_on_one.html", **one_on_ones_page.context(current_user, meeting)
    )


def _again(meeting: OneOnOne, **forms: Any) -> ResponseReturnValue:
    """The 1:1 page again with a refused form's typing and messages kept."""
    context = one_on_ones_page.context(current_user, meeting, **forms)
    return render_template("coaching/one_on_one.html", **context), 422


@bp.route("/one-on-ones/<int:meeting_id>/topics", methods=["POST"])
def add_topic(meeting_id: int) -> ResponseReturnValue:
    meeting = _meeting(meeting_id)
    form = TopicForm()
    if form.validate_on_submit() and attempt(
        lambda: services.add_topic(meeting, by=current_user, text=form.text.data), form
    ):
        return _to(meeting, "agenda")
    return _again(meeting, topic_form=form)


@bp.route("/topics/<int:topic_id>/covered", methods=["POST"])
def mark_topic(topic_id: int) -> ResponseReturnValue:
    topic = load_or_404(AgendaTopic, topic_id)
    meeting = _meeting(topic.one_on_one_id)
    form = CoveredForm()
    if form.validate_on_submit():
        attempt(
            lambda: services.mark_topic(topic, by=current_user, covered=form.covered.data == "yes")
        )
    return _to(meeting, "agenda")


@bp.route("/one-on-ones/<int:meeting_id>/notes", methods=["POST"])
def save_notes(meeting_id: int) -> ResponseReturnValue:
    meeting = _meeting(meeting_id)
    form = NotesForm()
    if form.validate_on_submit() and attempt(
        lambda: services.save_notes(
            meeting, by=current_user, version=form.expected_version(), notes=form.notes.data or ""
        ),
        form,
    ):
        flash("Notes saved.", "success")
        return _to(meeting, "notes")
    return _again(meeting, notes_form=form)


@bp.route("/one-on-ones/<int:meeting_id>/actions", methods=["POST"])
def add_action(meeting_id: int) -> ResponseReturnValue:
    meeting = _meeting(meeting_id)
    form = ActionForm()
    owner = meeting.rep if form.owner.data == "rep" else meeting.manager
    if form.validate_on_submit() and attempt(
        lambda: actions.add_action(
            meeting.rep,
            text=form.text.data,
            owner=owner,
            due_on=form.due_on.data,
            by=current_user,
            one_on_one=meeting,
        ),
        form,
    ):
        return _to(meeting, "actions")
    return _again(meeting, action_form=form)


@bp.route("/one-on-ones/<int:meeting_id>/actions/<int:item_id>/done", methods=["POST"])
def complete_one_on_one_action(meeting_id: int, item_id: int) -> ResponseReturnValue:
    """Tick a carried-forward action item off from the 1:1 page."""
    meeting = _meeting(meeting_id)
    item = load_or_404(ActionItem, item_id, permissions.can_complete_action)
    if item.rep_id != meeting.rep_id:
        abort(404)
    form = VersionedForm()
    if form.validate_on_submit():
        attempt(
            lambda: actions.complete_action(item, by=current_user, version=form.expected_version())
        )
    return _to(meeting, "actions")


@bp.route("/one-on-ones/<int:meeting_id>/held", methods=["POST"])
def record_held(meeting_id: int) -> ResponseReturnValue:
    """The manager records the 1:1 as held: deal coaching, skill coaching or both."""
    meeting = _meeting(meeting_id, permissions.can_run_one_on_one)
    form = HeldForm()
    if form.validate_on_submit() and attempt(
        lambda: services.record_held(
            meeting, form.record(), by=current_user, version=form.expected_version()
        ),
        form,
    ):
        flash("1:1 recorded as held.", "success")
        return _to(meeting)
    return _again(meeting, held_form=form)


@bp.route("/one-on-ones/<int:meeting_id>/move", methods=["POST"])
def move(meeting_id: int) -> ResponseReturnValue:
    meeting = _meeting(meeting_id, permissions.can_run_one_on_one)
    form = MoveForm()
    if form.validate_on_submit() and attempt(
        lambda: services.reschedule(
            meeting,
            by=current_user,
            version=form.expected_version(),
            starts_at=form.starts_at(),
            minutes=form.minutes.data,
            zone=form.time_zone.data,
            reason=form.reason.data,
        ),
        form,
    ):
        flash("1:1 moved; the reminder goes out again the day before.", "success")
        return _to(meeting)
    return _again(meeting, move_form=form)


@bp.route("/one-on-ones/<int:meeting_id>/cancel", methods=["POST"])
def cancel(meeting_id: int) -> ResponseReturnValue:
    meeting = _meeting(meeting_id, permissions.can_run_one_on_one)
    form = CancelForm()
    if form.validate_on_submit() and attempt(
        lambda: services.cancel(
            meeting, by=current_user, version=form.expected_version(), reason=form.reason.data
        ),
        form,
    ):
        flash("1:1 cancelled; the next one of the series is in place.", "success")
        return _to(meeting)
    return _again(meeting, cancel_form=form)
