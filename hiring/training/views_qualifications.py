"""Who is qualified for what (admins and hiring managers): status per interviewer and
must-have, never their practice answers; sign-offs; the lapse period (admins)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring.analytics.drift import interviewer_drift
from hiring.auth.models import User
from hiring.db import db
from hiring.pagination import paginate
from hiring.training import permissions, queries, services
from hiring.training.forms import PolicyForm, SignOffForm
from hiring.training.qualification import lapse_months
from hiring.training.views import bp
from hiring.transaction import attempt

#: Interviewers per page of the grid.
PEOPLE_PER_PAGE = 25


@bp.route("/qualifications")
def qualifications() -> ResponseReturnValue:
    if not permissions.can_view_qualifications(current_user):
        abort(403)
    roles = queries.current_roles()
    # One role's must-haves at a time keeps the grid readable; the first role by default.
    role = next(
        (r for r in roles if r.key == request.args.get("role")), roles[0] if roles else None
    )
    people = paginate(queries.interviewers_statement(), per_page=PEOPLE_PER_PAGE)
    competencies = queries.must_have_competencies(role.key if role else None)
    policy = PolicyForm(lapse_months=lapse_months())
    return render_template(
        "training/qualifications.html",
        people=people,
        competencies=competencies,
        grid=queries.status_grid(list(people.items), competencies),
        drift=interviewer_drift([person.id for person in people.items]),
        sign_off=SignOffForm(),
        policy=policy,
        can_set_policy=permissions.can_set_policy(current_user),
        roles=roles,
        role=role,
    )


@bp.post("/qualifications/sign-off")
def sign_off() -> ResponseReturnValue:
    if not permissions.can_view_qualifications(current_user):
        abort(403)
    form = SignOffForm()
    if not form.validate_on_submit():
        abort(400)
    interviewer = db.session.get(User, form.interviewer_number())
    if interviewer is None:
        abort(404)
    if not permissions.can_sign_off(current_user, interviewer):
        abort(403)
    if attempt(
        lambda: services.sign_off(
            interviewer, form.competency_key.data, actor=current_user, note=form.note.data or ""
        )
    ):
        flash(f"{interviewer.name} is qualified.", "success")
    return redirect(url_for("training.qualifications", role=form.role.data or None))


@bp.post("/qualifications/policy")
def policy() -> ResponseReturnValue:
    if not permissions.can_set_policy(current_user):
        abort(403)
    form = PolicyForm()
    if form.validate_on_submit() and attempt(
        lambda: services.set_lapse_months(form.lapse_months.data, actor=current_user), form
    ):
        flash(f"Qualifications now last {form.lapse_months.data} months.", "success")
    else:
        for message in form.lapse_months.errors:
            flash(message, "error")
    return redirect(url_for("training.qualifications", _anchor="policy"))
