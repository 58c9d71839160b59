"""Admins read the outbox: what was sent, to whom, and what failed."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from hiring.auth.models import Role
from hiring.mail.models import MessageStatus, OutboxMessage
from hiring.pagination import paginate
from hiring.permissions import load_or_404, roles_required

bp = Blueprint("mail", __name__, url_prefix="/admin/outbox")


@bp.route("/")
@roles_required(Role.ADMIN)
def index() -> ResponseReturnValue:
    status = request.args.get("status", "")
    to = request.args.get("to", "").strip().lower()
    query = select(OutboxMessage)
    if status in {s.value for s in MessageStatus}:
        query = query.where(OutboxMessage.status == MessageStatus(status))
    if to:
        query = query.where(OutboxMessage.to_address.contains(to))
    page = paginate(query.order_by(OutboxMessage.id.desc()))
    return render_template(
        "mail/index.html", page=page, status=status, to=to, statuses=list(MessageStatus)
    )


@bp.route("/<int:message_id>")
@roles_required(Role.ADMIN)
def detail(message_id: int) -> ResponseReturnValue:
    message = load_or_404(OutboxMessage, message_id)
    return render_template("mail/detail.html", message=message)
