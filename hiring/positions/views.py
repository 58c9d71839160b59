"""Openings: the list, opening one from a role profile, its page and its details.

The interview plan's pages (editor, coverage, kit) live in ``views_plan``, on the same
blueprint; importing this module registers both.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

import hiring.positions.views_plan  # noqa: F401 - registers the plan editor's pages on bp
from hiring.auth.models import HIRING_TEAM, Role
from hiring.domain import Conflict
from hiring.library.models import RoleProfile
from hiring.pagination import paginate
from hiring.permissions import require, roles_required
from hiring.positions import permissions, plans, queries, services
from hiring.positions.blueprint import bp
from hiring.positions.forms import PositionForm
from hiring.positions.models import PositionStatus
from hiring.transaction import attempt

__all__ = ["bp"]


@bp.route("/")
@roles_required(*HIRING_TEAM)
def index() -> ResponseReturnValue:
    status = request.args.get("status", "")
    q = request.args.get("q", "").strip()[:200]
    page = paginate(queries.position_list(current_user, status=status, q=q))
    return render_template(
        "positions/index.html",
        page=page,
        plans=queries.current_plans([p.id for p in page.items]),
        status=status,
        q=q,
        statuses=list(PositionStatus),
    )


def _position_form() -> tuple[PositionForm, list[RoleProfile]]:
    form = PositionForm()
    profiles = queries.current_role_profiles()
    form.set_choices(
        profiles,
        services.users_with_role(Role.HIRING_MANAGER),
        services.users_with_role(Role.RECRUITER),
    )
    return form, profiles


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*HIRING_TEAM)
def new() -> ResponseReturnValue:
    form, profiles = _position_form()
    if request.method == "GET":
        form.suggest(current_user, profiles, request.args.get("role"))
    if form.validate_on_submit() and (
        done := attempt(
            lambda: services.create_position(
                role_profile=form.role_profile(), actor=current_user, **form.details()
            ),
            form,
        )
    ):
        position = done.value
        flash(
            f"Opened {position.title} with the {position.role_profile.name} plan. Review it below.",
            "success",
        )
        return redirect(url_for("positions.plan", position_id=position.id))
    return render_template("positions/new.html", form=form)


@bp.route("/<int:position_id>")
@roles_required(*HIRING_TEAM)
def detail(position_id: int) -> ResponseReturnValue:
    position = require(queries.load_position(position_id), permissions.can_view_position)
    revision = position.current_plan
    plan = queries.load_plan(revision.id) if revision else None
    return render_template(
        "positions/detail.html",
        position=position,
        plan=plan,
        coverage=plans.plan_coverage(position, plan) if plan else None,
    )


@bp.route("/<int:position_id>/edit", methods=["GET", "POST"])
@roles_required(*HIRING_TEAM)
def edit(position_id: int) -> ResponseReturnValue:
    position = require(queries.load_position(position_id), permissions.can_edit_position)
    form, _profiles = _position_form()
    del form.role_profile_id  # the profile version is pinned when the position is opened
    if request.method == "GET":
        form.fill(position)
    status = 200
    if form.validate_on_submit():
        done = attempt(
            lambda: services.update_position(
                position,
                expected_version=form.expected_version(),
                actor=current_user,
                **form.details(),
            ),
            form,
        )
        if done:
            flash("Saved.", "success")
            return redirect(url_for("positions.detail", position_id=position.id))
        # Refused: the entries stay, beside the latest values; saving again applies them.
        form.version.data = str(position.version)
        status = 409 if isinstance(done.error, Conflict) else 400
    return render_template("positions/edit.html", form=form, position=position), status
