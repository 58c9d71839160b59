"""What the review of support plans found: a plan started with its window already under way,
nobody told it started, a draft nobody could discard, and an extension that could end in the
past or be recorded on day one."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.coaching.models import SupportPlan, SupportStatus
from hiring.db import db, utcnow
from hiring.mail.models import OutboxMessage
from hiring.timezones import local_date
from tests import builders


def _today() -> date:
    """Today for the people of the team (the pages' today), not the server's UTC date."""
    return local_date(utcnow(), builders.READER_ZONE)


def _plan(app, plan_id):
    with app.app_context():
        plan = db.session.get(SupportPlan, plan_id)
        if plan is not None:
            db.session.expunge(plan)
        return plan


def _backdated_draft(app, team, days_ago=20):
    """A draft written weeks ago and left: its window began ``days_ago`` days back."""
    with app.app_context():
        plan_id = builders.support_plan(team, started=False)
        builders.move_support_window(plan_id, starts_on=_today() - timedelta(days=days_ago))
    return plan_id


# --- 1. the whole window lies ahead at start -----------------------------------------------


def test_a_draft_whose_window_began_is_not_started(app, client, login, team):
    plan_id = _backdated_draft(app, team)
    login(team.manager)
    client.post(
        f"/coaching/support-plans/{plan_id}/start", data={"version": _plan(app, plan_id).version}
    )
    assert _plan(app, plan_id).status == SupportStatus.DRAFT
    page = client.get(f"/coaching/support-plans/{plan_id}").get_data(as_text=True)
    assert "before today: a plan starts with its whole window ahead" in page
    assert "Move the window to start today" in page and "it keeps its 60 days" in page


def test_moving_the_window_keeps_its_length_and_the_expectations_inside(app, client, login, team):
    plan_id = _backdated_draft(app, team)
    login(team.manager)
    before = _plan(app, plan_id)
    response = client.post(
        f"/coaching/support-plans/{plan_id}/move-to-today", data={"version": before.version}
    )
    assert response.status_code == 302
    with app.app_context():
        plan = db.session.get(SupportPlan, plan_id)
        assert plan.starts_on == _today() and (plan.ends_on - plan.starts_on).days == 60
        assert all(e.due_on == plan.ends_on for e in plan.expectations)
        version = plan.version
    page = client.get(f"/coaching/support-plans/{plan_id}").get_data(as_text=True)
    assert "Move the window to start today" not in page
    client.post(f"/coaching/support-plans/{plan_id}/start", data={"version": version})
    assert _plan(app, plan_id).status == SupportStatus.ACTIVE


def test_moving_is_refused_when_the_window_has_not_begun(app, client, login, team):
    with app.app_context():
        plan_id = builders.support_plan(team, started=False)
    login(team.manager)
    before = _plan(app, plan_id)
    client.post(
        f"/coaching/support-plans/{plan_id}/move-to-today", data={"version": before.version}
    )
    assert _plan(app, plan_id).starts_on == before.starts_on >= _today()


def test_only_the_manager_moves_the_window(app, client, login, team):
    plan_id = _backdated_draft(app, team)
    for name in ("rep", "skip_level", "admin", "peer", "other_manager", "interviewer"):
        login(getattr(team, name))
        url = f"/coaching/support-plans/{plan_id}/move-to-today"
        assert client.post(url).status_code == 403, name
    assert _plan(app, plan_id).starts_on < _today()


# --- 2. the rep, the manager and HR are told, with the link; the rep's to-do; HR's list -----


def _start(app, client, login, team, plan_id):
    login(team.manager)
    response = client.post(
        f"/coaching/support-plans/{plan_id}/start", data={"version": _plan(app, plan_id).version}
    )
    assert response.status_code == 302


def test_starting_mails_the_rep_the_manager_and_hr_the_plans_link(app, client, login, team):
    with app.app_context():
        plan_id = builders.support_plan(team, started=False)
    _start(app, client, login, team, plan_id)
    link = f"http://localhost/coaching/support-plans/{plan_id}"
    with app.app_context():
        mails = {m.to_address: m for m in db.session.scalars(select(OutboxMessage))}
    assert set(mails) == {team.rep.email, team.manager.email, team.admin.email}
    assert "Your support plan with Morgan Patel has started" in mails[team.rep.email].subject
    for person in (team.rep, team.manager, team.admin):
        assert link in mails[person.email].body_text, person.email


def test_the_rep_home_asks_to_acknowledge_until_done(app, client, login, team):
    with app.app_context():
        plan_id = builders.support_plan(team, started=False)
    login(team.rep)
    assert "Read and acknowledge your support plan" not in client.get("/").get_data(as_text=True)
    _start(app, client, login, team, plan_id)
    assert "Read and acknowledge your support plan" not in client.get("/").get_data(as_text=True)
    login(team.rep)
    home = client.get("/").get_data(as_text=True)
    assert "Read and acknowledge your support plan" in home
    assert f"/coaching/support-plans/{plan_id}#acknowledgements" in home
    client.post(f"/coaching/support-plans/{plan_id}/acknowledge", data={})
    assert "Read and acknowledge your support plan" not in client.get("/").get_data(as_text=True)


def test_the_rep_home_costs_the_same_with_or_without_a_plan(
    app, client, login, team, count_queries
):
    login(team.rep)
    client.get("/")
    with count_queries() as before:
        client.get("/")
    with app.app_context():
        builders.support_plan(team)
    with count_queries() as after:
        assert "Read and acknowledge" in client.get("/").get_data(as_text=True)
    assert after.count == before.count, (before, after)


def test_hr_lists_the_plans_under_way_with_days_left_and_missing_check_ins(
    app, client, login, team
):
    with app.app_context():
        running = builders.support_plan(team)
        builders.move_support_window(running, starts_on=_today() - timedelta(days=20))
        builders.support_plan_for(team.peer, team.manager, starts_ago=70)
        draft = builders.support_plan_for(team.peer, team.manager, starts_ago=0, started=False)
    login(team.admin)
    page = client.get("/coaching/").get_data(as_text=True)
    section = page[page.index('id="support-plans"') :]
    assert section.index("Ana") < section.index("Noah Kim")  # past its window first
    row = section[section.index(f'id="support-row-{running}"') :].split("</tr>")[0]
    assert "Morgan Patel" in row and "<td>40</td>" in row and "<strong>2</strong>" in row
    assert "Past its window" in section
    assert f'id="support-row-{draft}"' not in section
    login(team.manager)
    assert 'id="support-plans"' not in client.get("/coaching/").get_data(as_text=True)


def test_hr_list_costs_the_same_however_many_plans_and_check_ins(
    app, client, login, team, count_queries
):
    with app.app_context():
        builders.support_plan_for(team.peer, team.manager, starts_ago=30, checkins=1)
    login(team.admin)
    client.get("/coaching/")
    with count_queries() as few:
        client.get("/coaching/")
    with app.app_context():
        for n in range(4):
            rep = builders.user(name=f"Rep {n}", manager_id=team.manager.id)
            builders.support_plan_for(rep, team.manager, starts_ago=30, checkins=4)
    with count_queries() as many:
        page = client.get("/coaching/").get_data(as_text=True)
    assert page.count('id="support-row-') == 5
    assert many.count == few.count, (few, many)


# --- 3. a draft can be discarded (with a tick to confirm), and a new plan opened after -------


def _new_plan(client, team):
    start = _today()
    return client.post(
        f"/coaching/people/{team.rep.id}/support-plans/new",
        data={
            "diagnosis": "skill_gap",
            "diagnosis_note": "Again",
            "training": "Workshop",
            "starts_on": start.isoformat(),
            "ends_on": (start + timedelta(days=60)).isoformat(),
        },
    )


def test_the_manager_discards_a_draft_after_confirming(app, client, login, team):
    with app.app_context():
        plan_id = builders.support_plan(team, started=False)
    login(team.manager)
    assert _new_plan(client, team).status_code == 400  # the draft blocks a new one
    version = _plan(app, plan_id).version
    page = client.get(f"/coaching/support-plans/{plan_id}").get_data(as_text=True)
    assert "Discard this draft" in page
    unconfirmed = client.post(
        f"/coaching/support-plans/{plan_id}/discard", data={"version": version}
    )
    assert unconfirmed.status_code == 400 and "Tick the box" in unconfirmed.get_data(as_text=True)
    assert _plan(app, plan_id) is not None
    response = client.post(
        f"/coaching/support-plans/{plan_id}/discard", data={"version": version, "sure": "y"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/coaching/people/{team.rep.id}")
    assert _plan(app, plan_id) is None
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "coaching.support_plan_discarded")
        )
        assert event is not None and event.actor_id == team.manager.id
        assert event.before["expectations"] == ["Expectation 1", "Expectation 2"]
    assert _new_plan(client, team).status_code == 302


def test_a_started_plan_is_not_discarded(app, client, login, team):
    with app.app_context():
        plan_id = builders.support_plan(team)
    login(team.manager)
    page = client.get(f"/coaching/support-plans/{plan_id}").get_data(as_text=True)
    assert "Discard this draft" not in page
    response = client.post(
        f"/coaching/support-plans/{plan_id}/discard",
        data={"version": _plan(app, plan_id).version, "sure": "y"},
        follow_redirects=True,
    )
    assert "The plan has started" in response.get_data(as_text=True)
    assert _plan(app, plan_id).status == SupportStatus.ACTIVE


def test_only_the_manager_discards(app, client, login, team):
    with app.app_context():
        plan_id = builders.support_plan(team, started=False)
    for name in ("rep", "skip_level", "admin", "peer", "other_manager", "interviewer"):
        login(getattr(team, name))
        url = f"/coaching/support-plans/{plan_id}/discard"
        assert client.post(url, data={"version": 1, "sure": "y"}).status_code == 403, name
    assert _plan(app, plan_id) is not None


# --- 4. an extension: in the last two weeks or after, to a day ahead, at most 30 days on ------


def _extend(client, app, plan_id, new_ends_on):
    return client.post(
        f"/coaching/support-plans/{plan_id}/outcome",
        data={
            "version": _plan(app, plan_id).version,
            "outcome": "extended",
            "note": "The pipeline needs time",
            "new_ends_on": new_ends_on.isoformat(),
        },
    )


def _running_since(app, team, days_ago):
    with app.app_context():
        plan_id = builders.support_plan(team)
        builders.move_support_window(plan_id, starts_on=_today() - timedelta(days=days_ago))
    return plan_id


def test_an_extension_waits_for_the_last_two_weeks(app, client, login, team):
    plan_id = _running_since(app, team, 0)
    login(team.manager)
    ends = _plan(app, plan_id).ends_on
    page = client.get(f"/coaching/support-plans/{plan_id}").get_data(as_text=True)
    assert "decided in the last two weeks of the window" in page
    refused = _extend(client, app, plan_id, ends + timedelta(days=10))
    assert refused.status_code == 400
    assert "An extension is decided in the plan" in refused.get_data(as_text=True)
    assert _plan(app, plan_id).ends_on == ends and _plan(app, plan_id).extended_at is None


def test_an_extension_in_the_last_two_weeks_is_recorded(app, client, login, team):
    plan_id = _running_since(app, team, 47)  # 13 days left: the last two weeks
    login(team.manager)
    ends = _plan(app, plan_id).ends_on
    assert _extend(client, app, plan_id, ends + timedelta(days=20)).status_code == 302
    assert _plan(app, plan_id).ends_on == ends + timedelta(days=20)


def test_after_its_window_the_new_end_lies_ahead(app, client, login, team):
    plan_id = _running_since(app, team, 70)  # ended 10 days ago
    login(team.manager)
    ends = _plan(app, plan_id).ends_on
    past = _extend(client, app, plan_id, ends + timedelta(days=5))  # still in the past
    assert past.status_code == 400 and "Choose a new last day after" in past.get_data(as_text=True)
    assert _plan(app, plan_id).ends_on == ends
    assert _extend(client, app, plan_id, _today() + timedelta(days=14)).status_code == 302
    assert _plan(app, plan_id).ends_on == _today() + timedelta(days=14)


def test_no_extension_once_its_window_ended_a_month_ago(app, client, login, team):
    plan_id = _running_since(app, team, 95)  # ended 35 days ago
    login(team.manager)
    refused = _extend(client, app, plan_id, _today() + timedelta(days=5))
    assert refused.status_code == 400 and "more than 30 days ago" in refused.get_data(as_text=True)
