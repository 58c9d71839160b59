"""The 1:1 page: the agenda the rep leads, action items that carry forward until done, notes
only the two read, the record of a held 1:1 (which ticks the plan's next "Weekly 1:1"), a
conflict on a stale page, and query counts that stay flat as 1:1s pile up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from hiring.coaching.models import ActionItem, MeetingStatus, OneOnOne
from hiring.db import db, utcnow
from hiring.library.schema import ItemKind
from hiring.onboarding.models import PlanItem
from tests import builders

SECRET = "Worried about the Q3 number, keep between us"
TOPIC = "Career path to enterprise AE"


def _page(client, meeting_id: int) -> str:
    return client.get(f"/coaching/one-on-ones/{meeting_id}").get_data(as_text=True)


def test_the_reps_topics_come_first_and_show_their_author(app, client, login, team):
    with app.app_context():
        meeting_id = builders.one_on_one(team.rep, at=utcnow() + timedelta(days=2))
    login(team.manager)
    client.post(f"/coaching/one-on-ones/{meeting_id}/topics", data={"text": "Forecast"})
    login(team.rep)
    client.post(f"/coaching/one-on-ones/{meeting_id}/topics", data={"text": TOPIC})
    client.post(f"/coaching/one-on-ones/{meeting_id}/topics", data={"text": "Demo prep"})
    for reader in (team.rep, team.manager):
        login(reader)
        page = _page(client, meeting_id)
        assert page.index(TOPIC) < page.index("Demo prep") < page.index("Forecast")
        assert "added by Noah Kim (rep)" in page and "added by Morgan Patel (manager)" in page
    refused = client.post(f"/coaching/one-on-ones/{meeting_id}/topics", data={"text": " "})
    assert refused.status_code == 422


def test_either_of_the_two_ticks_a_topic_covered(app, client, login, team):
    with app.app_context():
        meeting_id = builders.one_on_one(
            team.rep, at=utcnow() + timedelta(days=1), topics=[(team.rep, TOPIC)]
        )
        topic_id = db.session.get(OneOnOne, meeting_id).topics[0].id
    login(team.manager)
    client.post(f"/coaching/topics/{topic_id}/covered", data={"covered": "yes"})
    assert '<span class="badge">Covered</span>' in _page(client, meeting_id)
    login(team.peer)
    assert (
        client.post(f"/coaching/topics/{topic_id}/covered", data={"covered": "no"}).status_code
        == 403
    )


def test_action_items_carry_forward_until_done(app, client, login, team):
    now = utcnow()
    with app.app_context():
        first = builders.one_on_one(team.rep, at=now - timedelta(days=14), held=True)
        second = builders.one_on_one(team.rep, at=now - timedelta(days=7), held=True)
        third = builders.one_on_one(team.rep, at=now + timedelta(days=1))
    login(team.manager)
    client.post(
        f"/coaching/one-on-ones/{first}/actions",
        data={
            "text": "Build the territory plan",
            "owner": "rep",
            "due_on": (now.date() + timedelta(days=20)).isoformat(),
        },
    )
    with app.app_context():
        item = db.session.scalar(select(ActionItem))
        assert item.one_on_one_id == first and item.owner_id == team.rep.id
        item_id, version = item.id, item.version
    for meeting in (second, third):
        page = _page(client, meeting)
        assert "Build the territory plan" in page and "(carried forward)" in page
    login(team.rep)
    client.post(f"/coaching/one-on-ones/{second}/actions/{item_id}/done", data={"version": version})
    assert "Build the territory plan" not in _page(client, third)
    with app.app_context():
        assert db.session.get(ActionItem, item_id).done


NOT_PARTIES = ["skip_level", "peer", "buddy", "other_manager", "admin", "interviewer"]


@pytest.mark.parametrize("who", NOT_PARTIES)
def test_only_the_two_read_a_1_1(app, client, login, team, loaded_library, make_user, who):
    buddy = make_user(roles=["interviewer"], name="Bea Buddy")
    with app.app_context():
        builders.plan_for_rep(team.rep, buddy=buddy)
        meeting_id = builders.one_on_one(
            team.rep,
            at=utcnow() - timedelta(days=1),
            held=True,
            topics=[(team.rep, TOPIC)],
            notes=SECRET,
        )
    reader = buddy if who == "buddy" else getattr(team, who)
    login(reader)
    assert client.get(f"/coaching/one-on-ones/{meeting_id}").status_code == 403
    assert (
        client.post(
            f"/coaching/one-on-ones/{meeting_id}/notes",
            data={"notes": "x", "version": 1},
        ).status_code
        == 403
    )
    coaching = client.get(f"/coaching/people/{team.rep.id}")
    assert coaching.status_code == (200 if who == "skip_level" else 403)
    text = coaching.get_data(as_text=True)
    assert SECRET not in text and TOPIC not in text and "Acme renewal" not in text
    if who == "skip_level":  # sees that it happened, not what it held
        assert "Held" in text and f"/coaching/one-on-ones/{meeting_id}" not in text


def test_the_two_read_and_write_the_notes(app, client, login, team):
    with app.app_context():
        meeting_id = builders.one_on_one(team.rep, at=utcnow() + timedelta(days=1))
    login(team.rep)
    response = client.post(
        f"/coaching/one-on-ones/{meeting_id}/notes",
        data={"notes": SECRET, "version": "1"},
    )
    assert response.status_code == 302
    login(team.manager)
    assert SECRET in _page(client, meeting_id)


def test_a_stale_page_is_refused_with_a_conflict_message(app, client, login, team):
    with app.app_context():
        meeting_id = builders.one_on_one(team.rep, at=utcnow() + timedelta(days=1))
    login(team.rep)
    client.post(
        f"/coaching/one-on-ones/{meeting_id}/notes",
        data={"notes": "Mine", "version": "1"},
    )
    login(team.manager)
    response = client.post(
        f"/coaching/one-on-ones/{meeting_id}/notes",
        data={"notes": "Theirs", "version": "1"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Someone changed this 1:1 after you opened the page" in page and "Theirs" in page
    with app.app_context():
        assert db.session.get(OneOnOne, meeting_id).notes == "Mine"


def _held(**fields: str) -> dict[str, str]:
    data = {"version": "1"}
    data.update(fields)
    return data


def test_recording_it_held_needs_a_kind_of_coaching_and_ticks_the_plans_1_1(
    app, client, login, team, loaded_library
):
    with app.app_context():
        builders.plan_for_rep(team.rep)
        builders.coaching_cadence(team.rep)
        meeting_id = builders.one_on_one(team.rep, at=utcnow() - timedelta(minutes=40))
        weekly = db.session.scalar(
            select(PlanItem.id).where(PlanItem.kind == ItemKind.ONE_ON_ONE).limit(1)
        )
        assert weekly is not None
    login(team.rep)
    assert client.post(f"/coaching/one-on-ones/{meeting_id}/held", data=_held()).status_code == 403
    login(team.manager)
    response = client.post(f"/coaching/one-on-ones/{meeting_id}/held", data=_held())
    assert response.status_code == 422
    assert "Tick deal coaching, skill coaching or both" in response.get_data(as_text=True)
    response = client.post(
        f"/coaching/one-on-ones/{meeting_id}/held",
        data=_held(skill_coaching="y", competency_key="nonsense", practised="Role-play"),
    )
    assert "Choose a competency from the rep" in response.get_data(as_text=True)
    response = client.post(
        f"/coaching/one-on-ones/{meeting_id}/held",
        data=_held(
            deal_coaching="y",
            opportunities="Acme renewal",
            next_steps="Proposal by Friday",
            skill_coaching="y",
            competency_key="discovery",
            practised="Open questions",
        ),
    )
    assert response.status_code == 302
    with app.app_context():
        meeting = db.session.get(OneOnOne, meeting_id)
        assert meeting.status == MeetingStatus.HELD and meeting.competency_key == "discovery"
        item = db.session.get(PlanItem, meeting.plan_item_id)
        assert item.kind == ItemKind.ONE_ON_ONE and item.done
        first_open = db.session.scalar(
            select(PlanItem)
            .where(PlanItem.kind == ItemKind.ONE_ON_ONE)
            .order_by(PlanItem.due_date, PlanItem.id)
        )
        assert first_open.id == item.id  # the next open one, soonest due
    page = _page(client, meeting_id)
    assert "Open questions" in page and "Ticked off" in page


def _pile_up(team, count: int) -> int:
    """``count`` held weekly 1:1s back from today, each with two topics and an action item
    (half of them still open); returns the id of an upcoming one."""
    now = utcnow()
    for week in range(count, 0, -1):
        builders.one_on_one(
            team.rep,
            at=now - timedelta(days=7 * week),
            held=True,
            topics=[(team.rep, f"Topic {week}"), (team.manager, f"Manager topic {week}")],
            actions=[(team.rep if week % 2 else team.manager, f"Action {week}")],
            notes=f"Notes {week}",
        )
    return builders.one_on_one(team.rep, at=now + timedelta(days=1), topics=[(team.rep, "Next")])


def test_query_counts_stay_flat_as_1_1s_pile_up(app, client, login, team, count_queries):
    with app.app_context():
        builders.coaching_cadence(team.rep)
        upcoming = _pile_up(team, 5)
    login(team.manager)
    with count_queries() as few_person:
        client.get(f"/coaching/people/{team.rep.id}")
    with count_queries() as few_meeting:
        client.get(f"/coaching/one-on-ones/{upcoming}")
    with app.app_context():
        db.session.execute(
            OneOnOne.__table__.delete().where(OneOnOne.id == upcoming)  # type: ignore[attr-defined]
        )
        db.session.commit()
        upcoming = _pile_up(team, 52)
    with count_queries() as many_person:
        page = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    with count_queries() as many_meeting:
        meeting_page = client.get(f"/coaching/one-on-ones/{upcoming}").get_data(as_text=True)
    assert "Action 1" in meeting_page and "Pages of 1:1s" in page
    assert many_person.count == few_person.count
    assert many_meeting.count == few_meeting.count
