"""Admin pages for accounts: list, invite, edit roles and manager, deactivate."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from hiring.auth import services
from hiring.auth.models import Role, User, UserRole
from hiring.auth.tokens import Purpose
from hiring.db import db
from hiring.mail.services import deliver_pending
from hiring.permissions import form_int, load_or_404, roles_required
from hiring.users import permissions
from hiring.users.forms import EditUserForm, InviteUserForm

bp = Blueprint("users", __name__, url_prefix="/admin/users")

STATUSES = ("active", "invited", "deactivated")


def _manager_candidates() -> list[User]:
    return list(db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.name)))


def _manager(manager_id: int | None) -> User | None:
    return db.session.get(User, manager_id) if manager_id else None


@bp.route("/")
@roles_required(Role.ADMIN)
def index() -> ResponseReturnValue:
    q = request.args.get("q", "").strip()
    role = request.args.get("role", "")
    status = request.args.get("status", "")
    query = select(User).options(selectinload(User.role_grants), joinedload(User.manager))
    if q:
        pattern = f"%{q.lower()}%"
        query = query.where(or_(func.lower(User.name).like(pattern), User.email.like(pattern)))
    if role in {r.value for r in Role}:
        query = query.where(User.role_grants.any(UserRole.role == Role(role)))
    if status == "active":
        query = query.where(User.active.is_(True), User.password_hash.is_not(None))
    elif status == "invited":
        query = query.where(User.active.is_(True), User.password_hash.is_(None))
    elif status == "deactivated":
        query = query.where(User.active.is_(False))
    page = db.paginate(query.order_by(User.name, User.id), per_page=25, max_per_page=100)
    return render_template(
        "users/index.html",
        page=page,
        q=q,
        role=role,
        status=status,
        roles=list(Role),
        statuses=STATUSES,
    )


@bp.route("/invite", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def invite() -> ResponseReturnValue:
    form = InviteUserForm()
    form.set_manager_choices(_manager_candidates())
    if form.validate_on_submit():
        try:
            user = services.invite_user(
                email=form.email.data or "",
                name=form.name.data or "",
                title=form.title.data or None,
                roles=form.selected_roles(),
                manager=_manager(form.manager_id.data),
                actor=current_user,
            )
        except services.AccountError as exc:
            field = getattr(form, exc.field or "email")
            field.errors = [*field.errors, str(exc)]
        else:
            db.session.commit()
            deliver_pending()
            flash(f"Invitation sent to {user.email}.", "success")
            return redirect(url_for("users.edit", user_id=user.id))
    return render_template("users/invite.html", form=form)


@bp.route("/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit(user_id: int) -> ResponseReturnValue:
    user = load_or_404(User, user_id, permissions.can_administer)
    form = EditUserForm(obj=user) if request.method == "GET" else EditUserForm()
    if request.method == "GET":
        form.roles.data = [role.value for role in user.sorted_roles]
        form.manager_id.data = user.manager_id or 0
        form.version.data = str(user.version)
    form.set_manager_choices(_manager_candidates(), exclude=user)
    conflict = None
    if form.validate_on_submit():
        submitted = {
            "name": form.name.data,
            "title": form.title.data,
            "roles": ", ".join(r.label for r in form.selected_roles()),
            "manager": (m.name if (m := _manager(form.manager_id.data)) else "No manager"),
        }
        try:
            services.update_user(
                user,
                expected_version=form_int(form.version.data),
                name=form.name.data or "",
                title=form.title.data or None,
                roles=form.selected_roles(),
                manager=_manager(form.manager_id.data),
                actor=current_user,
            )
            db.session.commit()
        except services.EditConflict as exc:
            conflict = {"message": str(exc), "yours": submitted}
        except StaleDataError:
            # A concurrent request committed between our check and our write.
            db.session.rollback()
            user = load_or_404(User, user_id, permissions.can_administer)
            conflict = {"message": str(services.EditConflict(user)), "yours": submitted}
        except services.AccountError as exc:
            field = getattr(form, exc.field or "name")
            field.errors = [*field.errors, str(exc)]
        else:
            flash(f"Saved changes to {user.name}.", "success")
            return redirect(url_for("users.edit", user_id=user.id))
        if conflict:
            # Show the current record; the person's own entries are listed beside it.
            form = EditUserForm(formdata=None, obj=user)
            form.roles.data = [role.value for role in user.sorted_roles]
            form.manager_id.data = user.manager_id or 0
            form.version.data = str(user.version)
            form.set_manager_choices(_manager_candidates(), exclude=user)
    return render_template("users/edit.html", user=user, form=form, conflict=conflict), (
        409 if conflict else 200
    )


@bp.route("/<int:user_id>/deactivate", methods=["POST"])
@roles_required(Role.ADMIN)
def deactivate(user_id: int) -> ResponseReturnValue:
    user = load_or_404(User, user_id, permissions.can_administer)
    try:
        services.deactivate_user(user, actor=current_user)
    except services.AccountError as exc:
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(f"{user.name} is deactivated and signed out everywhere.", "success")
    return redirect(url_for("users.edit", user_id=user.id))


@bp.route("/<int:user_id>/reactivate", methods=["POST"])
@roles_required(Role.ADMIN)
def reactivate(user_id: int) -> ResponseReturnValue:
    user = load_or_404(User, user_id, permissions.can_administer)
    services.reactivate_user(user, actor=current_user)
    db.session.commit()
    flash(f"{user.name} can sign in again.", "success")
    return redirect(url_for("users.edit", user_id=user.id))


@bp.route("/<int:user_id>/send-link", methods=["POST"])
@roles_required(Role.ADMIN)
def send_link(user_id: int) -> ResponseReturnValue:
    user = load_or_404(User, user_id, permissions.can_administer)
    purpose: Purpose = "reset" if user.has_password else "invite"
    try:
        services.send_set_password_link(user, purpose=purpose, actor=current_user)
    except services.AccountError as exc:
        flash(str(exc), "error")
    else:
        db.session.commit()
        deliver_pending()
        what = "password reset link" if purpose == "reset" else "invitation"
        flash(f"A new {what} was sent to {user.email}.", "success")
    return redirect(url_for("users.edit", user_id=user.id))
