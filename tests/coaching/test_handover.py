"""A rep moved to another manager: the former manager's 1:1s stay private to the two who
held them, and what is still to come (the next 1:1, ride-alongs, open action items the
manager owned, a running support plan) follows the rep to the new manager: at once when an
admin changes the manager, and by the hourly job when it was changed elsewhere."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select, update

from hiring import schedule
from hiring.audit.models import AuditEvent
from hiring.auth.models import User
from hiring.coaching.models import ActionItem, MeetingStatus, OneOnOne, RideAlong, SupportPlan
from hiring.coaching.services import handover
from hiring.db import db, utcnow
from hiring.mail.models import OutboxMessage
from tests import builders

SECRET = "Thinking of moving teams, keep between us"


def _move(client, login, team, to):
    """The admin gives Noah a new manager on the account page."""
    login(team.admin)
    page = client.get(f"/admin/users/{team.rep.id}").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    response = client.post(
        f"/admin/users/{team.rep.id}",
        data={
            "name": "Noah Kim",
            "title": "AE",
            "roles": ["new_hire"],
            "manager_id": str(to.id),
            "version": version,
        },
    )
    assert response.status_code == 302


def _story(app, team):
    """Noah with Morgan: a held 1:1 with private notes, the next one scheduled for tomorrow,
    an action item Morgan owes, a ride-along next week and a running support plan."""
    now = utcnow()
    with app.app_context():
        held = builders.one_on_one(
            team.rep, at=now - timedelta(days=7), held=True, notes=SECRET, topics=[]
        )
        upcoming = builders.one_on_one(team.rep, at=now + timedelta(hours=20))
        owed = builders.action_item(team.rep, team.manager, text="Book the pricing workshop")
        theirs = builders.action_item(team.rep, team.rep, text="Rewrite the discovery opener")
        ride = builders.ride_along(team.rep, days_ago=-7, competency=None)
        plan = builders.support_plan(team)
    return held, upcoming, owed, theirs, ride, plan


def test_the_new_manager_takes_over_what_is_to_come_and_not_the_past(app, client, login, team):
    held, upcoming, owed, theirs, ride, plan_id = _story(app, team)
    _move(client, login, team, team.other_manager)
    with app.app_context():
        assert db.session.get(OneOnOne, held).manager_id == team.manager.id
        assert db.session.get(OneOnOne, upcoming).manager_id == team.other_manager.id
        assert db.session.get(RideAlong, ride).manager_id == team.other_manager.id
        assert db.session.get(ActionItem, owed).owner_id == team.other_manager.id
        assert db.session.get(ActionItem, theirs).owner_id == team.rep.id
        assert db.session.get(SupportPlan, plan_id).manager_id == team.other_manager.id
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "coaching.handed_over")
        )
        assert event.actor_id == team.admin.id and event.after == {
            "manager": team.other_manager.id,
            "one_on_ones": 1,
            "ride_alongs": 1,
            "action_items": 1,
            "support_plans": 1,
        }
    # Sam: the next 1:1 is his, Morgan's held one is not.
    login(team.other_manager)
    assert client.get(f"/coaching/one-on-ones/{held}").status_code == 403
    page = client.get(f"/coaching/one-on-ones/{upcoming}").get_data(as_text=True)
    assert "Only Noah and Sam see this page." in page
    assert client.post(f"/coaching/support-plans/{plan_id}/acknowledge").status_code == 302
    with app.app_context():
        assert db.session.get(SupportPlan, plan_id).manager_acknowledged_at is not None
    # Morgan: nothing of Noah's any more, not even the item they used to owe.
    login(team.manager)
    for url in (f"/coaching/one-on-ones/{held}", f"/coaching/one-on-ones/{upcoming}"):
        assert client.get(url).status_code == 403
    assert client.get(f"/coaching/people/{team.rep.id}").status_code == 403
    # Noah still reads his own past 1:1, now only his.
    login(team.rep)
    page = client.get(f"/coaching/one-on-ones/{held}").get_data(as_text=True)
    assert SECRET in page and "Only Noah sees this page now" in page
    # The reminder goes to Sam, never Morgan.
    with app.app_context():
        earlier = db.session.scalar(select(func.max(OutboxMessage.id))) or 0
        assert schedule.send_one_on_one_reminders() == 1
        to = {
            m.to_address
            for m in db.session.scalars(select(OutboxMessage).where(OutboxMessage.id > earlier))
        }
        assert team.other_manager.email in to and team.manager.email not in to


def test_a_former_manager_cannot_tick_off_an_item_they_owned(app, client, login, team):
    with app.app_context():
        owed = builders.action_item(team.rep, team.manager)
        # Moved where no signal is sent (an import, the shell): nothing handed over yet.
        db.session.execute(
            update(User).where(User.id == team.rep.id).values(manager_id=team.other_manager.id)
        )
        db.session.commit()
    login(team.manager)
    response = client.post(f"/coaching/actions/{owed}/done", data={"version": "1"})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(ActionItem, owed).done_at is None


def test_the_hourly_job_hands_over_a_change_made_elsewhere(app, team):
    _held, upcoming, owed, _theirs, ride, plan_id = _story(app, team)
    with app.app_context():
        db.session.execute(
            update(User).where(User.id == team.rep.id).values(manager_id=team.other_manager.id)
        )
        db.session.commit()
        schedule.send_one_on_one_reminders()
        assert db.session.get(OneOnOne, upcoming).manager_id == team.other_manager.id
        assert db.session.get(RideAlong, ride).manager_id == team.other_manager.id
        assert db.session.get(ActionItem, owed).owner_id == team.other_manager.id
        assert db.session.get(SupportPlan, plan_id).manager_id == team.other_manager.id
        assert handover.hand_over_all() == 0  # nothing left to move
        statuses = {m.status for m in db.session.scalars(select(OneOnOne))}
        assert MeetingStatus.HELD in statuses
