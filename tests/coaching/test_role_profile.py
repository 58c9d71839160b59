"""One role profile per rep, wherever coaching asks (``queries.rep_role_profile``): the
coaching profile's, else the hired position's, else the plan template's. A ride-along offers
only the chart's competencies (never every competency in the library), and a 1:1's skill
coaching offers them even before a cadence names a profile."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from hiring.db import db, utcnow
from hiring.library.models import Competency
from tests import builders

pytestmark = pytest.mark.usefixtures("loaded_library")


def _off_the_chart() -> None:
    """A current competency in the library that the rep's role profile does not hold."""
    template = db.session.scalar(select(Competency).where(Competency.key == "discovery"))
    assert template is not None
    db.session.add(
        Competency(
            key="forecasting",
            version=1,
            current=True,
            content_hash="0" * 64,
            name="Forecasting accuracy",
            definition="Calls the quarter within five percent.",
            scale=template.scale,
            anchors=dict(template.anchors),
            origin=template.origin,
        )
    )
    db.session.commit()


def _options(page: str, name: str) -> str:
    return page.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]


def test_the_hired_positions_profile_leads_ride_alongs_and_skill_coaching(app, client, login, team):
    with app.app_context():
        _off_the_chart()
        builders.plan_for_rep(team.rep, hired=True)  # no cadence: no coaching profile yet
        meeting = builders.one_on_one(team.rep, at=utcnow() - timedelta(hours=1))
    login(team.manager)
    ride = _options(
        client.get(f"/coaching/people/{team.rep.id}/ride-alongs/new").get_data(as_text=True),
        "competency_key",
    )
    held = _options(
        client.get(f"/coaching/one-on-ones/{meeting}").get_data(as_text=True), "competency_key"
    )
    for offered in (ride, held):
        assert 'value="discovery"' in offered and 'value="closing"' in offered
        assert "forecasting" not in offered
    chart = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    assert "the position they were hired into" in chart and "Forecasting accuracy" not in chart
    response = client.post(
        f"/coaching/one-on-ones/{meeting}/held",
        data={
            "version": "1",
            "skill_coaching": "y",
            "competency_key": "closing",
            "practised": "Asked for the order twice",
        },
    )
    assert response.status_code == 302


def test_a_rep_with_no_known_profile_is_offered_no_competency_to_rate(app, client, login, team):
    with app.app_context():
        _off_the_chart()
    login(team.manager)
    page = client.get(f"/coaching/people/{team.rep.id}/ride-alongs/new").get_data(as_text=True)
    assert "Forecasting accuracy" not in page
    if 'name="competency_key"' in page:
        assert "<option value=" not in _options(page, "competency_key").replace(
            '<option value="">', ""
        )
