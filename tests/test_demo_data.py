"""The demo reads like a real sales team: every piece of evidence is that interviewer's own
notes on that candidate, never a stock or anchor sentence; the debrief shows the panel's
disagreements side by side; KPI actuals that count things are whole numbers."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from hiring.applications.models import Application
from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.db import db
from hiring.demo import DemoDataError
from hiring.demo_new_hire import record_actuals
from hiring.library.models import Competency, Question
from hiring.onboarding.models import Goal, GoalActual, OnboardingPlan
from hiring.scorecards.models import (
    Scorecard,
    ScorecardNote,
    ScorecardRating,
    ScorecardStatus,
)

#: Goals that are measures rather than counts (hiring/demo_data/new_hire.toml).
MEASURED_UNITS = {"percent", "times quota"}


@pytest.fixture
def seeded(app: Flask) -> Flask:
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return app


def test_every_piece_of_evidence_is_distinct_and_none_is_an_anchor(seeded: Flask) -> None:
    with seeded.app_context():
        rated = select(ScorecardRating).where(ScorecardRating.not_assessed.is_(False))
        ratings = db.session.scalars(rated).all()
        evidence = [r.evidence for r in ratings]
        assert len(evidence) > 50
        assert all(text.strip() for text in evidence)
        assert len(set(evidence)) == len(evidence)
        anchors = {
            text for c in db.session.scalars(select(Competency)) for text in c.anchors.values()
        }
        anchors |= {text for q in db.session.scalars(select(Question)) for text in q.anchors}
        assert len(anchors) > 40
        assert not anchors & set(evidence)
        summaries = db.session.scalars(
            select(Scorecard.summary).where(Scorecard.status == ScorecardStatus.SUBMITTED)
        ).all()
        assert all(summaries) and len(set(summaries)) == len(summaries)
        notes = db.session.scalars(select(ScorecardNote)).all()
        assert notes and len({(n.situation, n.action) for n in notes}) == len(notes)


def _application_id(app: Flask, name: str) -> int:
    with app.app_context():
        found = db.session.scalar(
            select(Application.id).join(Candidate).where(Candidate.name == name)
        )
    assert found is not None
    return found


def _sign_in(client: FlaskClient, email: str) -> None:
    response = client.post("/login", data={"email": email, "password": "demo"})
    assert response.status_code == 302


def test_the_debrief_shows_a_split_panel_with_each_interviewers_reasons(
    seeded: Flask, client: FlaskClient
) -> None:
    """Marcus Bell's role-play split the panel on discovery: Priya scored the call he ran
    (he pitched at minute four), Jamie the retry and a real example. Sam's amended card says
    why it changed. (Morgan, who owes the deal review, may not see it yet: the recruiter reads.)"""
    _sign_in(client, "recruiter@example.com")
    page = client.get(f"/applications/{_application_id(seeded, 'Marcus Bell')}/debrief")
    text = page.get_data(as_text=True).replace("&#39;", "'")
    assert page.status_code == 200
    assert "from minute four he described the scheduling module" in text
    assert "Retry was the strongest discovery of the loop" in text
    assert "Amended after re-reading my notes" in text
    assert "Specific, recent example with numbers" not in text


def test_count_kpis_have_whole_number_actuals(seeded: Flask, client: FlaskClient) -> None:
    with seeded.app_context():
        rows = db.session.execute(
            select(Goal.unit, GoalActual.value).join(GoalActual, GoalActual.goal_id == Goal.id)
        ).all()
        plan_id = db.session.scalar(select(func.min(OnboardingPlan.id)))
    counted = [value for unit, value in rows if unit not in MEASURED_UNITS]
    assert counted and all(value == int(value) for value in counted)
    _sign_in(client, "newhire@example.com")
    page = client.get(f"/onboarding/plans/{plan_id}").get_data(as_text=True)
    assert "3 calls so far" in page
    assert not re.search(r"\b0?\.\d+ (calls|opportunities|proposals|deals) so far", page)


def test_the_demo_refuses_a_fraction_of_a_counted_kpi(seeded: Flask) -> None:
    with seeded.app_context():
        plan = db.session.scalars(
            select(OnboardingPlan)
            .join(User, User.id == OnboardingPlan.new_hire_id)
            .where(User.email == "newhire@example.com")
        ).one()
        spec = {"actuals": {"Close the first deal": [[0, 0.3]]}, "measured_units": ["percent"]}
        with pytest.raises(DemoDataError, match=r"0\.3 is not a count"):
            record_actuals(plan, spec, by=plan.new_hire)
