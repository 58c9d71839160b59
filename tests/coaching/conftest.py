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
