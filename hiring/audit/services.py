"""Recording audit events. Call ``record`` inside the same transaction as the change."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Protocol

from flask import has_request_context, request

from hiring.audit.models import AuditEvent
from hiring.auth.models import User
from hiring.db import db

logger = logging.getLogger(__name__)


class Auditable(Protocol):
    id: Any


def record(
    action: str,
    obj: Auditable | None = None,
    *,
    actor: User | None,
    object_type: str | None = None,
    label: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event for ``action`` on ``obj`` by ``actor`` and flush it.

    ``object_type`` defaults to the object's table name; ``before``/``after`` hold only
    JSON-friendly values (the caller picks the fields that matter).
    """
    if object_type is None:
        object_type = getattr(obj, "__tablename__", type(obj).__name__.lower())
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor is not None else None,
        object_type=object_type,
        object_id=getattr(obj, "id", None),
        object_label=label[:200],
        before=dict(before) if before is not None else None,
        after=dict(after) if after is not None else None,
        ip_address=request.remote_addr if has_request_context() else None,
    )
    db.session.add(event)
    db.session.flush()
    logger.debug(
        "audit %s %s#%s by %s", action, object_type, event.object_id, actor.id if actor else "-"
    )
    return event
