"""Coaching fixtures: a line of people around one rep."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests import builders


@pytest.fixture
def team(app: Flask) -> builders.CoachingTeam:
    with app.app_context():
        return builders.coaching_team()


@pytest.fixture
def login(client: FlaskClient) -> Callable[[builders.UserRef], builders.UserRef]:
    """``login(person)``: the one browser in these tests, signed in as ``person`` now."""
    return lambda person: builders.switch_to(client, person)


@pytest.fixture
def rep_on_chart(app: Flask, team: builders.CoachingTeam, loaded_library: object) -> None:
    """Noah measured against the loaded library's role profile: the competencies a
    ride-along may rate and a 1:1's skill coaching offers."""
    with app.app_context():
        builders.rep_on_chart(team.rep)
