"""The request pipeline: one commit when a view returns, a rollback when it raises, a domain
error shown where the person is, and mail handed over only after the commit."""

from __future__ import annotations

import pytest
from flask import Flask, flash, get_flashed_messages, redirect, render_template_string
from flask_wtf import FlaskForm
from sqlalchemy import event, inspect, select
from sqlalchemy.orm.exc import StaleDataError
from wtforms import StringField

from hiring.auth.models import User
from hiring.db import db
from hiring.domain import Conflict, DomainError, expect_version
from hiring.mail import services as mail
from hiring.mail.models import MessageStatus, OutboxMessage
from hiring.transaction import attempt, in_transaction


class NameForm(FlaskForm):
    name = StringField()


def _route(app: Flask, rule: str, view, methods=("GET", "POST")) -> None:
    """A throwaway endpoint wrapped exactly as the factory wraps every view."""
    app.add_url_rule(rule, rule.strip("/"), in_transaction(view), methods=list(methods))


def _rename(user_id: int, name: str) -> None:
    person = db.session.get(User, user_id)
    assert person is not None
    person.name = name
    db.session.flush()


def _name_of(app: Flask, user_id: int) -> str:
    with app.app_context():
        person = db.session.get(User, user_id)
        assert person is not None
        return person.name


@pytest.fixture
def person(make_user):
    return make_user(name="Before")


def test_a_view_that_returns_is_committed_once(app, client, login, person):
    _route(app, "/t/rename", lambda: (_rename(person.id, "After"), "ok")[1])
    login(person)
    assert client.post("/t/rename").status_code == 200
    assert _name_of(app, person.id) == "After"


def test_a_view_that_raises_after_flushing_leaves_nothing_behind(app, client, login, person):
    def view():
        _rename(person.id, "Half-saved")
        raise RuntimeError("boom")

    _route(app, "/t/boom", view)
    login(person)
    response = client.post("/t/boom")
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)
    assert _name_of(app, person.id) == "Before"


