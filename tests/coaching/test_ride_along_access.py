"""Who reaches a ride-along: the manager plans and debriefs, the rep assesses, the skip-level
reads; peers, the buddy, other managers, HR (admins) and interviewers get nothing. Also: the
coaching page's ride-along sections cost the same number of queries however many there are."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from hiring.auth.models import User
from hiring.coaching.models import RideAlong
from hiring.db import db, utcnow
from hiring.library.models import RoleProfile
from hiring.onboarding.services import plans as plan_services
from tests import builders

pytestmark = pytest.mark.usefixtures("loaded_library", "rep_on_chart")

OUTSIDERS = ["peer", "buddy", "other_manager", "admin", "interviewer"]


@pytest.fixture
def buddy(app, team) -> builders.UserRef:
    """Noah's onboarding buddy: on his plan, never on his coaching."""
    with app.app_context():
        person = builders.user(roles=["new_hire"], name="Bea Buddy")
        profile = db.session.scalars(select(RoleProfile)).first()
        assert profile is not None
        plan_services.create_plan(
            new_hire=db.session.get(User, team.rep.id),
            manager=db.session.get(User, team.manager.id),
            buddy=db.session.get(User, person.id),
            start=utcnow().date() - timedelta(days=14),
            template=profile.onboarding_template,
            template_source="test",
            title="Noah's plan",
            actor=db.session.get(User, team.manager.id),
        )
        db.session.commit()
        return person


def _who(team, buddy, name: str) -> builders.UserRef:
    return buddy if name == "buddy" else getattr(team, name)


def _version(app, ride_id: int) -> str:
    with app.app_context():
        ride = db.session.get(RideAlong, ride_id)
        assert ride is not None
        return str(ride.version)


@pytest.mark.parametrize("who", ["rep", "manager", "skip_level"])
def test_the_rep_the_manager_and_the_skip_level_read_a_ride_along(app, client, login, team, who):
    with app.app_context():
        ride_id = builders.ride_along(team.rep, debriefed=True)
    login(getattr(team, who))
    page = client.get(f"/coaching/ride-alongs/{ride_id}").get_data(as_text=True)
    assert "Agree the next step with the economic buyer" in page
    assert "Ask about budget before the demo" in page
    history = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    assert f"/coaching/ride-alongs/{ride_id}" in history


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_reach_no_ride_along(app, client, login, team, buddy, who):
    with app.app_context():
        ride_id = builders.ride_along(team.rep)
    version = _version(app, ride_id)
    login(_who(team, buddy, who))
    base = f"/coaching/ride-alongs/{ride_id}"
    assert client.get(base).status_code == 403
    assert client.get(f"/coaching/people/{team.rep.id}/ride-alongs/new").status_code == 403
    for action in ("assessment", "debrief", "edit", "cancel"):
        response = client.post(f"{base}/{action}", data={"version": version, "reason": "x"})
        assert response.status_code == 403, action
    assert _version(app, ride_id) == version


def test_only_the_manager_plans_debriefs_edits_and_cancels(app, client, login, team):
    with app.app_context():
        ride_id = builders.ride_along(team.rep, assessed=True)
    version = _version(app, ride_id)
    base = f"/coaching/ride-alongs/{ride_id}"
    for who in (team.rep, team.skip_level):
        login(who)
        assert client.get(f"/coaching/people/{team.rep.id}/ride-alongs/new").status_code == 403
        for action in ("debrief", "edit", "cancel"):
            assert client.post(f"{base}/{action}", data={"version": version}).status_code == 403
        page = client.get(base).get_data(as_text=True)
        assert f"{base}/debrief" not in page and f"{base}/cancel" not in page
    login(team.manager)
    assert client.get(f"/coaching/people/{team.rep.id}/ride-alongs/new").status_code == 200
    assert f"{base}/debrief" in client.get(base).get_data(as_text=True)


def test_only_the_rep_assesses(app, client, login, team):
    with app.app_context():
        ride_id = builders.ride_along(team.rep)
    url = f"/coaching/ride-alongs/{ride_id}/assessment"
    data = {"version": _version(app, ride_id), "rep_assessment": "Went fine"}
    for who in (team.manager, team.skip_level):
        login(who)
        assert client.post(url, data=data).status_code == 403
    login(team.rep)
    assert client.post(url, data=data).status_code == 302


def test_a_manager_cannot_plan_for_someone_outside_their_team(client, login, team):
    login(team.other_manager)
    assert client.get(f"/coaching/people/{team.rep.id}/ride-alongs/new").status_code == 403
    login(team.manager)
    # The skip-level has no manager: no coaching page, so no ride-along either.
    assert client.get(f"/coaching/people/{team.skip_level.id}/ride-alongs/new").status_code == 404


def test_ride_along_sections_cost_the_same_queries_as_history_grows(
    app, client, login, team, count_queries
):
    def add(count: int) -> None:
        with app.app_context():
            for n in range(count):
                builders.ride_along(
                    team.rep,
                    days_ago=n + 1,
                    role="demonstrate" if n % 3 == 0 else "observe",
                    debriefed=n % 2 == 0,
                    account=f"Account {n}",
                )
            builders.ride_along(team.rep, days_ago=-5)  # the next one

    login(team.manager)
    url = f"/coaching/people/{team.rep.id}"
    add(2)
    client.get(url)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    add(28)
    with count_queries() as many:
        page = client.get(url).get_data(as_text=True)
    assert many.count == few.count, many
    assert "Pages of ride-alongs" in page and "Mentoring" in page and "Coaching" in page
