"""The qualifications page's actions: who may sign whom off (never themselves, never before
shadowing, never a deactivated account), the lapse period (admins), and odd input answered
with 4xx, never a 500; a practice run the library changed under is never stuck."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from hiring.auth.models import Role, User
from hiring.db import db
from hiring.library.models import Question
from hiring.training.models import (
    PracticeAttempt,
    QualificationSignoff,
    QualificationStage,
    TrainingPolicy,
)
from hiring.training.qualification import qualifications
from tests import builders

Make = Callable[..., builders.UserRef]


@pytest.fixture
def shadowed_trainee(app: Flask, make_user: Make, panel: builders.Panel) -> builders.UserRef:
    """An interviewer who passed discovery practice and sat in as a shadow."""
    trainee = make_user(roles=[Role.INTERVIEWER], name="Tess Trainee")
    with app.app_context():
        builders.practice_passed(trainee, "discovery")
        builders.shadowed(trainee, "discovery", panel.interview)
    return trainee


def _sign_off(client: FlaskClient, user_id: object, key: str = "discovery") -> int:
    response = client.post(
        "/training/qualifications/sign-off", data={"user_id": user_id, "competency_key": key}
    )
    return response.status_code


def _signoffs(app: Flask) -> int:
    with app.app_context():
        return len(db.session.scalars(select(QualificationSignoff)).all())


def test_a_hiring_manager_qualifies_a_shadowed_interviewer(
    app: Flask, client: FlaskClient, make_user: Make, shadowed_trainee: builders.UserRef
) -> None:
    builders.switch_to(client, make_user(roles=[Role.HIRING_MANAGER]))
    page = client.get("/training/qualifications")
    assert f'Qualify<span class="visually-hidden"> {shadowed_trainee.name}' in page.text
    assert _sign_off(client, shadowed_trainee.id) == 302
    with app.app_context():
        found = qualifications([shadowed_trainee.id], ["discovery"])
        assert found[(shadowed_trainee.id, "discovery")].stage == QualificationStage.QUALIFIED
    # Twice is refused with a message, not a second row.
    assert _sign_off(client, shadowed_trainee.id) == 302
    assert _signoffs(app) == 1


def test_nobody_signs_themselves_off_and_interviewers_sign_nobody_off(
    app: Flask, client: FlaskClient, make_user: Make, panel: builders.Panel
) -> None:
    manager = make_user(roles=[Role.HIRING_MANAGER, Role.INTERVIEWER])
    with app.app_context():
        builders.practice_passed(manager, "discovery")
        builders.shadowed(manager, "discovery", panel.interview)
    builders.switch_to(client, manager)
    assert _sign_off(client, manager.id) == 403
    builders.switch_to(client, make_user(roles=[Role.INTERVIEWER]))
    assert _sign_off(client, manager.id) == 403
    assert _signoffs(app) == 0


def test_sign_off_waits_for_shadowing_and_refuses_deactivated_and_unknown(
    app: Flask, client: FlaskClient, make_user: Make, shadowed_trainee: builders.UserRef
) -> None:
    builders.switch_to(client, make_user(roles=[Role.ADMIN]))
    practised_only = make_user(roles=[Role.INTERVIEWER])
    with app.app_context():
        builders.practice_passed(practised_only, "discovery")
    assert _sign_off(client, practised_only.id) == 302
    assert (
        "practised: an interviewer is qualified after"
        in client.get("/training/qualifications").text
    )
    assert _sign_off(client, shadowed_trainee.id, key="no_such_competency") == 302
    with app.app_context():
        db.session.execute(update(User).where(User.id == shadowed_trainee.id).values(active=False))
        db.session.commit()
    assert _sign_off(client, shadowed_trainee.id) == 302
    assert _signoffs(app) == 0
    for odd in ("abc", "1.5", "99999999999999999999999", ""):
        assert _sign_off(client, odd) in (400, 404)


def test_only_admins_set_the_lapse_period(app: Flask, client: FlaskClient, make_user: Make) -> None:
    builders.switch_to(client, make_user(roles=[Role.HIRING_MANAGER]))
    assert (
        client.post("/training/qualifications/policy", data={"lapse_months": "6"}).status_code
        == 403
    )
    builders.switch_to(client, make_user(roles=[Role.ADMIN]))
    refused = client.post("/training/qualifications/policy", data={"lapse_months": "0"})
    assert refused.status_code == 302
    assert "Between 1 and 60 months." in client.get("/training/qualifications").text
    assert (
        client.post("/training/qualifications/policy", data={"lapse_months": "6"}).status_code
        == 302
    )
    with app.app_context():
        assert db.session.scalars(select(TrainingPolicy.lapse_months)).one() == 6
    assert "Qualifications now last 6 months." in client.get("/training/qualifications").text


def test_odd_practice_input_is_a_404_not_a_500(
    app: Flask, client: FlaskClient, login: Callable[..., builders.UserRef], loaded_library: object
) -> None:
    with app.app_context():
        builders.reference_answers("discovery", [2, 3, 4])
    trainee = login(roles=[Role.INTERVIEWER])
    with app.app_context():
        builders.course_read(trainee)
    assert client.get("/training/practice/no_such_set").status_code == 404
    client.post("/training/practice/discovery/start")
    for odd in ("abc", "99999999999999999999999", ""):
        posted = client.post("/training/practice/discovery", data={"answer_id": odd, "rating": "3"})
        assert posted.status_code == 404
    shown = client.get("/training/practice/discovery?shown=99999999999999999999999")
    assert shown.status_code == 200  # the big number is ignored: the next answer shows
    assert client.get("/training/practice/discovery?shown=424242").status_code == 404


def test_a_question_leaving_the_library_mid_run_never_strands_the_run(
    app: Flask, client: FlaskClient, login: Callable[..., builders.UserRef], loaded_library: object
) -> None:
    with app.app_context():
        builders.reference_answers("discovery", [2, 3, 4])
        builders.reference_answers("discovery", [4], question_key="q2")
    trainee = login(roles=[Role.INTERVIEWER])
    with app.app_context():
        builders.course_read(trainee)
    client.post("/training/practice/discovery/start")
    with app.app_context():
        assert len(db.session.scalars(select(PracticeAttempt)).one().answer_ids) == 4
        db.session.execute(
            update(Question)
            .where(Question.competency_key == "discovery", Question.key == "q2")
            .values(current=False)
        )
        db.session.commit()
    for number in (1, 2, 3):
        page = client.get("/training/practice/discovery")
        assert f"Answer {number} of 3" in page.text
        answer_id = page.text.split('name="answer_id" type="hidden" value="')[1].split('"')[0]
        client.post(
            "/training/practice/discovery",
            data={"answer_id": answer_id, "rating": "3", "evidence": "A missed delivery cost"},
        )
    with app.app_context():
        run = db.session.scalars(select(PracticeAttempt)).one()
        # The answer to the retired question is skipped: three rated, the run finished.
        assert run.finished_at is not None and len(run.ratings) == 3
    assert (
        "3 of 3 within one level of the reference"
        in client.get("/training/practice/discovery").text
    )
