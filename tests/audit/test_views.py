"""Admins browse and filter the audit log."""

from __future__ import annotations

from datetime import UTC, datetime

from hiring.audit.models import AuditEvent
from hiring.audit.services import record
from hiring.auth.models import User
from hiring.db import db


def _event(app, action, actor_id=None, object_id=1, when=None, before=None, after=None):
    with app.app_context():
        actor = db.session.get(User, actor_id) if actor_id else None
        event = record(
            action,
            None,
            actor=actor,
            object_type="users",
            label=f"label {action}",
            before=before,
            after=after,
        )
        event.object_id = object_id
        if when:
            event.occurred_at = when
        db.session.commit()


def test_filters_by_actor_action_object_and_dates(app, client, login, make_user):
    admin = login(roles=["admin"])
    other = make_user(name="Other Admin", roles=["admin"])
    _event(
        app, "user.updated", actor_id=other.id, object_id=7, when=datetime(2026, 3, 1, tzinfo=UTC)
    )
    _event(
        app,
        "user.deactivated",
        actor_id=admin.id,
        object_id=8,
        when=datetime(2026, 3, 5, tzinfo=UTC),
    )
    # Midday, so the day is 1 April on the admin's calendar (Chicago) as in UTC.
    _event(app, "position.opened", object_id=9, when=datetime(2026, 4, 1, 12, tzinfo=UTC))

    def rows(**query):
        page = client.get("/admin/audit/", query_string=query).get_data(as_text=True)
        return {
            a
            for a in ("user.updated", "user.deactivated", "position.opened")
            if f"<code>{a}</code>" in page
        }

    assert rows() == {"user.updated", "user.deactivated", "position.opened"}
    assert rows(actor=other.id) == {"user.updated"}
    assert rows(action="user.") == {"user.updated", "user.deactivated"}
    assert rows(action="user.updated") == {"user.updated"}
    assert rows(object_type="users", object_id=8) == {"user.deactivated"}
    assert rows(since="2026-03-02", until="2026-03-31") == {"user.deactivated"}
    assert rows(until="2026-03-01") == {"user.updated"}


def test_bad_dates_are_explained_not_crashed_on(client, login):
    login(roles=["admin"])
    page = client.get("/admin/audit/?since=yesterday").get_data(as_text=True)
    assert "“From” must be a date like 2026-01-31." in page


def test_dates_beyond_the_calendar_are_explained_not_crashed_on(client, login):
    login(roles=["admin"])
    response = client.get("/admin/audit/?since=0001-01-01&until=9999-12-31&object_id=abc")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "“From” must be a date like 2026-01-31." in page
    assert "“To” must be a date like 2026-01-31." in page


def test_changes_show_before_and_after_escaped(app, client, login):
    login(roles=["admin"])
    _event(app, "user.updated", before={"name": "Old <b>Name</b>"}, after={"name": "New Name"})
    page = client.get("/admin/audit/").get_data(as_text=True)
    assert "Old &lt;b&gt;Name&lt;/b&gt;" in page and "New Name" in page


def test_audit_page_query_count_is_constant(app, client, login, count_queries, make_user):
    admin = login(roles=["admin"])
    for _ in range(3):
        _event(app, "user.updated", actor_id=admin.id)
    with count_queries() as few:
        client.get("/admin/audit/")
    for _ in range(30):
        actor = make_user()
        _event(app, "user.updated", actor_id=actor.id)
    with count_queries() as many:
        client.get("/admin/audit/")
    assert many.count == few.count


def test_audit_page_paginates(app, client, login):
    login(roles=["admin"])
    for _ in range(55):
        _event(app, "user.updated")
    assert "1–50 of 56" in client.get("/admin/audit/").get_data(as_text=True)  # 55 + the login


def test_events_record_the_request_address(app, client, login):
    login(roles=["admin"])
    with app.app_context():
        event = db.session.query(AuditEvent).filter_by(action="auth.login").one()
        assert event.ip_address == "127.0.0.1"


def test_the_date_filter_runs_on_the_readers_calendar(app, client, login):
    """A Chicago admin's "to 2 Dec" ends at midnight Chicago time, as the rows read."""
    login(roles=["admin"], time_zone="America/Chicago")
    # 20:00 Chicago on 2 Dec (02:00 UTC on the 3rd); 20:00 Chicago on 1 Dec.
    _event(app, "user.updated", object_id=7, when=datetime(2026, 12, 3, 2, tzinfo=UTC))
    _event(app, "user.deactivated", object_id=8, when=datetime(2026, 12, 2, 2, tzinfo=UTC))

    def rows(**query):
        page = client.get("/admin/audit/", query_string=query).get_data(as_text=True)
        return {a for a in ("user.updated", "user.deactivated") if f"<code>{a}</code>" in page}

    assert rows(until="2026-12-02") == {"user.updated", "user.deactivated"}
    assert rows(since="2026-12-02", until="2026-12-02") == {"user.updated"}
    assert rows(since="2026-12-03") == set()
    assert rows(until="2026-12-01") == {"user.deactivated"}


def test_recorded_moments_read_in_the_readers_zone(app, client, login):
    login(roles=["admin"], time_zone="America/Chicago")
    _event(
        app,
        "interview.scheduled",
        after={"starts_at": "2026-12-02T16:00:00+00:00", "interviewers": ["a@x.test", "b@x.test"]},
    )
    page = client.get("/admin/audit/").get_data(as_text=True)
    assert "Wed 2 Dec 2026, 10:00\N{NO-BREAK SPACE}CST" in page
    assert "2026-12-02T16:00:00+00:00" not in page
    assert "a@x.test, b@x.test" in page
    assert "Interview scheduled" in page


def test_the_admins_home_shows_recent_actions_in_words(app, client, login):
    login(roles=["admin"])
    _event(app, "user.deactivated")
    page = client.get("/").get_data(as_text=True)
    activity = page.split('id="activity-heading"')[1]
    assert "Account deactivated" in activity and "Signed in" in activity
    assert "<td>user.deactivated</td>" not in activity and "<code>" not in activity
