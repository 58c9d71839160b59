"""Admins browse and filter the audit log."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from hiring.audit import queries
from hiring.audit.forms import AuditFilterForm
from hiring.auth.models import Role
from hiring.pagination import paginate
from hiring.permissions import roles_required

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")


@bp.route("/")
@roles_required(Role.ADMIN)
def index() -> ResponseReturnValue:
    form = AuditFilterForm(formdata=request.args)
    errors = form.problems()
    wanted = form.wanted()
    page = paginate(queries.events(wanted), per_page=50)
    filters = {
        "actor": wanted.actor_id,
        "action": wanted.action,
        "object_type": wanted.object_type,
        "object_id": wanted.object_id,
        "since": request.args.get("since", ""),
        "until": request.args.get("until", ""),
    }
    return render_template(
        "audit/index.html",
        page=page,
        filters=filters,
        errors=errors,
        **queries.filter_choices(),
    )
