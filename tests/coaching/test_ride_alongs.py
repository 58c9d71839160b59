"""Ride-alongs done right: planned with the manager's role declared up front, the rep's own
assessment first, then a debrief on the competency's anchors with one or two focus points and
client follow-ups that become open action items."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from hiring.audit.models import AuditEvent
from hiring.coaching.models import (
    ActionItem,
    ActionKind,
    CompetencyRating,
    MeetingStatus,
    RatingSource,
    RideAlong,
)
from hiring.db import db, utcnow
from tests import builders

pytestmark = pytest.mark.usefixtures("loaded_library", "rep_on_chart")


def _ride(app, ride_id: int) -> RideAlong:
    with app.app_context():
        ride = db.session.get(RideAlong, ride_id)
        assert ride is not None
        db.session.expunge(ride)
        return ride


def _plan(client, rep_id: int, **overrides: str):
    day = (utcnow() + timedelta(days=1)).date().isoformat()
    data = {
        "day": day,
        "time": "10:00",
        "minutes": "60",
        "time_zone": "America/Chicago",
        "account": "Acme Corp",
        "objective": "Agree a next step with the buyer",
        "call_stage": "discovery",
        "manager_role": "observe",
        "competency_key": "discovery",
        **overrides,
    }
    return client.post(f"/coaching/people/{rep_id}/ride-alongs/new", data=data)


def _debrief(client, ride_id: int, version: int, **overrides: str):
    data = {
        "version": str(version),
        "observations": "Strong open; skipped the budget question.",
        "score": "3",
        "focus_points": "Ask about budget before the demo",
        "agreed_practice": "Role-play the budget question twice",
        **overrides,
    }
    return client.post(f"/coaching/ride-alongs/{ride_id}/debrief", data=data)


def test_the_manager_plans_a_ride_along_with_the_role_declared_up_front(app, client, login, team):
    login(team.manager)
    form = client.get(f"/coaching/people/{team.rep.id}/ride-alongs/new").get_data(as_text=True)
    assert "never both" in form and "never counted as coaching" in form
    assert "Discovery" in form  # the competencies to watch come from the library

    assert _plan(client, team.rep.id, manager_role="").status_code == 400
    response = _plan(client, team.rep.id)
    assert response.status_code == 302
    with app.app_context():
        ride = db.session.scalars(select(RideAlong)).one()
        assert ride.manager_role.value == "observe" and ride.time_zone == "America/Chicago"
        assert ride.scheduled_at.hour == 16  # 10:00 in Chicago (CST) is 16:00 UTC
        assert db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "coaching.ride_along_planned")
        )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Waiting for Noah&#39;s own assessment" in page or "Waiting for Noah's own" in page


def test_an_unknown_competency_is_refused(client, login, team):
    login(team.manager)
    response = _plan(client, team.rep.id, competency_key="juggling")
    assert response.status_code == 400
    assert "Choose one of Noah Kim&#39;s competencies" in response.get_data(as_text=True)


def test_the_debrief_waits_for_the_rep_to_assess_first(app, client, login, team):
    with app.app_context():
        ride_id = builders.ride_along(team.rep)
    version = _ride(app, ride_id).version
    login(team.manager)
    page = client.get(f"/coaching/ride-alongs/{ride_id}").get_data(as_text=True)
    assert "the debrief opens once the rep has assessed the call" in page
    assert f"/coaching/ride-alongs/{ride_id}/debrief" not in page

    refused = _debrief(client, ride_id, version)
    assert refused.status_code == 400
    assert "the rep assesses the call first" in refused.get_data(as_text=True)
    assert _ride(app, ride_id).status == MeetingStatus.SCHEDULED

    login(team.rep)
    assert (
        client.post(
            f"/coaching/ride-alongs/{ride_id}/assessment",
            data={"version": str(version), "rep_assessment": "I rushed the close."},
        ).status_code
        == 302
    )
    login(team.manager)
    page = client.get(f"/coaching/ride-alongs/{ride_id}").get_data(as_text=True)
    assert "I rushed the close." in page and f"/coaching/ride-alongs/{ride_id}/debrief" in page
    assert "Clear example." in page  # the competency's anchors are the rating's choices


def test_the_rep_cannot_assess_a_call_that_has_not_happened(app, client, login, team):
    with app.app_context():
        ride_id = builders.ride_along(team.rep, days_ago=-3)
    login(team.rep)
    page = client.get(f"/coaching/ride-alongs/{ride_id}").get_data(as_text=True)
    assert "After the call, say here how it went" in page
    response = client.post(
        f"/coaching/ride-alongs/{ride_id}/assessment",
        data={"version": str(_ride(app, ride_id).version), "rep_assessment": "Went well"},
    )
    assert response.status_code == 400
    assert "once it has happened" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("points", "ok"),
    [("", False), ("Budget first", True), ("Budget\nNext step", True), ("A\nB\nC", False)],
)
def test_one_or_two_focus_points(app, client, login, team, points, ok):
    with app.app_context():
        ride_id = builders.ride_along(team.rep, assessed=True)
    login(team.manager)
    response = _debrief(client, ride_id, _ride(app, ride_id).version, focus_points=points)
    assert response.status_code == (302 if ok else 400)
    if not ok:
        assert "one or two focus points" in response.get_data(as_text=True)


@pytest.mark.parametrize("score", ["0", "5", "x", ""])
def test_a_rating_off_the_scale_is_refused(app, client, login, team, score):
    with app.app_context():
        ride_id = builders.ride_along(team.rep, assessed=True)
    login(team.manager)
    response = _debrief(client, ride_id, _ride(app, ride_id).version, score=score)
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(CompetencyRating.id))) == 0


def test_the_debrief_stores_the_rating_and_follow_ups_become_open_items(app, client, login, team):
    with app.app_context():
        ride_id = builders.ride_along(team.rep, assessed=True)
    login(team.manager)
    due = (utcnow().date() + timedelta(days=2)).isoformat()
    response = _debrief(
        client,
        ride_id,
        _ride(app, ride_id).version,
        **{
            "follow_ups-0-text": "Send the security questionnaire",
            "follow_ups-0-owner": "rep",
            "follow_ups-0-due_on": due,
            "follow_ups-1-text": "Intro to our CFO",
            "follow_ups-1-owner": "manager",
            "follow_ups-1-due_on": due,
        },
    )
    assert response.status_code == 302
    with app.app_context():
        ride = db.session.get(RideAlong, ride_id)
        assert ride is not None and ride.status == MeetingStatus.HELD
        rating = db.session.scalars(select(CompetencyRating)).one()
        assert (rating.score, rating.competency_key, rating.source) == (
            3,
            "discovery",
            RatingSource.RIDE_ALONG,
        )
        assert rating.assessor_id == team.manager.id and rating.ride_along_id == ride_id
        items = db.session.scalars(select(ActionItem).order_by(ActionItem.id)).all()
        assert [(i.text, i.owner_id, i.kind) for i in items] == [
            ("Send the security questionnaire", team.rep.id, ActionKind.CLIENT_FOLLOW_UP),
            ("Intro to our CFO", team.manager.id, ActionKind.CLIENT_FOLLOW_UP),
        ]
        assert all(i.ride_along_id == ride_id and not i.done for i in items)
    page = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    assert "Send the security questionnaire" in page and "Client follow-up" in page


def test_a_follow_up_without_a_date_is_refused(app, client, login, team):
    with app.app_context():
        ride_id = builders.ride_along(team.rep, assessed=True)
    login(team.manager)
    response = _debrief(
        client, ride_id, _ride(app, ride_id).version, **{"follow_ups-0-text": "Send the deck"}
    )
    assert response.status_code == 400
    assert "Say by when" in response.get_data(as_text=True)


def test_a_demonstration_call_is_mentoring_rates_nobody_and_is_labelled(app, client, login, team):
    with app.app_context():
        ride_id = builders.ride_along(team.rep, role="demonstrate", assessed=True)
    login(team.manager)
    page = client.get(f"/coaching/ride-alongs/{ride_id}").get_data(as_text=True)
    assert "a demonstration call, not coaching" in page and 'name="score"' not in page
    assert _debrief(client, ride_id, _ride(app, ride_id).version, score="").status_code == 302
    with app.app_context():
        ride = db.session.get(RideAlong, ride_id)
        assert ride is not None and not ride.is_coaching
        assert db.session.scalar(select(func.count(CompetencyRating.id))) == 0
    history = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    assert "Mentoring" in history


def test_cancel_needs_a_reason_and_closes_the_ride_along(app, client, login, team):
    with app.app_context():
        ride_id = builders.ride_along(team.rep, days_ago=-2)
    version = _ride(app, ride_id).version
    login(team.manager)
    url = f"/coaching/ride-alongs/{ride_id}/cancel"
    assert client.post(url, data={"version": str(version), "reason": ""}).status_code == 400
    assert (
        client.post(url, data={"version": str(version), "reason": "Client moved"}).status_code
        == 302
    )
    ride = _ride(app, ride_id)
    assert ride.status == MeetingStatus.CANCELLED and ride.cancel_reason == "Client moved"
    page = client.get(f"/coaching/ride-alongs/{ride_id}").get_data(as_text=True)
    assert "Client moved" in page and "Cancelled" in page
    # A second cancel from the same (now outdated) page is a conflict, not a silent overwrite.
    again = client.post(url, data={"version": str(version), "reason": "Again"})
    assert again.status_code == 400


def test_editing_the_plan_checks_the_version(app, client, login, team):
    with app.app_context():
        ride_id = builders.ride_along(team.rep, days_ago=-2)
    version = _ride(app, ride_id).version
    login(team.manager)
    data = {
        "version": str(version),
        "day": (utcnow() + timedelta(days=4)).date().isoformat(),
        "time": "09:30",
        "minutes": "45",
        "time_zone": "Europe/London",
        "account": "Globex",
        "objective": "Book the technical deep-dive",
        "call_stage": "demo",
        "manager_role": "demonstrate",
        "competency_key": "",
    }
    url = f"/coaching/ride-alongs/{ride_id}/edit"
    assert client.post(url, data=data).status_code == 302
    ride = _ride(app, ride_id)
    assert (ride.account, ride.manager_role.value, ride.time_zone) == (
        "Globex",
        "demonstrate",
        "Europe/London",
    )
    stale = client.post(url, data={**data, "account": "Initech"})
    assert stale.status_code == 400 and "Someone changed this ride-along" in stale.get_data(
        as_text=True
    )


def _onboarding_plan(team, items: list[dict[str, object]]) -> None:
    """An active plan for Noah, started two weeks ago, with ``items`` as its template."""
    from hiring.auth.models import User
    from hiring.onboarding.services import plans as plan_services

    plan_services.create_plan(
        new_hire=db.session.get(User, team.rep.id),
        manager=db.session.get(User, team.manager.id),
        buddy=None,
        start=utcnow().date() - timedelta(days=14),
        template={"items": items},
        template_source="test",
        title="Noah's plan",
        actor=db.session.get(User, team.manager.id),
    )
    db.session.commit()


def _item(day: int, title: str, kind: str) -> dict[str, object]:
    return {"phase": "learn", "day": day, "title": title, "kind": kind, "owner": "manager"}


def _open_titles() -> list[str]:
    from hiring.onboarding.models import PlanItem

    items = db.session.scalars(
        select(PlanItem)
        .where(PlanItem.done_at.is_(None), PlanItem.generated.is_(False))
        .order_by(PlanItem.due_date, PlanItem.id)
    )
    return [i.title for i in items]


def test_an_observed_call_ticks_a_ride_along_item_never_a_demo_call(app, client, login, team):
    with app.app_context():
        _onboarding_plan(
            team,
            [
                _item(10, "Manager demo call (1 of 2)", "demo_call"),
                _item(12, "Manager demo call (2 of 2)", "demo_call"),
                _item(25, "Coaching ride-along (1 of 2)", "ride_along"),
                _item(25, "Coaching ride-along (2 of 2)", "ride_along"),
            ],
        )
        ride_id = builders.ride_along(team.rep, debriefed=True)
        ride = db.session.get(RideAlong, ride_id)
        assert ride is not None and ride.plan_item is not None
        assert ride.plan_item.title == "Coaching ride-along (1 of 2)" and ride.plan_item.done
        # One call ticks one item: the second ride-along is still to come.
        assert _open_titles() == [
            "Manager demo call (1 of 2)",
            "Manager demo call (2 of 2)",
            "Coaching ride-along (2 of 2)",
        ]
    login(team.manager)
    page = client.get(f"/coaching/ride-alongs/{ride_id}").get_data(as_text=True)
    assert "Ticked off “Coaching ride-along (1 of 2)”" in page


def test_a_demonstration_call_ticks_a_demo_call_item_never_a_ride_along(app, team):
    with app.app_context():
        _onboarding_plan(
            team,
            [
                _item(10, "Manager demo call (1 of 2)", "demo_call"),
                _item(25, "First coaching ride-along", "ride_along"),
            ],
        )
        first = builders.ride_along(team.rep, role="demonstrate", competency=None, debriefed=True)
        ride = db.session.get(RideAlong, first)
        assert ride is not None and ride.plan_item is not None
        assert ride.plan_item.title == "Manager demo call (1 of 2)"
        assert "Demonstration call (mentoring)" in ride.plan_item.completion_note
        # No demo-call item left: a later demonstration ticks nothing, never the coaching one.
        second = builders.ride_along(
            team.rep, role="demonstrate", competency=None, debriefed=True, days_ago=1
        )
        later = db.session.get(RideAlong, second)
        assert later is not None and later.plan_item is None
        assert _open_titles() == ["First coaching ride-along"]


def test_the_shipped_templates_ask_for_one_call_per_item():
    """The count items ("Two coaching ride-alongs") are split, one item per call, and the
    manager's demo calls are demonstration-call items."""
    from pathlib import Path

    from hiring.library.validation import validate_directory
    from hiring.settings import PROJECT_ROOT

    library = validate_directory(Path(PROJECT_ROOT) / "scorecards")
    assert library.errors == []
    kinds = {i.title: i.kind.value for r in library.roles.values() for i in r.onboarding.items}
    assert kinds["Manager demo call (1 of 2)"] == kinds["Manager demo call (2 of 2)"] == "demo_call"
    assert kinds["Coaching ride-along (2 of 2)"] == "ride_along"
    assert not {
        "Manager demo calls",
        "Two coaching ride-alongs",
        "Two call-coaching sessions",
    } & set(kinds)


