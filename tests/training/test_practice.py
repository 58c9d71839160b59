"""Practice as an interviewer meets it: the course first, an answer rated on the scorecard's
anchors before the reference shows, the reference with its evidence, and results kept."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hiring.auth.models import Role
from hiring.db import db
from hiring.training.models import PracticeAttempt, PracticeRating, PracticeResult
from tests import builders

Login = Callable[..., builders.UserRef]


@pytest.fixture
def answers(app: Flask, loaded_library: object) -> list[int]:
    """Three answers to the test library's discovery question, rated 2, 3 and 4."""
    with app.app_context():
        return builders.reference_answers("discovery", [2, 3, 4])


@pytest.fixture
def trainee(login: Login) -> builders.UserRef:
    return login(roles=[Role.INTERVIEWER], name="Tess Trainee")


def _start(client: FlaskClient) -> None:
    page = client.get("/training/practice/discovery")
    assert page.status_code == 200
    response = client.post("/training/practice/discovery/start")
    assert response.status_code == 302


def _rate(client: FlaskClient, rating: str, evidence: str = "") -> tuple[int, str]:
    page = client.get("/training/practice/discovery")
    answer_id = page.text.split('name="answer_id" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/training/practice/discovery",
        data={
            "answer_id": answer_id,
            "rating": rating,
            "evidence": evidence,
        },
    )
    return response.status_code, response.headers.get("Location", "") or response.text


def test_practice_waits_for_the_course(
    client: FlaskClient, trainee: builders.UserRef, answers: list[int]
) -> None:
    response = client.get("/training/practice/discovery")
    assert response.status_code == 302
    assert "/training/course/" in response.headers["Location"]
    page = client.get("/training/")
    assert "Start the course" in page.text and "Discovery" in page.text


def test_an_answer_is_rated_before_the_reference_shows(
    app: Flask, client: FlaskClient, trainee: builders.UserRef, answers: list[int]
) -> None:
    with app.app_context():
        builders.course_read(trainee)
    _start(client)
    page = client.get("/training/practice/discovery")
    assert builders.PRACTICE_ANSWER[:60] in page.text
    assert "Answer 1 of 3" in page.text
    # The rating block of the real scorecard, and nothing of the reference yet.
    assert "Rate the highest level whose core behaviour you fully heard." in page.text
    assert "Not assessed" in page.text and "Meets the level" not in page.text
    assert "<mark>" not in page.text

    status, location = _rate(client, "3", "")
    assert status == 400 and "Write the evidence for your rating" in location
    status, location = _rate(client, "7", "something")
    assert status == 400 and "Choose the level you heard, or Not assessed." in location

    status, location = _rate(
        client, "3", "Asked the operations lead what a missed delivery cost, sixty a month"
    )
    assert status == 302 and "shown=" in location
    reveal = client.get(location)
    assert "Reference rating" in reveal.text and "Meets the level" in reveal.text
    assert f"<mark>{builders.PRACTICE_EVIDENCE}</mark>" in reveal.text
    assert "In your evidence" in reveal.text
    assert "Next answer" in reveal.text


def test_three_answers_within_one_level_pass_and_results_are_kept(
    app: Flask, client: FlaskClient, trainee: builders.UserRef, answers: list[int]
) -> None:
    with app.app_context():
        builders.course_read(trainee)
    _start(client)
    for _ in range(3):
        status, _location = _rate(client, "3", "They asked what a missed delivery cost them")
        assert status == 302
    summary = client.get("/training/practice/discovery")
    assert "3 of 3 within one level of the reference" in summary.text
    assert "Practise again" in summary.text
    with app.app_context():
        result = db.session.scalars(select(PracticeResult)).one()
        assert (result.answers, result.within_one, result.passed) == (3, 3, True)
        assert db.session.scalars(select(PracticeAttempt)).one().finished_at is not None
    home = client.get("/training/")
    # Ratings 3, 3, 3 against 2, 3, 4: accuracy 0.67, bias 0, spread 0.82.
    assert "0.67" in home.text and "+0.00" in home.text and "0.82" in home.text
    assert "Practised" in home.text


def test_not_assessed_is_a_miss_and_two_misses_fail_the_set(
    app: Flask, client: FlaskClient, trainee: builders.UserRef, answers: list[int]
) -> None:
    with app.app_context():
        builders.course_read(trainee)
    _start(client)
    _rate(client, "na")
    _rate(client, "na")
    _rate(client, "3", "They asked what a missed delivery cost them")
    with app.app_context():
        result = db.session.scalars(select(PracticeResult)).one()
        assert (result.within_one, result.passed) == (1, False)
    assert "Not yet" in client.get("/training/practice/discovery").text


def _olive_practises(
    app: Flask,
    client: FlaskClient,
    login: Login,
    make_user: Callable[..., builders.UserRef],
    ratings: list[str],
) -> None:
    """Another interviewer, Olive, rates discovery answers with a note of her own."""
    olive = make_user(roles=[Role.INTERVIEWER], name="Olive Other")
    with app.app_context():
        builders.course_read(olive)
    login(olive)
    _start(client)
    for rating in ratings:
        _rate(client, rating, "Olive's private note about the buyer")


def test_an_interviewer_never_sees_anothers_practice(
    app: Flask,
    client: FlaskClient,
    login: Login,
    make_user: Callable[..., builders.UserRef],
    answers: list[int],
) -> None:
    _olive_practises(app, client, login, make_user, ["1"])
    with app.app_context():
        rated = db.session.scalars(select(PracticeRating)).one()
    me = builders.switch_to(client, make_user(roles=[Role.INTERVIEWER], name="Tess Trainee"))
    with app.app_context():
        builders.course_read(me)
    response = client.get(f"/training/practice/discovery?shown={rated.reference_answer_id}")
    assert response.status_code == 404
    assert "Olive's private note" not in client.get("/training/").text


def test_hiring_managers_see_stages_not_practice_answers(
    app: Flask,
    client: FlaskClient,
    login: Login,
    make_user: Callable[..., builders.UserRef],
    answers: list[int],
) -> None:
    _olive_practises(app, client, login, make_user, ["3", "3", "3"])
    builders.switch_to(client, make_user(roles=[Role.HIRING_MANAGER], name="Hana Manager"))
    page = client.get("/training/qualifications")
    assert page.status_code == 200
    assert "Olive Other" in page.text and "Practised" in page.text
    assert "Olive's private note" not in page.text
    assert "How long a qualification lasts" not in page.text  # admins only
    builders.switch_to(client, make_user(roles=[Role.INTERVIEWER]))
    assert client.get("/training/qualifications").status_code == 403


def test_new_hires_do_not_train(client: FlaskClient, login: Login) -> None:
    login(roles=[Role.NEW_HIRE])
    assert client.get("/training/").status_code == 403
