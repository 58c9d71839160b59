"""The 1:1 cadence: set by the manager, versioned and audited, and a series that goes on
after the onboarding plan ends (completed, or past day 90)."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from hiring import timezones
from hiring.audit.models import AuditEvent
from hiring.auth.models import User
from hiring.coaching.models import AgendaTopic, CoachingProfile, MeetingStatus, OneOnOne
from hiring.coaching.services import cadence
from hiring.db import db, utcnow
from hiring.library.models import RoleProfile
from hiring.onboarding.models import OnboardingPlan, PlanStatus
from tests import builders


def _form(**changes: str) -> dict[str, str]:
    data = {
        "cadence": "weekly",
        "first_on": (utcnow().date() + timedelta(days=1)).isoformat(),
        "time": "10:00",
        "time_zone": "America/Chicago",
        "minutes": "45",
        "ride_alongs_per_month": "2",
        "role_profile_id": "0",
        "version": "0",
    }
    data.update(changes)
    return data


def _upcoming(rep_id: int) -> list[OneOnOne]:
    return list(
        db.session.scalars(
            select(OneOnOne)
            .where(OneOnOne.rep_id == rep_id, OneOnOne.scheduled_at > utcnow())
            .order_by(OneOnOne.scheduled_at)
        )
    )


def test_the_manager_sets_the_cadence_and_the_next_1_1_is_in_place(app, client, login, team):
    login(team.manager)
    page = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    assert "Set the 1:1 cadence" in page and "No 1:1 cadence set yet" in page
    response = client.post(f"/coaching/people/{team.rep.id}/cadence", data=_form())
    assert response.status_code == 302
    page = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    assert "Every week, 45 minutes" in page and "2 ride-alongs a month" in page
    with app.app_context():
        upcoming = _upcoming(team.rep.id)
        assert len(upcoming) == 1
        assert upcoming[0].time_zone == "America/Chicago" and upcoming[0].minutes == 45
        assert db.session.scalar(
            select(func.count()).where(AuditEvent.action == "coaching.cadence_set")
        )


def test_only_the_manager_sets_it(client, login, team):
    for who in (team.rep, team.skip_level, team.peer, team.other_manager, team.admin):
        login(who)
        response = client.post(f"/coaching/people/{team.rep.id}/cadence", data=_form())
        assert response.status_code == 403, who.name
        assert "Set the 1:1 cadence" not in client.get(f"/coaching/people/{team.rep.id}").get_data(
            as_text=True
        )


def test_a_stale_cadence_edit_is_refused_with_a_conflict_message(app, client, login, team):
    login(team.manager)
    client.post(f"/coaching/people/{team.rep.id}/cadence", data=_form())
    client.post(f"/coaching/people/{team.rep.id}/cadence", data=_form(minutes="60", version="1"))
    response = client.post(
        f"/coaching/people/{team.rep.id}/cadence", data=_form(minutes="20", version="1")
    )
    assert response.status_code == 422
    assert "Someone changed this cadence after you opened the page" in response.get_data(
        as_text=True
    )
    with app.app_context():
        profile = db.session.scalar(select(CoachingProfile))
        assert profile.minutes == 60


def test_the_cadence_defaults_to_the_plans_role_profile(app, client, login, team, loaded_library):
    with app.app_context():
        builders.plan_for_rep(team.rep, hired=True)
        profile_id = db.session.scalar(select(RoleProfile.id))
    login(team.manager)
    page = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    assert f'<option selected value="{profile_id}">' in page


def test_the_series_goes_on_after_a_completed_plan(app, team, loaded_library):
    with app.app_context():
        plan_id = builders.plan_for_rep(team.rep, start=utcnow().date() - timedelta(days=120))
        plan = db.session.get(OnboardingPlan, plan_id)
        plan.status = PlanStatus.COMPLETED
        db.session.commit()
        builders.coaching_cadence(team.rep, first_on=utcnow().date() - timedelta(days=100))
        upcoming = _upcoming(team.rep.id)
        assert len(upcoming) == 1
        # A week later (the hourly job), the next one is there too.
        profile = db.session.scalar(select(CoachingProfile))
        cadence.materialise(profile, now=upcoming[0].scheduled_at + timedelta(hours=1))
        db.session.commit()
        assert len(_upcoming(team.rep.id)) == 2


def test_the_series_goes_on_past_day_90_of_an_active_plan(app, team, loaded_library):
    with app.app_context():
        builders.plan_for_rep(team.rep, start=utcnow().date() - timedelta(days=95))
        builders.coaching_cadence(team.rep, first_on=date(2026, 1, 5), weekly=False)
        upcoming = _upcoming(team.rep.id)
        assert len(upcoming) == 1
        assert (upcoming[0].scheduled_at.date() - date(2026, 1, 5)).days % 14 in (0, 1)


def test_a_cancelled_1_1_is_not_put_back_and_the_next_one_follows(app, client, login, team):
    with app.app_context():
        builders.coaching_cadence(team.rep, first_on=utcnow().date() + timedelta(days=2))
        meeting = _upcoming(team.rep.id)[0]
        meeting_id, version = meeting.id, meeting.version
    login(team.manager)
    refused = client.post(f"/coaching/one-on-ones/{meeting_id}/cancel", data={"version": version})
    assert refused.status_code == 422 and "Say why it is cancelled" in refused.get_data(
        as_text=True
    )
    client.post(
        f"/coaching/one-on-ones/{meeting_id}/cancel",
        data={"version": version, "reason": "Customer visit"},
    )
    with app.app_context():
        assert db.session.get(OneOnOne, meeting_id).status == MeetingStatus.CANCELLED
        profile = db.session.scalar(select(CoachingProfile))
        cadence.materialise(profile)
        rows = _upcoming(team.rep.id)
        assert [r.status for r in rows] == [MeetingStatus.CANCELLED, MeetingStatus.SCHEDULED]
        assert (rows[1].scheduled_at - rows[0].scheduled_at).days == 7
    # Both of the two read why, on the 1:1 and in the history; the skip-level never does.
    for reader in (team.manager, team.rep):
        login(reader)
        page = client.get(f"/coaching/one-on-ones/{meeting_id}").get_data(as_text=True)
        assert "<strong>Cancelled:</strong> Customer visit" in page
        history = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
        assert "Customer visit" in history.split('id="one-on-ones"', 1)[1]
    login(team.skip_level)
    assert "Customer visit" not in client.get(f"/coaching/people/{team.rep.id}").get_data(
        as_text=True
    )


def test_the_manager_moves_one_1_1_and_adds_an_extra(app, client, login, team):
    with app.app_context():
        builders.coaching_cadence(team.rep, first_on=utcnow().date() + timedelta(days=2))
        meeting = _upcoming(team.rep.id)[0]
        meeting_id, version = meeting.id, meeting.version
    day = (utcnow().date() + timedelta(days=3)).isoformat()
    login(team.rep)
    assert (
        client.post(
            f"/coaching/one-on-ones/{meeting_id}/move", data={"version": version}
        ).status_code
        == 403
    )
    login(team.manager)
    response = client.post(
        f"/coaching/one-on-ones/{meeting_id}/move",
        data={
            "version": version,
            "day": day,
            "time": "15:00",
            "minutes": "30",
            "time_zone": "Europe/London",
            "reason": "Forecast call moved",
        },
    )
    assert response.status_code == 302
    response = client.post(
        f"/coaching/people/{team.rep.id}/one-on-ones",
        data={
            "day": day,
            "time": "09:00",
            "minutes": "20",
            "time_zone": "Europe/London",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        moved = db.session.get(OneOnOne, meeting_id)
        assert moved.time_zone == "Europe/London" and moved.scheduled_at.hour in (14, 15)
        assert len(_upcoming(team.rep.id)) == 2
        assert moved.move_reason == "Forecast call moved"
    login(team.rep)
    page = client.get(f"/coaching/one-on-ones/{meeting_id}").get_data(as_text=True)
    assert "<strong>Moved:</strong> Forecast call moved" in page
    history = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    assert "Moved: Forecast call moved" in history.split('id="one-on-ones"', 1)[1]


def test_a_changed_cadence_moves_untouched_1_1s_and_keeps_any_with_an_agenda(
    app, client, login, team
):
    with app.app_context():
        builders.coaching_cadence(team.rep, first_on=utcnow().date() + timedelta(days=2))
        builders.coaching_cadence(team.peer, first_on=utcnow().date() + timedelta(days=2))
        kept = _upcoming(team.peer.id)[0]
        db.session.add(AgendaTopic(one_on_one_id=kept.id, author_id=team.peer.id, text="Mine"))
        db.session.commit()
        kept_id = kept.id
    login(team.manager)
    for person in (team.rep, team.peer):
        response = client.post(
            f"/coaching/people/{person.id}/cadence",
            data=_form(
                first_on=(utcnow().date() + timedelta(days=2)).isoformat(),
                time="14:00",
                version="1",
            ),
        )
        assert response.status_code == 302
    with app.app_context():
        rep_rows = _upcoming(team.rep.id)
        assert len(rep_rows) == 1
        assert timezones_hour(rep_rows[0]) == 14
        peer_rows = _upcoming(team.peer.id)
        assert kept_id in [r.id for r in peer_rows]  # the agenda is never thrown away


def timezones_hour(meeting: OneOnOne) -> int:
    return timezones.in_zone(meeting.scheduled_at, "America/Chicago").hour


def test_a_refused_extra_1_1_keeps_what_was_typed(app, client, login, team):
    with app.app_context():
        builders.coaching_cadence(team.rep, first_on=utcnow().date() + timedelta(days=2))
        taken = _upcoming(team.rep.id)[0]
        local = taken.scheduled_at.astimezone(ZoneInfo("America/Chicago"))
    login(team.manager)
    response = client.post(
        f"/coaching/people/{team.rep.id}/one-on-ones",
        data={
            "day": local.date().isoformat(),
            "time": local.strftime("%H:%M"),
            "minutes": "25",
            "time_zone": "America/Chicago",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is already a 1:1 at that moment." in page
    form = page.split(f'action="/coaching/people/{team.rep.id}/one-on-ones"', 1)[1]
    assert f'value="{local.date().isoformat()}"' in form and 'value="25"' in form


def test_the_calendar_feed_links_a_ride_along_by_its_url(app, team):
    from hiring.coaching import feed as coaching_feed

    with app.app_context():
        ride = builders.ride_along(team.rep, days_ago=-3, competency=None)
        with app.test_request_context():
            events = coaching_feed.events(db.session.get(User, team.rep.id))
        ride_event = next(e for e in events if "Ride-along" in e.summary)
        assert ride_event.description.endswith(f"/coaching/ride-alongs/{ride}")
