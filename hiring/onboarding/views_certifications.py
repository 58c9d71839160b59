"""Rating on the interview's anchors from the plan page: scoring a certification (by a named
assessor) and the manager's competency ratings at a milestone check-in. Routes on the
``onboarding`` blueprint of ``views_common``; each refusal shows the plan page again with the
form as typed."""

from __future__ import annotations

from flask import flash
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring.auth.models import User
from hiring.db import db
from hiring.onboarding import permissions
from hiring.onboarding.forms_certifications import CheckInRatingsForm, ScoreCertificationForm
from hiring.onboarding.services import certifications
from hiring.onboarding.views_common import (
    bp,
    load_checkin,
    load_item,
    load_plan,
    render_plan,
    to_plan,
)
from hiring.permissions import require
from hiring.transaction import attempt


@bp.route("/plans/<int:plan_id>/items/<int:item_id>/score", methods=["POST"])
def score_certification(plan_id: int, item_id: int) -> ResponseReturnValue:
    """The manager records a certification's score and who assessed the role-play."""
    plan = load_plan(plan_id, permissions.can_edit_plan)
    item = require(load_item(plan, item_id), permissions.can_score_certification)
    form = ScoreCertificationForm()
    competency = certifications.certification_competency(item)
    if form.validate_on_submit() and attempt(
        lambda: certifications.score_certification(
            item,
            competency=competency,
            score=form.score.data,
            assessor=db.session.get(User, form.assessor_id.data or 0),
            expected_version=form.expected_version(),
            by=current_user,
        ),
        form,
    ):
        flash(f"Scored: {item.title}.", "success")
        return to_plan(plan_id, f"item-{item_id}")
    return render_plan(plan, form, f"score-{item_id}")


@bp.route("/plans/<int:plan_id>/checkins/<int:milestone>/competencies", methods=["POST"])
def rate_checkin_competencies(plan_id: int, milestone: int) -> ResponseReturnValue:
    """The manager's optional competency ratings at a milestone check-in."""
    plan = load_plan(plan_id)
    checkin = require(load_checkin(plan, milestone), permissions.can_rate_competencies)
    competencies = certifications.plan_competencies(plan)
    form = CheckInRatingsForm.for_competencies(competencies)()
    if form.validate_on_submit() and attempt(
        lambda: certifications.rate_competencies(
            checkin,
            competencies=competencies,
            scores=form.scores(),
            expected_version=form.expected_version(),
            by=current_user,
        ),
        form,
    ):
        flash(f"Saved the day-{milestone} competency ratings.", "success")
        return to_plan(plan_id, f"checkin-{milestone}")
    return render_plan(plan, form, f"competencies-{milestone}")