def test_an_unhandled_domain_error_goes_back_with_its_message(app, client, login, person):
    def view():
        _rename(person.id, "Refused")
        raise DomainError("That is not allowed today.")

    _route(app, "/t/refuse", view)
    _route(app, "/t/page", lambda: render_template_string("{% include '_partials/flashes.html' %}"))
    login(person)
    response = client.post("/t/refuse", headers={"Referer": "http://localhost/t/page"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/t/page")
    assert "That is not allowed today." in client.get("/t/page").get_data(as_text=True)
    assert _name_of(app, person.id) == "Before"


def test_a_refusal_to_another_site_referrer_goes_home_instead(app, client, login, person):
    def view():
        raise DomainError("No.")

    _route(app, "/t/refuse", view)
    login(person)
    response = client.post("/t/refuse", headers={"Referer": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_data_clients_get_a_conflict_as_json_409(app, client, login, person):
    def view():
        raise Conflict("Changed meanwhile.", field="name")

    _route(app, "/t/conflict.json", view)
    login(person)
    response = client.post("/t/conflict.json")
    assert response.status_code == 409
    assert response.get_json() == {
        "error": "conflict",
        "message": "Changed meanwhile.",
        "field": "name",
    }


def test_attempt_puts_the_refusal_on_the_field_and_undoes_the_work(app, client, login, person):
    def view():
        form = NameForm()

        def service():
            _rename(person.id, form.name.data)
            raise DomainError("Names need a surname.", field="name")

        if form.validate_on_submit() and attempt(service, form):
            return redirect("/")
        return render_template_string("{{ form.name.errors|join }}", form=form), 400

    _route(app, "/t/form", view)
    login(person)
    response = client.post("/t/form", data={"name": "Cher"})
    assert response.status_code == 400
    assert response.get_data(as_text=True) == "Names need a surname."
    assert _name_of(app, person.id) == "Before"


def test_attempt_without_a_field_puts_the_message_above_the_form(app, person):
    with app.test_request_context(method="POST", data={"name": "x"}):
        form = NameForm()

        def service():
            raise DomainError("Not now.")

        outcome = attempt(service, form)
        assert not outcome and outcome.error is not None
        assert form.form_errors == ["Not now."]
        assert not form.name.errors


def test_attempt_turns_a_stale_row_into_a_conflict(app, person):
    with app.test_request_context(method="POST"):

        def service():
            raise StaleDataError("UPDATE users ... expected to update 1 row; 0 were matched")

        outcome = attempt(service)
        assert isinstance(outcome.error, Conflict)
        flashes = get_flashed_messages()
        assert flashes and "Someone else changed this" in flashes[0]


def test_attempt_turns_a_unique_race_into_a_conflict(app, make_user, person):
    taken = make_user(email="taken@example.test")
    with app.test_request_context(method="POST"):

        def service():
            clash = db.session.get(User, person.id)
            assert clash is not None
            clash.email = taken.email
            db.session.flush()

        outcome = attempt(service)
        assert isinstance(outcome.error, Conflict)


def test_expect_version_refuses_an_outdated_page(app, person):
    with app.app_context():
        current = db.session.get(User, person.id)
        assert current is not None
        expect_version(current, current.version, "unused")
        with pytest.raises(Conflict, match="reload"):
            expect_version(current, current.version - 1, "Changed meanwhile; reload.")


def test_mail_goes_out_only_after_the_commit(app, client, login, person):
    def sends():
        mail.queue("someone@example.test", "Hello", "Body")
        flash("queued")
        return "ok"

    def sends_then_fails():
        mail.queue("nobody@example.test", "Never", "Body")
        raise RuntimeError("rolled back")

    _route(app, "/t/mail", sends)
    _route(app, "/t/mail-fails", sends_then_fails)
    login(person)
    client.post("/t/mail")
    client.post("/t/mail-fails")
    with app.app_context():
        messages = db.session.scalars(select(OutboxMessage)).all()
        assert [(m.to_address, m.status) for m in messages] == [
            ("someone@example.test", MessageStatus.SENT)
        ]


def test_a_conflict_at_commit_takes_back_the_views_success_message(app, client, login, person):
    """The view said "Saved" but the commit lost a race: only the reason it failed is shown."""

    def view():
        _rename(person.id, "Mine")
        flash("Saved Mine.", "success")

        def lose_the_race(_session):
            raise StaleDataError("UPDATE users ... 0 were matched")

        event.listen(db.session(), "before_commit", lose_the_race, once=True)
        return redirect("/t/page")

    _route(app, "/t/save", view)
    _route(app, "/t/page", lambda: render_template_string("{% include '_partials/flashes.html' %}"))
    login(person)
    response = client.post("/t/save", headers={"Referer": "http://localhost/t/page"})
    assert response.status_code == 302
    page = client.get("/t/page").get_data(as_text=True)
    assert "Someone else changed this at the same moment" in page
    assert "Saved Mine." not in page
    assert _name_of(app, person.id) == "Before"


def test_a_page_that_refuses_to_load_says_why_once(app, client, login, person):
    def view():
        raise DomainError("This plan is archived.")

    _route(app, "/t/archived", view, methods=("GET",))
    login(person)
    response = client.get("/t/archived")
    assert response.status_code == 400
    assert response.get_data(as_text=True).count("This plan is archived.") == 1


def test_attempt_refuses_to_follow_an_earlier_write(app, client, login, person):
    """A refusal rolls back the whole request, so an attempt after a write would lose it."""

    def view():
        _rename(person.id, "Written first")
        attempt(lambda: None)
        return "unreachable"

    _route(app, "/t/late-attempt", view)
    login(person)
    assert client.post("/t/late-attempt").status_code == 500
    assert _name_of(app, person.id) == "Before"


def test_the_commit_keeps_what_the_request_loaded_and_only_for_the_request(
    app, client, login, person
):
    """Expiring every loaded object on commit was wasted work once the page is drawn; any
    other session still expires on commit (SQLAlchemy's default)."""
    seen = {}

    def view():
        loaded = db.session.get(User, person.id)
        seen["loaded"] = loaded
        return "ok"

    def after(response):
        if "loaded" not in seen:
            return response
        seen["expired"] = set(inspect(seen["loaded"]).expired_attributes)
        seen["expire_on_commit"] = db.session().expire_on_commit
        return response

    _route(app, "/t/read", view)
    app.after_request(after)
    login(person)
    assert client.get("/t/read").status_code == 200
    assert seen["expired"] == set()
    assert seen["expire_on_commit"] is True
    with app.app_context():
        other = db.session.get(User, person.id)
        db.session.commit()
        assert "name" in inspect(other).expired_attributes
