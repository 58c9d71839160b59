"""Admins invite people, edit their roles and manager, and deactivate them."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.auth.models import Role, User
from hiring.db import db
from hiring.mail.models import MessageStatus, OutboxMessage


@pytest.fixture
def admin(login):
    return login(roles=["admin"], name="Avery Chen")


def _invite(client, **overrides):
    data = {
        "email": "Noah.Kim@Example.com",
        "name": "Noah Kim",
        "title": "AE",
        "roles": ["new_hire"],
        "manager_id": "0",
    }
    data.update(overrides)
    return client.post("/admin/users/invite", data=data)


def test_invite_creates_account_and_mails_a_working_link(app, client, admin, make_user):
    manager = make_user(roles=["hiring_manager"], name="Morgan Patel")
    response = _invite(client, manager_id=str(manager.id))
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "noah.kim@example.com"))
        assert user is not None and user.password_hash is None
        assert user.roles == {Role.NEW_HIRE} and user.manager_id == manager.id
        message = db.session.scalar(select(OutboxMessage))
        assert message.to_address == "noah.kim@example.com"
        assert message.subject == "Avery Chen invited you to Hiring & Onboarding"
        assert message.status == MessageStatus.SENT and message.transport == "log"
        link = re.search(r"http://localhost(/set-password/\S+)", message.body_text).group(1)
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.created"))
        assert event.actor_id == admin.id and event.after["roles"] == ["new_hire"]
    invitee = app.test_client()
    response = invitee.post(
        link, data={"password": "welcome aboard now", "confirm": "welcome aboard now"}
    )
    assert response.status_code == 302
    # The first page asks for their time zone once, then the app opens where they were going.
    assert invitee.get("/").headers["Location"] == "/account/time-zone?next=/"
    invitee.post("/account/time-zone", data={"time_zone": "America/Chicago", "next": "/"})
    assert "Hello, Noah" in invitee.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "not-an-email"}, "Enter a valid e-mail address"),
        ({"email": ""}, "Enter an e-mail address."),
        ({"name": ""}, "Enter the person&#39;s name."),
        ({"roles": []}, "Choose at least one role."),
        ({"roles": ["emperor"]}, "not a valid choice"),
        ({"manager_id": "99999"}, "Not a valid choice"),
    ],
)
def test_invite_validation_names_the_problem(client, admin, overrides, message):
    response = _invite(client, **overrides)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)


def test_duplicate_email_is_detected_case_insensitively(app, client, admin, make_user):
    make_user(email="noah.kim@example.com")
    response = _invite(client, email="NOAH.KIM@example.com")
    assert "noah.kim@example.com already has an account." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(db.func.count(User.id))) == 2


def _edit_form(client, user_id):
    page = client.get(f"/admin/users/{user_id}").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    return {
        "name": "Jamie Ortiz",
        "title": "Senior AE",
        "roles": ["interviewer"],
        "manager_id": "0",
        "version": version,
    }


def test_edit_changes_roles_and_manager_and_audits_before_and_after(app, client, admin, make_user):
    person = make_user(roles=["interviewer"], name="Jamie Ortiz")
    boss = make_user(roles=["hiring_manager"], name="Morgan Patel")
    form = _edit_form(client, person.id) | {
        "roles": ["interviewer", "hiring_manager"],
        "manager_id": str(boss.id),
    }
    response = client.post(f"/admin/users/{person.id}", data=form)
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, person.id)
        assert user.roles == {Role.INTERVIEWER, Role.HIRING_MANAGER}
        assert user.manager_id == boss.id
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.updated"))
        assert event.before["roles"] == ["interviewer"]
        assert event.after["roles"] == ["hiring_manager", "interviewer"]
        assert event.after["manager"] == boss.email


def test_stale_edit_gets_a_conflict_page_and_overwrites_nothing(app, client, admin, make_user):
    person = make_user(roles=["interviewer"], name="Jamie Ortiz")
    stale = _edit_form(client, person.id)
    first = _edit_form(client, person.id) | {"title": "Team Lead"}
    assert client.post(f"/admin/users/{person.id}", data=first).status_code == 302
    response = client.post(f"/admin/users/{person.id}", data=stale | {"title": "Overwritten?"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Not saved: someone else changed this user" in page
    assert "Overwritten?" in page  # what the person typed is shown, not lost
    assert 'value="Team Lead"' in page  # the form now holds the saved values
    with app.app_context():
        assert db.session.get(User, person.id).title == "Team Lead"


def test_role_only_changes_also_move_the_version(app, client, admin, make_user):
    person = make_user(roles=["interviewer"])
    stale = _edit_form(client, person.id)
    client.post(f"/admin/users/{person.id}", data=stale | {"roles": ["interviewer", "recruiter"]})
    response = client.post(f"/admin/users/{person.id}", data=stale | {"roles": ["admin"]})
    assert response.status_code == 409
    with app.app_context():
        assert db.session.get(User, person.id).roles == {Role.INTERVIEWER, Role.RECRUITER}


def test_manager_cycles_are_refused(client, admin, make_user):
    boss = make_user(roles=["hiring_manager"], name="Dana Boss")
    report = make_user(roles=["interviewer"], name="Sam Report", manager_id=boss.id)
    form = _edit_form(client, boss.id) | {
        "name": "Dana Boss",
        "roles": ["hiring_manager"],
        "manager_id": str(report.id),
    }
    response = client.post(f"/admin/users/{boss.id}", data=form)
    assert "Sam Report reports to Dana Boss, so cannot be their manager." in response.get_data(
        as_text=True
    )


def test_the_last_admin_keeps_the_admin_role(client, admin):
    form = _edit_form(client, admin.id) | {"name": "Avery Chen", "roles": ["recruiter"]}
    response = client.post(f"/admin/users/{admin.id}", data=form)
    assert "You cannot remove the admin role from the last active admin." in response.get_data(
        as_text=True
    )


def test_deactivate_signs_the_person_out_and_keeps_the_account(app, client, admin, make_user):
    person = make_user(roles=["interviewer"])
    their_client = app.test_client()
    their_client.post("/login", data={"email": person.email, "password": person.password})
    assert their_client.get("/").status_code == 200
    response = client.post(f"/admin/users/{person.id}/deactivate", follow_redirects=True)
    assert "is deactivated and signed out everywhere." in response.get_data(as_text=True)
    assert their_client.get("/").status_code == 302
    with app.app_context():
        user = db.session.get(User, person.id)
        assert user is not None and not user.active and user.deactivated_at is not None
    client.post(f"/admin/users/{person.id}/reactivate")
    with app.app_context():
        assert db.session.get(User, person.id).active


def test_admins_cannot_deactivate_themselves(client, admin):
    response = client.post(f"/admin/users/{admin.id}/deactivate", follow_redirects=True)
    assert "You cannot deactivate your own account." in response.get_data(as_text=True)


def test_send_link_sends_a_reset_to_people_with_a_password(app, client, admin, make_user):
    person = make_user()
    client.post(f"/admin/users/{person.id}/send-link")
    with app.app_context():
        message = db.session.scalar(select(OutboxMessage))
        assert message.subject == "Set a new password for Hiring & Onboarding"
        assert "expires in 1 day" in message.body_text


def test_user_list_filters_and_searches(client, admin, make_user):
    make_user(roles=["recruiter"], name="Riley Brooks")
    make_user(roles=["interviewer"], name="Jamie Ortiz", active=False)
    make_user(roles=["interviewer"], name="Invited Person", password=None)
    page = client.get("/admin/users/?role=recruiter").get_data(as_text=True)
    assert "Riley Brooks" in page and "Jamie Ortiz" not in page
    page = client.get("/admin/users/?status=deactivated").get_data(as_text=True)
    assert "Jamie Ortiz" in page and "Riley Brooks" not in page
    page = client.get("/admin/users/?status=invited").get_data(as_text=True)
    assert "Invited Person" in page and "Jamie Ortiz" not in page
    page = client.get("/admin/users/?q=RILEY").get_data(as_text=True)
    assert "Riley Brooks" in page and "Invited Person" not in page
    page = client.get("/admin/users/?q=zzz").get_data(as_text=True)
    assert "No users match these filters" in page


def test_user_list_paginates(client, admin, make_user):
    for i in range(30):
        make_user(name=f"Person {i:02d}")
    first = client.get("/admin/users/").get_data(as_text=True)
    assert "1–25 of 31" in first and 'rel="next"' in first
    second = client.get("/admin/users/?page=2").get_data(as_text=True)
    assert "26–31 of 31" in second


def test_user_list_query_count_does_not_grow_with_rows(client, admin, make_user, count_queries):
    boss = make_user(roles=["hiring_manager"])
    for _ in range(3):
        make_user(roles=["interviewer", "recruiter"], manager_id=boss.id)
    with count_queries() as few:
        client.get("/admin/users/")
    for _ in range(20):
        make_user(roles=["interviewer", "recruiter"], manager_id=boss.id)
    with count_queries() as many:
        assert client.get("/admin/users/").status_code == 200
    assert many.count == few.count, many


def test_user_names_are_escaped(client, admin, make_user):
    make_user(name='<script>alert("x")</script>')
    page = client.get("/admin/users/").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_a_save_that_loses_the_race_names_the_person_and_keeps_the_entries(
    app, client, login, make_user
):
    """Another admin's save lands between the version check and the write."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session
    from sqlalchemy.orm.exc import StaleDataError

    login(roles=["admin"])
    person = make_user(name="Rita Race", roles=["interviewer"])
    with app.app_context():
        version = db.session.get(User, person.id).version

    def lose(_session, _context, _instances):
        raise StaleDataError("UPDATE users ... 0 were matched")

    event.listen(Session, "before_flush", lose, once=True)
    try:
        response = client.post(
            f"/admin/users/{person.id}",
            data={
                "name": "Rita Renamed",
                "roles": ["interviewer"],
                "manager_id": 0,
                "version": version,
            },
        )
    finally:
        if event.contains(Session, "before_flush", lose):
            event.remove(Session, "before_flush", lose)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Rita Race was changed by someone else while you were editing." in page
    assert "Rita Renamed" in page  # what they typed is listed beside the saved record
    with app.app_context():
        assert db.session.get(User, person.id).name == "Rita Race"
