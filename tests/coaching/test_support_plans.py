"""A support plan: drafted by the rep's manager, started only with 2 to 4 expectations and a
30-90 day window (HR told by e-mail, both asked to acknowledge), weekly check-ins, and a
recorded, audited end; it never runs past its window without one."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.coaching.models import SupportPlan, SupportStatus
from hiring.db import db, utcnow
from hiring.mail.models import OutboxMessage
from hiring.timezones import local_date
from tests import builders


def _today():
    return local_date(utcnow())


def _plan(app, plan_id):
    with app.app_context():
        plan = db.session.get(SupportPlan, plan_id)
        db.session.expunge(plan)
        return plan


def test_the_manager_drafts_a_plan_diagnosis_first_suggesting_60_days(client, login, team):
    login(team.manager)
    page = client.get(f"/coaching/people/{team.rep.id}/support-plans/new").get_data(as_text=True)
    assert page.index("Diagnosis first") < page.index("support the company gives")
    start, end = (date.fromisoformat(v) for v in re.findall(r'type="date" value="([0-9-]+)"', page))
    assert (end - start).days == 60
    response = client.post(
        f"/coaching/people/{team.rep.id}/support-plans/new",
        data={
            "diagnosis": "effort_gap",
            "diagnosis_note": "Ten calls a week against forty.",
            "coaching": "A weekly call review",
            "starts_on": start.isoformat(),
            "ends_on": end.isoformat(),
        },
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ten calls a week against forty." in page and "A weekly call review" in page
    assert "A draft: your working copy" in page


@pytest.mark.parametrize("days", [29, 91])
def test_a_window_outside_30_to_90_days_is_refused(client, login, team, days):
    login(team.manager)
    start = _today()
    response = client.post(
        f"/coaching/people/{team.rep.id}/support-plans/new",
        data={
            "diagnosis": "skill_gap",
            "diagnosis_note": "Discovery",
            "training": "Workshop",
            "starts_on": start.isoformat(),
            "ends_on": (start + timedelta(days=days)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert f"this window is {days} days" in response.get_data(as_text=True)


def test_support_is_required(client, login, team):
    login(team.manager)
    start = _today()
    response = client.post(
        f"/coaching/people/{team.rep.id}/support-plans/new",
        data={
            "diagnosis": "skill_gap",
            "diagnosis_note": "Discovery",
            "starts_on": start.isoformat(),
            "ends_on": (start + timedelta(days=60)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "Say what support the company gives" in response.get_data(as_text=True)


@pytest.mark.parametrize("count", [0, 1])
def test_it_cannot_start_without_two_expectations(app, client, login, team, count):
    with app.app_context():
        plan_id = builders.support_plan(team, started=False, expectations=count)
    login(team.manager)
    version = _plan(app, plan_id).version
    client.post(f"/coaching/support-plans/{plan_id}/start", data={"version": version})
    assert _plan(app, plan_id).status == SupportStatus.DRAFT
    page = client.get(f"/coaching/support-plans/{plan_id}").get_data(as_text=True)
    assert "starts with 2 to 4 expectations; this one has" in page


def test_a_fifth_expectation_is_refused(app, client, login, team):
    with app.app_context():
        plan_id = builders.support_plan(team, started=False, expectations=4)
    login(team.manager)
    plan = _plan(app, plan_id)
    response = client.post(
        f"/coaching/support-plans/{plan_id}/expectations",
        data={
            "version": plan.version,
            "outcome": "One more",
            "metric": "Calls",
            "target": "3",
            "due_on": plan.ends_on.isoformat(),
        },
    )
    assert response.status_code == 400
    assert "At most 4 expectations" in response.get_data(as_text=True)


def test_it_cannot_start_with_a_window_edited_out_of_range(app, client, login, team):
    with app.app_context():
        plan_id = builders.support_plan(team, started=False)
        plan = db.session.get(SupportPlan, plan_id)
        plan.ends_on = plan.starts_on + timedelta(days=120)  # as if written by hand
        db.session.commit()
    login(team.manager)
    client.post(
        f"/coaching/support-plans/{plan_id}/start", data={"version": _plan(app, plan_id).version}
    )
    assert _plan(app, plan_id).status == SupportStatus.DRAFT


def test_starting_tells_hr_and_asks_both_to_acknowledge(app, client, login, team):
    with app.app_context():
        plan_id = builders.support_plan(team, started=False)
    login(team.manager)
    response = client.post(
        f"/coaching/support-plans/{plan_id}/start", data={"version": _plan(app, plan_id).version}
    )
    assert response.status_code == 302
    plan = _plan(app, plan_id)
    assert plan.status == SupportStatus.ACTIVE and plan.hr_informed_at is not None
    with app.app_context():
        mails = db.session.scalars(select(OutboxMessage)).all()
        to_hr = [m for m in mails if m.to_address == team.admin.email]
        assert len(to_hr) == 1 and "Support plan started: Noah Kim" in to_hr[0].subject
        assert db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "coaching.support_plan_started")
        )
    page = client.get(f"/coaching/support-plans/{plan_id}").get_data(as_text=True)
    assert "I have read this plan" in page
    client.post(f"/coaching/support-plans/{plan_id}/acknowledge", data={})
    login(team.rep)
    page = client.get(f"/coaching/support-plans/{plan_id}").get_data(as_text=True)
    assert "Your comment" in page
    client.post(
        f"/coaching/support-plans/{plan_id}/acknowledge",
        data={"comment": "I want the extra ride-alongs early."},
    )
    plan = _plan(app, plan_id)
    assert plan.manager_acknowledged_at and plan.rep_acknowledged_at
    page = client.get(f"/coaching/support-plans/{plan_id}").get_data(as_text=True)
    assert "I want the extra ride-alongs early." in page and "I have read this plan" not in page
    # Twice is refused.
    assert client.post(f"/coaching/support-plans/{plan_id}/acknowledge").status_code == 403


def test_the_rep_sees_nothing_of_a_draft_and_everything_once_started(app, client, login, team):
    with app.app_context():
        plan_id = builders.support_plan(team, started=False)
    login(team.rep)
    assert client.get(f"/coaching/support-plans/{plan_id}").status_code == 403
    assert (
        "Support plan"
        not in client.get(f"/coaching/people/{team.rep.id}")
        .get_data(as_text=True)
        .split("Open action items")[0]
    )
    login(team.manager)
    client.post(
        f"/coaching/support-plans/{plan_id}/start", data={"version": _plan(app, plan_id).version}
    )
    login(team.rep)
    page = client.get(f"/coaching/support-plans/{plan_id}").get_data(as_text=True)
    for seen in (
        "Skill gap",
        "Discovery calls stop at the first answer.",
        "Expectation 1",
        "Expectation 2",
        "Discovery workshop",
        "Two extra a month",
        "Weekly check-ins",
    ):
        assert seen in page, seen
    banner = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    assert "support-plan-banner" in banner and re.search(r"6[01] days left", banner)


def test_weekly_check_ins_show_done_and_missing_weeks(app, client, login, team):
    with app.app_context():
        plan_id = builders.support_plan(team)
        builders.move_support_window(plan_id, starts_on=_today() - timedelta(days=20))
    login(team.manager)
    plan = _plan(app, plan_id)
    with app.app_context():
        first = db.session.get(SupportPlan, plan_id).expectations[0].id
    response = client.post(
        f"/coaching/support-plans/{plan_id}/checkins",
        data={
            "held_on": (plan.starts_on + timedelta(days=8)).isoformat(),
            "progress": "at_risk",
            "notes": "Half the calls; the workshop is booked.",
            f"actual_{first}": "5",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/coaching/support-plans/{plan_id}").get_data(as_text=True)
    assert "Half the calls; the workshop is booked." in page
    assert page.count('class="week-done"') == 1 and page.count('class="week-missing"') == 1
    assert page.count('class="week-due"') == 1
    with app.app_context():
        assert db.session.get(SupportPlan, plan_id).expectations[0].actual == 5
    banner = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    assert "1 weekly check-in missing" in banner


def test_it_cannot_run_past_its_window_without_an_outcome(app, client, login, team):
    with app.app_context():
        plan_id = builders.support_plan(team)
        builders.move_support_window(plan_id, starts_on=_today() - timedelta(days=65))
    login(team.manager)
    response = client.post(
        f"/coaching/support-plans/{plan_id}/checkins",
        data={"held_on": _today().isoformat(), "progress": "on_track", "notes": "Late"},
    )
    assert "Past its window: record the outcome" in response.get_data(as_text=True)
    with app.app_context():
        assert not db.session.get(SupportPlan, plan_id).checkins
    for url in (f"/coaching/support-plans/{plan_id}", f"/coaching/people/{team.rep.id}"):
        assert "Past its window: record the outcome" in client.get(url).get_data(as_text=True)
    login(team.rep)
    assert "Past its window" in client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)


def _outcome(client, app, plan_id, **data):
    data.setdefault("version", _plan(app, plan_id).version)
    return client.post(f"/coaching/support-plans/{plan_id}/outcome", data=data)


def test_it_extends_once_only_by_at_most_30_days(app, client, login, team):
    with app.app_context():
        plan_id = builders.support_plan(team)
        # In its last two weeks: the earliest an extension is decided.
        builders.move_support_window(plan_id, starts_on=_today() - timedelta(days=50))
    login(team.manager)
    ends = _plan(app, plan_id).ends_on
    refused = _outcome(
        client, app, plan_id, outcome="extended", note="Pipeline needs time",
        new_ends_on=(ends + timedelta(days=31)).isoformat(),
    )  # fmt: skip
    assert refused.status_code == 400 and "at most 30 days later" in refused.get_data(as_text=True)
    assert _outcome(
        client, app, plan_id, outcome="extended", note="Pipeline needs time",
        new_ends_on=(ends + timedelta(days=30)).isoformat(),
    ).status_code == 302  # fmt: skip
    plan = _plan(app, plan_id)
    assert plan.ends_on == ends + timedelta(days=30) and plan.original_ends_on == ends
    assert plan.status == SupportStatus.ACTIVE and plan.extension_reason == "Pipeline needs time"
    again = _outcome(
        client, app, plan_id, outcome="extended", note="More",
        new_ends_on=(ends + timedelta(days=40)).isoformat(),
    )  # fmt: skip
    assert "extended once already" in again.get_data(as_text=True)
    assert _plan(app, plan_id).ends_on == ends + timedelta(days=30)


def test_the_end_is_audited_and_hr_told(app, client, login, team):
    with app.app_context():
        plan_id = builders.support_plan(team)
    login(team.manager)
    assert _outcome(client, app, plan_id, outcome="met", note="All four weeks at standard.")
    plan = _plan(app, plan_id)
    assert plan.status == SupportStatus.CLOSED and plan.outcome.value == "met"
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "coaching.support_plan_ended")
        )
        assert event is not None and event.after["outcome"] == "met"
        assert event.actor_id == team.manager.id
        subjects = [m.subject for m in db.session.scalars(select(OutboxMessage))]
        assert "Support plan ended: Noah Kim (met)" in subjects
    page = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    history = page[page.index("support-history") :]
    assert "Met: expectations achieved" in history
    # Closed: no more check-ins or outcomes.
    assert _outcome(client, app, plan_id, outcome="ended", note="x").status_code == 400
    assert _plan(app, plan_id).outcome.value == "met"
