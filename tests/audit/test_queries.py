"""The audit log's filter menus: read by skipping through the indexes, the same answer as
a plain DISTINCT."""

from __future__ import annotations

from sqlalchemy import insert, select

from hiring.audit import queries
from hiring.audit.models import AuditEvent
from hiring.db import db


def test_the_filter_menus_list_each_actor_action_and_type_once_in_order(app, make_user):
    zoe = make_user(name="Zoe Actor")
    amy = make_user(name="Amy Actor")
    make_user(name="Never Acted")
    rows = [
        ("user.updated", zoe.id, "users"),
        ("plan.published", amy.id, "plan_revisions"),
        ("user.updated", amy.id, "users"),
        ("application.advanced", None, "applications"),
        ("plan.published", zoe.id, "plan_revisions"),
    ]
    with app.app_context():
        db.session.execute(
            insert(AuditEvent),
            [
                {"action": a, "actor_id": who, "object_type": kind, "object_id": n, "label": "x"}
                for n, (a, who, kind) in enumerate(rows * 30)
            ],
        )
        db.session.flush()
        choices = queries.filter_choices()
        plain_actions = db.session.scalars(
            select(AuditEvent.action).distinct().order_by(AuditEvent.action)
        ).all()

    assert [name for _, name in choices["actors"]] == ["Amy Actor", "Zoe Actor"]
    assert choices["actions"] == ["application.advanced", "plan.published", "user.updated"]
    assert choices["actions"] == plain_actions
    assert choices["object_types"] == ["applications", "plan_revisions", "users"]


def test_an_empty_log_offers_empty_menus(app):
    with app.app_context():
        choices = queries.filter_choices()
    assert choices == {"actors": [], "actions": [], "object_types": []}
