"""The shared permission helpers: 404 before 403, role decorators, object predicates."""

from __future__ import annotations

import pytest
from flask_login import login_user
from werkzeug.exceptions import Forbidden, NotFound

from hiring.auth.models import Role, User
from hiring.db import db
from hiring.permissions import load_or_404, required_roles
from hiring.users import permissions as user_permissions


def test_load_or_404_gives_404_for_missing_objects_before_checking_permission(app, make_user):
    viewer = make_user(roles=["interviewer"])
    other = make_user(roles=["interviewer"])
    with app.test_request_context():
        login_user(db.session.get(User, viewer.id))
        with pytest.raises(NotFound):
            load_or_404(User, 99999, lambda *_: pytest.fail("predicate called for a missing row"))
        with pytest.raises(Forbidden):
            load_or_404(User, other.id, user_permissions.can_administer)
        assert load_or_404(User, other.id, lambda me, them: them.id != me.id).id == other.id


def test_user_predicates(app, make_user):
    admin_ref = make_user(roles=["admin"])
    person_ref = make_user(roles=["interviewer"])
    with app.app_context():
        admin, person = db.session.get(User, admin_ref.id), db.session.get(User, person_ref.id)
        assert user_permissions.can_administer(admin, person)
        assert not user_permissions.can_administer(person, admin)
        assert user_permissions.can_deactivate(admin, person)
        assert not user_permissions.can_deactivate(admin, admin)
        assert not user_permissions.can_reactivate(admin, person)
        person.active = False
        assert user_permissions.can_reactivate(admin, person)
        assert not user_permissions.can_deactivate(admin, person)


def test_views_declare_their_roles(app):
    assert required_roles(app, "users.index") == {Role.ADMIN}
    assert required_roles(app, "home.index") is None


def test_home_query_count_does_not_grow_with_team_or_audit_size(
    client, login, make_user, count_queries
):
    boss = login(roles=["admin", "hiring_manager"])
    for _ in range(2):
        make_user(manager_id=boss.id, roles=["interviewer", "new_hire"])
    with count_queries() as few:
        client.get("/")
    for _ in range(15):
        make_user(manager_id=boss.id, roles=["interviewer", "new_hire"], password=None)
    with count_queries() as many:
        assert client.get("/").status_code == 200
    assert many.count == few.count, many
