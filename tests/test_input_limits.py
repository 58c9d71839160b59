"""Input limits at the edge: control characters are refused, with the message beside the field,
on every form's text fields, and in query strings; nothing of them is stored."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict
from wtforms import PasswordField, StringField

import hiring
from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.db import db
from hiring.forms import control_character_problem

NUL_MESSAGE = "Remove the invisible control character (U+0000) at position 6."


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("plain text", None),
        ("tab\tnew line\ncarriage return\r fine", None),
        ("Café – “quotes” ✓ 日本", None),
        ("Hello\x00there", NUL_MESSAGE),
        ("\x1b[31mred", "Remove the invisible control character (U+001B) at position 1."),
        ("DEL\x7f", "Remove the invisible control character (U+007F) at position 4."),
        (
            "C1\x85x\x9f",
            "Remove the invisible control character (U+0085) at position 3 (and 1 more like it).",
        ),
        ("a\x0bb", "Remove the invisible control character (U+000B) at position 2."),
    ],
)
def test_which_characters_are_refused_and_how_it_is_said(text, problem):
    assert control_character_problem(text) == problem


def _every_form_class() -> list[type[FlaskForm]]:
    for module in pkgutil.walk_packages(hiring.__path__, "hiring."):
        importlib.import_module(module.name)
    found: list[type[FlaskForm]] = []
    pending = list(FlaskForm.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("hiring."):
            found.append(cls)
    return sorted(set(found), key=lambda c: (c.__module__, c.__qualname__))


def test_every_text_field_of_every_form_refuses_control_characters(app):
    """Walks every form class in the app: each text field (passwords aside) refuses a NUL and
    says so on the field, however the form itself was written."""
    checked = 0
    with app.test_request_context(method="POST"):
        for cls in _every_form_class():
            probe = cls(formdata=None, meta={"csrf": False})
            texts = [
                name
                for name, field in probe._fields.items()
                if isinstance(field, StringField) and not isinstance(field, PasswordField)
            ]
            data = MultiDict(dict.fromkeys(texts, "Hello\x00there"))
            form = cls(formdata=data, meta={"csrf": False})
            for name in texts:
                field = form._fields[name]
                field.validate(form)
                assert NUL_MESSAGE in field.errors, (cls.__qualname__, name, field.errors)
                checked += 1
    assert checked >= 80  # 112 text fields when this was written


def test_a_candidate_with_a_nul_in_the_name_is_refused_beside_the_field(app, client, login):
    login(roles=["recruiter"])
    response = client.post(
        "/candidates/new",
        data={"name": "Jorda\x00n Lee", "email": "jordan@example.com", "source": "Referral"},
    )
    assert response.status_code in (200, 400)
    page = response.get_data(as_text=True)
    assert NUL_MESSAGE in page
    assert page.index('name="name"') < page.index(NUL_MESSAGE)  # beside its field
    with app.app_context():
        assert db.session.scalar(select(func.count(Candidate.id))) == 0


def test_an_invitation_with_an_escape_in_the_title_is_refused(app, client, login):
    login(roles=["admin"])
    response = client.post(
        "/admin/users/invite",
        data={
            "email": "noah@example.com",
            "name": "Noah Kim",
            "title": "Account\x1b Executive",
            "roles": ["new_hire"],
            "manager_id": "0",
        },
    )
    page = response.get_data(as_text=True)
    assert "Remove the invisible control character (U+001B) at position 8." in page
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "noah@example.com")) is None


def test_sign_in_with_a_nul_in_the_email_is_refused_not_a_server_error(client):
    response = client.post("/login", data={"email": "a\x00@example.com", "password": "whatever"})
    assert response.status_code == 200
    assert "Remove the invisible control character (U+0000) at position 2." in response.get_data(
        as_text=True
    )


def test_a_scorecard_autosave_with_a_control_character_says_which_field(
    app, client, login, make_user, schedule
):
    jamie = make_user(roles=["interviewer"])
    interview = schedule([jamie])
    login(jamie)
    page = client.get(f"/interviews/{interview.id}/scorecard").get_data(as_text=True)
    version = re.search(r'name="version"[^>]*value="(\d+)"', page) or re.search(
        r'value="(\d+)"[^>]*name="version"', page
    )
    evidence = re.search(r'name="(evidence-\d+)"', page)
    assert version and evidence
    response = client.post(
        f"/interviews/{interview.id}/scorecard/autosave",
        data={"version": version.group(1), evidence.group(1): "Mapped\x00 three"},
    )
    assert response.status_code == 400
    assert response.json["field"] == evidence.group(1)
    assert (
        response.json["message"] == "Remove the invisible control character (U+0000) at position 7."
    )


@pytest.mark.parametrize(
    "path",
    ["/admin/users/?q=a%00b", "/candidates/?q=%00", "/positions/?q=x%1B", "/admin/outbox/?to=%7F"],
)
def test_a_search_with_a_control_character_is_refused_with_the_reason(client, login, path):
    login(roles=["admin"])
    response = client.get(path)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Remove the invisible control character (U+" in page
    assert "The address has a problem in “" in page


def test_a_path_with_a_control_character_is_not_found(client, login):
    login(roles=["admin"])
    assert client.get("/calendar/abc%00def.ics").status_code == 404
    assert client.get("/set-password/abc%00def").status_code == 404
