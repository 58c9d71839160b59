"""Admins browse and filter the audit log."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from hiring.audit.models import AuditEvent
from hiring.auth.models import Role, User
from hiring.db import db
from hiring.permissions import bounded_int, roles_required

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")


def _parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@bp.route("/")
@roles_required(Role.ADMIN)
def index() -> ResponseReturnValue:
    args = request.args
    actor_id = args.get("actor", type=bounded_int)
    action = args.get("action", "").strip()
    object_type = args.get("object_type", "").strip()
    object_id = args.get("object_id", type=bounded_int)
    since = _parse_date(args.get("since"))
    until = _parse_date(args.get("until"))
    errors = []
    if args.get("since") and since is None:
        errors.append("“From” must be a date like 2026-01-31.")
    if args.get("until") and until is None:
        errors.append("“To” must be a date like 2026-01-31.")

    query = select(AuditEvent).options(joinedload(AuditEvent.actor))
    if actor_id:
        query = query.where(AuditEvent.actor_id == actor_id)
    if action:
        # "user." matches every user action; a full name matches exactly.
        query = query.where(
            AuditEvent.action.startswith(action)
            if action.endswith(".")
            else AuditEvent.action == action
        )
    if object_type:
        query = query.where(AuditEvent.object_type == object_type)
    if object_id:
        query = query.where(AuditEvent.object_id == object_id)
    if since:
        query = query.where(AuditEvent.occurred_at >= datetime.combine(since, time(), UTC))
    if until:
        end = datetime.combine(until + timedelta(days=1), time(), UTC)
        query = query.where(AuditEvent.occurred_at < end)
    page = db.paginate(
        query.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc()),
        per_page=50,
        max_per_page=200,
    )
    actors = db.session.execute(
        select(User.id, User.name)
        .where(User.id.in_(select(AuditEvent.actor_id).distinct()))
        .order_by(User.name)
    ).all()
    actions = db.session.scalars(
        select(AuditEvent.action).distinct().order_by(AuditEvent.action)
    ).all()
    object_types = db.session.scalars(
        select(AuditEvent.object_type).distinct().order_by(AuditEvent.object_type)
    ).all()
    return render_template(
        "audit/index.html",
        page=page,
        actors=actors,
        actions=actions,
        object_types=object_types,
        filters={
            "actor": actor_id,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "since": args.get("since", ""),
            "until": args.get("until", ""),
        },
        errors=errors,
    )
