"""Admin pages for accounts: list, invite, edit roles and manager, deactivate."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring.auth import services
from hiring.auth.models import Role, User
from hiring.auth.tokens import Purpose
from hiring.db import db
from hiring.domain import Conflict
from hiring.forms import ButtonForm
from hiring.pagination import paginate
from hiring.permissions import load_or_404, roles_required
from hiring.transaction import attempt
from hiring.users import permissions, queries
from hiring.users.forms import EditUserForm, InviteUserForm

bp = Blueprint("users", __name__, url_prefix="/admin/users")


def _manager(manager_id: int | None) -> User | None:
    return db.session.get(User, manager_id) if manager_id else None


@bp.route("/")
@roles_required(Role.ADMIN)
def index() -> ResponseReturnValue:
    q = request.args.get("q", "").strip()
    role = request.args.get("role", "")
    status = request.args.get("status", "")
    page = paginate(queries.people(q, role, status))
    return render_template(
        "users/index.html",
        page=page,
        q=q,
        role=role,
        status=status,
        roles=list(Role),
        statuses=queries.STATUSES,
    )


@bp.route("/invite", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def invite() -> ResponseReturnValue:
    form = InviteUserForm()
    form.set_manager_choices(queries.possible_managers())
    if form.validate_on_submit() and (
        invited := attempt(
            lambda: services.invite_user(
                email=form.email.data or "",
                name=form.name.data or "",
                title=form.title.data or None,
                roles=form.selected_roles(),
                manager=_manager(form.manager_id.data),
                actor=current_user,
            ),
            form,
        )
    ):
        flash(f"Invitation sent to {invited.value.email}.", "success")
        return redirect(url_for("users.edit", user_id=invited.value.id))
    return render_template("users/invite.html", form=form)


def _edit_form(user: User) -> EditUserForm:
    """The form showing ``user`` as saved now."""
    form = EditUserForm(formdata=None, obj=user)
    form.roles.data = [role.value for role in user.sorted_roles]
    form.manager_id.data = user.manager_id or 0
    form.version.data = str(user.version)
    form.set_manager_choices(queries.possible_managers(), exclude=user)
    return form


@bp.route("/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit(user_id: int) -> ResponseReturnValue:
    user = load_or_404(User, user_id, permissions.can_administer)
    if request.method == "GET":
        return render_template("users/edit.html", user=user, form=_edit_form(user), conflict=None)
    form = EditUserForm()
    form.set_manager_choices(queries.possible_managers(), exclude=user)
    if not form.validate():
        return render_template("users/edit.html", user=user, form=form, conflict=None)
    yours = form.entries(_manager(form.manager_id.data))
    saved = attempt(lambda: services.update_user(user, **form.changes(_manager)), form)
    if saved:
        flash(f"Saved changes to {user.name}.", "success")
        return redirect(url_for("users.edit", user_id=user.id))
    if not isinstance(saved.error, Conflict):
        return render_template("users/edit.html", user=user, form=form, conflict=None)
    # Show the record as saved now; the person's own entries are listed beside it.
    user = load_or_404(User, user_id, permissions.can_administer)
    conflict = {"message": saved.error.message, "yours": yours}
    return render_template(
        "users/edit.html", user=user, form=_edit_form(user), conflict=conflict
    ), 409


def _account_action(user_id: int, act: Callable[[User], object], done: str) -> ResponseReturnValue:
    """Run one button's action on an account and go back to its page."""
    user = load_or_404(User, user_id, permissions.can_administer)
    if ButtonForm().validate_on_submit() and attempt(lambda: act(user)):
        flash(done.format(user=user), "success")
    return redirect(url_for("users.edit", user_id=user.id))


@bp.route("/<int:user_id>/deactivate", methods=["POST"])
@roles_required(Role.ADMIN)
def deactivate(user_id: int) -> ResponseReturnValue:
    return _account_action(
        user_id,
        lambda user: services.deactivate_user(user, actor=current_user),
        "{user.name} is deactivated and signed out everywhere.",
    )


@bp.route("/<int:user_id>/reactivate", methods=["POST"])
@roles_required(Role.ADMIN)
def reactivate(user_id: int) -> ResponseReturnValue:
    return _account_action(
        user_id,
        lambda user: services.reactivate_user(user, actor=current_user),
        "{user.name} can sign in again.",
    )


@bp.route("/<int:user_id>/send-link", methods=["POST"])
@roles_required(Role.ADMIN)
def send_link(user_id: int) -> ResponseReturnValue:
    user = load_or_404(User, user_id, permissions.can_administer)
    purpose: Purpose = "reset" if user.has_password else "invite"
    what = "password reset link" if purpose == "reset" else "invitation"
    return _account_action(
        user_id,
        lambda person: services.send_set_password_link(person, purpose=purpose, actor=current_user),
        f"A new {what} was sent to {{user.email}}.",
    )