def test_the_plan_page_shows_and_adds_demonstration_call_items(app, client, login, team):
    from hiring.onboarding.models import OnboardingPlan, PlanItem

    with app.app_context():
        _onboarding_plan(team, [_item(10, "Manager demo call (1 of 2)", "demo_call")])
        plan = db.session.scalars(select(OnboardingPlan)).one()
        plan_id, version = plan.id, plan.version
    login(team.manager)
    page = client.get(f"/onboarding/plans/{plan_id}").get_data(as_text=True)
    assert "kind-demo_call" in page and ">demonstration call</span>" in page
    assert '<option value="demo_call">demonstration call</option>' in page
    added = client.post(
        f"/onboarding/plans/{plan_id}/items",
        data={
            "version": str(version),
            "title": "Demo call on a renewal",
            "kind": "demo_call",
            "owner": "manager",
            "due_date": (utcnow().date() + timedelta(days=5)).isoformat(),
        },
    )
    assert added.status_code == 302
    with app.app_context():
        item = db.session.scalars(
            select(PlanItem).where(PlanItem.title == "Demo call on a renewal")
        ).one()
        assert item.kind.value == "demo_call"


def test_a_call_that_already_happened_cannot_be_planned(app, client, login, team):
    login(team.manager)
    yesterday = (utcnow() - timedelta(days=1)).date().isoformat()
    response = _plan(client, team.rep.id, day=yesterday)
    assert response.status_code == 400
    assert "Plan a ride-along before the call" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RideAlong)) == 0


