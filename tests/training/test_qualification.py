"""The qualification rules: the pass threshold, the stages in order, sign-off only after
shadowing, and the lapse period (and its refresh by a passed practice set)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from freezegun import freeze_time

from hiring.auth.models import Role, User
from hiring.db import db, utcnow
from hiring.domain import DomainError
from hiring.training import practice, services
from hiring.training.models import QualificationStage, TrainingPolicy
from hiring.training.qualification import months_before, qualifications, unqualified
from tests import builders


@pytest.mark.parametrize(
    ("answers", "within", "passed"),
    [(3, 3, True), (3, 2, False), (5, 4, True), (5, 3, False), (10, 8, True), (2, 2, False)],
)
def test_a_set_passes_within_one_level_on_at_least_80_percent_of_three_or_more(
    answers: int, within: int, passed: bool
) -> None:
    assert practice.passes(answers, within) is passed


def test_months_before_keeps_the_day_or_takes_the_months_last() -> None:
    assert months_before(datetime(2026, 3, 31, 9, tzinfo=UTC), 1) == datetime(
        2026, 2, 28, 9, tzinfo=UTC
    )
    assert months_before(datetime(2026, 11, 30, tzinfo=UTC), 12) == datetime(
        2025, 11, 30, tzinfo=UTC
    )
    assert months_before(datetime(2026, 1, 15, tzinfo=UTC), 13) == datetime(
        2024, 12, 15, tzinfo=UTC
    )


@pytest.fixture
def trainee(app: Flask, make_user: Callable[..., builders.UserRef]) -> builders.UserRef:
    return make_user(roles=[Role.INTERVIEWER], name="Tess Trainee")


@pytest.fixture
def admin(make_user: Callable[..., builders.UserRef]) -> builders.UserRef:
    return make_user(roles=[Role.ADMIN], name="Ada Admin")


def _stage(app: Flask, person: builders.UserRef, key: str = "discovery") -> QualificationStage:
    with app.app_context():
        return qualifications([person.id], [key])[(person.id, key)].stage


def test_the_stages_run_in_training_practised_shadowed_qualified(
    app: Flask,
    trainee: builders.UserRef,
    admin: builders.UserRef,
    panel: builders.Panel,
) -> None:
    assert _stage(app, trainee) == QualificationStage.IN_TRAINING
    with app.app_context():
        builders.practice_passed(trainee, "discovery", passed=False)
    assert _stage(app, trainee) == QualificationStage.IN_TRAINING
    with app.app_context():
        builders.practice_passed(trainee, "discovery")
    assert _stage(app, trainee) == QualificationStage.PRACTISED
    with app.app_context():
        builders.shadowed(trainee, "discovery", panel.interview)
    assert _stage(app, trainee) == QualificationStage.SHADOWED
    # Shadowing one competency says nothing of another.
    assert _stage(app, trainee, "closing") == QualificationStage.IN_TRAINING
    with app.app_context():
        services.sign_off(
            db.session.get(User, trainee.id), "discovery", actor=db.session.get(User, admin.id)
        )
        db.session.commit()
    assert _stage(app, trainee) == QualificationStage.QUALIFIED
    with app.app_context():
        assert unqualified([trainee.id], ["discovery", "closing"]) == {trainee.id: ["closing"]}


def test_sign_off_is_refused_before_practice_and_shadowing(
    app: Flask, trainee: builders.UserRef, admin: builders.UserRef, loaded_library: object
) -> None:
    with app.app_context():
        builders.practice_passed(trainee, "discovery")
        with pytest.raises(DomainError, match="practised: an interviewer is qualified after"):
            services.sign_off(
                db.session.get(User, trainee.id),
                "discovery",
                actor=db.session.get(User, admin.id),
            )


def test_a_qualification_lapses_after_the_period_unless_a_practice_set_refreshes_it(
    app: Flask, trainee: builders.UserRef, admin: builders.UserRef, panel: builders.Panel
) -> None:
    now = utcnow()
    with app.app_context():
        builders.practice_passed(trainee, "discovery", at=now - timedelta(days=400))
        builders.shadowed(trainee, "discovery", panel.interview, at=now - timedelta(days=399))
        builders.qualify(trainee, "discovery", by=admin, at=now - timedelta(days=398))
        found = qualifications([trainee.id], ["discovery"])[(trainee.id, "discovery")]
    # Thirteen months on, the default twelve-month period has run out.
    assert found.stage == QualificationStage.IN_TRAINING and found.lapsed
    with app.app_context():
        builders.practice_passed(trainee, "discovery", at=now - timedelta(days=2))
        found = qualifications([trainee.id], ["discovery"])[(trainee.id, "discovery")]
    assert found.stage == QualificationStage.QUALIFIED
    assert found.valid_until is not None and found.valid_until > now + timedelta(days=360)


def test_the_admin_sets_the_period(
    app: Flask, trainee: builders.UserRef, admin: builders.UserRef, panel: builders.Panel
) -> None:
    with app.app_context():
        builders.practice_passed(trainee, "discovery", at=utcnow() - timedelta(days=45))
        builders.shadowed(trainee, "discovery", panel.interview, at=utcnow() - timedelta(days=44))
        builders.qualify(trainee, "discovery", by=admin, at=utcnow() - timedelta(days=40))
    assert _stage(app, trainee) == QualificationStage.QUALIFIED
    with app.app_context():
        services.set_lapse_months(1, actor=db.session.get(User, admin.id))
        db.session.commit()
        assert db.session.query(TrainingPolicy).one().lapse_months == 1
    assert _stage(app, trainee) == QualificationStage.IN_TRAINING


def test_status_is_read_in_a_fixed_number_of_queries(
    app: Flask, make_user: Callable[..., builders.UserRef], count_queries: Callable[[], object]
) -> None:
    people = [make_user() for _ in range(12)]
    with app.app_context():
        for person in people[:6]:
            builders.practice_passed(person, "discovery")
    with count_queries() as few, app.app_context():  # type: ignore[attr-defined]
        qualifications([people[0].id], ["discovery"])
    with count_queries() as many, app.app_context():  # type: ignore[attr-defined]
        qualifications([p.id for p in people], ["discovery", "closing", "objections"])
    assert many.count == few.count <= 4


@freeze_time("2026-03-31 12:00:00")
def test_a_pass_on_the_last_day_of_a_month_lasts_to_the_same_day_a_year_on(
    app: Flask, trainee: builders.UserRef
) -> None:
    with app.app_context():
        builders.practice_passed(trainee, "discovery")
        found = qualifications([trainee.id], ["discovery"])[(trainee.id, "discovery")]
    assert found.valid_until == datetime(2027, 3, 31, 12, tzinfo=UTC)
