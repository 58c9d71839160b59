"""Command-line tasks: demo data, creating users, sending mail, migrations."""

from __future__ import annotations

from sqlalchemy import func, select

from hiring.auth.models import Role, User
from hiring.db import db


def test_seed_demo_is_idempotent_and_prints_the_logins(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    for email in (
        "admin@example.com",
        "recruiter@example.com",
        "manager@example.com",
        "interviewer@example.com",
        "newhire@example.com",
        "lena.park@example.com",
    ):
        assert email in first.output
    assert "password: demo" in first.output
    with app.app_context():
        count = db.session.scalar(select(func.count(User.id)))
    second = runner.invoke(args=["seed-demo"])
    assert "(0 new records)" in second.output
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == count
        newhire = db.session.scalar(select(User).where(User.email == "newhire@example.com"))
        assert newhire.roles == {Role.NEW_HIRE}
        assert newhire.manager.email == "manager@example.com"
        manager = newhire.manager
        assert manager.roles == {Role.HIRING_MANAGER, Role.INTERVIEWER}


def test_demo_logins_work_with_the_published_password(app, client):
    app.test_cli_runner().invoke(args=["seed-demo"])
    for email in ("admin@example.com", "newhire@example.com"):
        assert client.post("/login", data={"email": email, "password": "demo"}).status_code == 302
        client.post("/logout")


def test_seed_demo_if_empty_leaves_a_real_database_alone(app, make_user):
    make_user(email="real.person@company.test")
    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])
    assert "demo data not loaded" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 1


def test_users_create(app, client):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "Boss@Company.test",
            "--name",
            "Big Boss",
            "--role",
            "admin",
            "--role",
            "hiring_manager",
            "--password",
            "a long enough pw",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Created boss@company.test (Admin, Hiring manager)." in result.output
    assert (
        client.post(
            "/login", data={"email": "boss@company.test", "password": "a long enough pw"}
        ).status_code
        == 302
    )
    duplicate = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "boss@company.test",
            "--name",
            "X",
            "--role",
            "admin",
            "--password",
            "a long enough pw",
        ]
    )
    assert duplicate.exit_code == 1
    assert "boss@company.test already has an account." in duplicate.output
    weak = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "w@company.test",
            "--name",
            "W",
            "--role",
            "admin",
            "--password",
            "short",
        ]
    )
    assert weak.exit_code == 1 and "Use at least 10 characters." in weak.output


def test_users_create_rejects_unknown_roles_and_managers(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "a@b.test",
            "--name",
            "A",
            "--role",
            "king",
            "--password",
            "x" * 12,
        ]
    )
    assert result.exit_code == 2 and "'king' is not one of" in result.output
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "a@b.test",
            "--name",
            "A",
            "--role",
            "admin",
            "--manager",
            "ghost@b.test",
            "--password",
            "x" * 12,
        ]
    )
    assert result.exit_code == 2 and "no user with e-mail ghost@b.test" in result.output


def test_mail_send(app):
    from hiring.mail import services

    with app.app_context():
        services.queue("a@b.test", "Subject", "Body")
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert "Sent 1 message." in result.output