def _edit(client, ride_id: int, version: int, *, days: int, role: str):
    return client.post(
        f"/coaching/ride-alongs/{ride_id}/edit",
        data={
            "version": str(version),
            "day": (utcnow() + timedelta(days=days)).date().isoformat(),
            "time": "09:30",
            "minutes": "60",
            "time_zone": "America/Chicago",
            "account": "Globex",
            "objective": "Agree the next step with the economic buyer",
            "call_stage": "discovery",
            "manager_role": role,
            "competency_key": "discovery" if role == "observe" else "",
        },
    )


def test_the_role_is_fixed_once_the_call_has_happened(app, client, login, team):
    with app.app_context():
        held = builders.ride_along(team.rep, days_ago=1)
        coming = builders.ride_along(team.rep, days_ago=-3)
    login(team.manager)
    refused = _edit(client, held, _ride(app, held).version, days=-1, role="demonstrate")
    assert refused.status_code == 400
    assert "declared as “Observe only (coaching)” before it took place" in refused.get_data(
        as_text=True
    )
    assert _ride(app, held).manager_role.value == "observe"
    # The rest of the plan may still be put right (the rep has not assessed yet).
    assert _edit(client, held, _ride(app, held).version, days=-1, role="observe").status_code == 302
    assert _ride(app, held).account == "Globex"
    # A call still to come may change role, but not by moving it into the past at once.
    moved = _edit(client, coming, _ride(app, coming).version, days=-1, role="demonstrate")
    assert moved.status_code == 400 and _ride(app, coming).manager_role.value == "observe"
    assert (
        _edit(client, coming, _ride(app, coming).version, days=2, role="demonstrate").status_code
        == 302
    )
    assert _ride(app, coming).manager_role.value == "demonstrate"
