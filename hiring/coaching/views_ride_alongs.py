"""Ride-along pages: the manager plans one (``/coaching/people/<id>/ride-alongs/new``); its page
(``/coaching/ride-alongs/<id>``) takes the rep's assessment first, then the manager's debrief,
and lets the manager edit the plan or call it off. Each view loads, authorises, validates a
form and makes one service call; the request pipeline commits."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm

from hiring import timezones, zone_picker
from hiring.auth.models import User
from hiring.coaching import permissions, ride_along_queries
from hiring.coaching.forms_ride_alongs import (
    AssessmentForm,
    CancelRideAlongForm,
    DebriefForm,
    RideAlongPlanForm,
)
from hiring.coaching.models import RideAlong
from hiring.coaching.services import ride_alongs
from hiring.coaching.views import bp
from hiring.db import db
from hiring.permissions import require
from hiring.transaction import attempt


def _rep(user_id: int) -> User:
    """The rep a new ride-along is for (404 unless they have a manager; 403 unless the
    signed-in user is that manager)."""
    rep = db.session.get(User, user_id)
    if rep is None or not permissions.is_rep(rep):
        abort(404)
    return require(rep, permissions.can_plan_ride_along)


def _ride(
    ride_id: int, can: Callable[[User, RideAlong], bool] = permissions.can_see_ride_along
) -> RideAlong:
    return require(ride_along_queries.load(ride_id), can)


@bp.route("/people/<int:user_id>/ride-alongs/new", methods=["GET", "POST"])
def new_ride_along(user_id: int) -> ResponseReturnValue:
    """The manager plans a ride-along: objective, stage, competency and their role, up front."""
    rep = _rep(user_id)
    competencies = ride_along_queries.competencies_for(rep.id)
    form = RideAlongPlanForm().offer(competencies)
    if not form.is_submitted():
        form.time_zone.data = timezones.zone_for(current_user)
    if form.validate_on_submit() and (
        done := attempt(
            lambda: ride_alongs.plan_ride_along(rep, form.plan(), by=current_user), form
        )
    ):
        flash("Ride-along planned. After the call, the rep assesses it first.", "success")
        return redirect(url_for("coaching.ride_along", ride_id=done.value.id))
    zones = zone_picker.options_markup([form.time_zone.data], form.time_zone.data)
    return render_template("coaching/ride_along_new.html", rep=rep, form=form, zones=zones), (
        400 if form.errors else 200
    )


def _page(
    ride: RideAlong, refused: FlaskForm | None = None, target: str = ""
) -> ResponseReturnValue:
    """The ride-along page; ``refused`` (named by ``target``) is shown again as typed."""
    competencies = ride_along_queries.competencies_for(ride.rep_id)
    forms: dict[str, FlaskForm] = {
        "edit": RideAlongPlanForm(formdata=None).offer(competencies).fill(ride),
        "assess": AssessmentForm(
            formdata=None, version=ride.version, rep_assessment=ride.rep_assessment
        ),
        "debrief": DebriefForm(formdata=None, version=ride.version),
        "cancel": CancelRideAlongForm(formdata=None, version=ride.version),
    }
    if refused is not None:
        forms[target] = refused
    # The zone picker shows the zone a refused edit was sent with, else the ride-along's.
    zone = forms["edit"].time_zone.data or ride.time_zone
    return render_template(
        "coaching/ride_along.html",
        ride=ride,
        watched=ride_along_queries.competency(ride.competency_key, competencies),
        forms=forms,
        refused=target if refused is not None else "",
        zones=zone_picker.options_markup([ride.time_zone, zone], zone),
    ), (400 if refused is not None else 200)


@bp.route("/ride-alongs/<int:ride_id>")
def ride_along(ride_id: int) -> ResponseReturnValue:
    return _page(_ride(ride_id))


def _back(ride: RideAlong, message: str) -> ResponseReturnValue:
    flash(message, "success")
    return redirect(url_for("coaching.ride_along", ride_id=ride.id))


@bp.route("/ride-alongs/<int:ride_id>/edit", methods=["POST"])
def edit_ride_along(ride_id: int) -> ResponseReturnValue:
    ride = _ride(ride_id, permissions.can_debrief_ride_along)
    form = RideAlongPlanForm().offer(ride_along_queries.competencies_for(ride.rep_id))
    if form.validate_on_submit() and attempt(
        lambda: ride_alongs.edit_plan(
            ride, form.plan(), version=form.expected_version(), by=current_user
        ),
        form,
    ):
        return _back(ride, "Ride-along plan saved.")
    return _page(ride, form, "edit")


@bp.route("/ride-alongs/<int:ride_id>/assessment", methods=["POST"])
def assess_ride_along(ride_id: int) -> ResponseReturnValue:
    ride = _ride(ride_id, permissions.can_assess_ride_along)
    form = AssessmentForm()
    if form.validate_on_submit() and attempt(
        lambda: ride_alongs.assess(
            ride,
            text=form.rep_assessment.data or "",
            version=form.expected_version(),
            by=current_user,
        ),
        form,
    ):
        return _back(ride, f"Your assessment is saved; {ride.manager.first_name} debriefs next.")
    return _page(ride, form, "assess")


@bp.route("/ride-alongs/<int:ride_id>/debrief", methods=["POST"])
def debrief_ride_along(ride_id: int) -> ResponseReturnValue:
    ride = _ride(ride_id, permissions.can_debrief_ride_along)
    form = DebriefForm()
    if form.validate_on_submit() and attempt(
        lambda: ride_alongs.debrief(
            ride, form.debrief(ride), version=form.expected_version(), by=current_user
        ),
        form,
    ):
        return _back(ride, "Debrief saved; the follow-ups are on the open action items.")
    return _page(ride, form, "debrief")


@bp.route("/ride-alongs/<int:ride_id>/cancel", methods=["POST"])
def cancel_ride_along(ride_id: int) -> ResponseReturnValue:
    ride = _ride(ride_id, permissions.can_debrief_ride_along)
    form = CancelRideAlongForm()
    if form.validate_on_submit() and attempt(
        lambda: ride_alongs.cancel(
            ride, reason=form.reason.data or "", version=form.expected_version(), by=current_user
        ),
        form,
    ):
        return _back(ride, "Ride-along called off.")
    return _page(ride, form, "cancel")
