"""Deny by default, checked against every endpoint the app registers.

New endpoints are covered automatically: an anonymous visitor is turned away from every
endpoint that is not on the public allowlist, and a signed-in user may reach an endpoint only
if ``ACCESS`` below says their role may. An endpoint missing from ``ACCESS`` fails the suite,
so whoever adds one must decide who may use it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from werkzeug.routing import IntegerConverter, Rule

from hiring.auth.models import Role

ANYONE = frozenset(Role)  # every signed-in user, whatever their role
ADMIN = frozenset({Role.ADMIN})
LIBRARY_READERS = frozenset({Role.ADMIN, Role.HIRING_MANAGER, Role.RECRUITER, Role.INTERVIEWER})
LIBRARY_AUTHORS = frozenset({Role.ADMIN, Role.HIRING_MANAGER})
POSITION_STAFF = frozenset({Role.ADMIN, Role.HIRING_MANAGER, Role.RECRUITER})
PLAN_EDITORS = frozenset({Role.ADMIN, Role.HIRING_MANAGER})
CANDIDATE_MANAGERS = frozenset({Role.ADMIN, Role.RECRUITER})
APPLICATION_READERS = frozenset({Role.ADMIN, Role.HIRING_MANAGER, Role.RECRUITER, Role.INTERVIEWER})
CALIBRATION_READERS = frozenset({Role.ADMIN, Role.HIRING_MANAGER})

#: The only endpoints reachable without signing in. Keep it short.
PUBLIC = {
    "static",
    "favicon",
    "auth.login",
    "auth.set_password",
    "home.healthz",
    "calendar.feed",
    # A candidate's voluntary self-identification: the secret single-use link is the permission.
    "selfid.answer",
    "selfid.thanks",
}

#: Which roles may use each non-public endpoint.
ACCESS: dict[str, frozenset[Role]] = {
    "home.index": ANYONE,
    "auth.logout": ANYONE,
    "auth.account": ANYONE,
    "auth.change_password": ANYONE,
    # Object rule: a person ends only their own sessions (another's session id is refused).
    "auth.end_session": ANYONE,
    "auth.end_other_sessions": ANYONE,
    "auth.end_all_sessions": ANYONE,
    "auth.time_zone": ANYONE,
    "users.index": ADMIN,
    "users.invite": ADMIN,
    "users.edit": ADMIN,
    "users.deactivate": ADMIN,
    "users.reactivate": ADMIN,
    "users.send_link": ADMIN,
    "audit.index": ADMIN,
    "analytics.index": POSITION_STAFF,
    "analytics.funnel": POSITION_STAFF,
    "analytics.funnel_csv": POSITION_STAFF,
    "analytics.funnel_stages_csv": POSITION_STAFF,
    "analytics.quality": POSITION_STAFF,
    "analytics.quality_csv": POSITION_STAFF,
    "analytics.agreement": POSITION_STAFF,
    "analytics.agreement_csv": POSITION_STAFF,
    "analytics.calibration": CALIBRATION_READERS,
    "analytics.calibration_csv": CALIBRATION_READERS,
    # Object rule: the interviewer themself, admins, and hiring managers for interviewers who
    # rated on their positions (404 for everyone else).
    "analytics.interviewer": APPLICATION_READERS,
    "analytics.interviewer_csv": APPLICATION_READERS,
    "analytics.impact": ADMIN,
    "analytics.impact_csv": ADMIN,
    "analytics.import_self_id": ADMIN,
    "analytics.request_self_id": CANDIDATE_MANAGERS,
    "mail.index": ADMIN,
    "mail.detail": ADMIN,
    "library.index": LIBRARY_READERS,
    # Reference ratings would spoil practice: only admins write (and read) them here.
    "library.new_reference_answer": ADMIN,
    "library.competency": LIBRARY_READERS,
    "library.role": LIBRARY_READERS,
    "library.new_competency": LIBRARY_AUTHORS,
    "library.new_question": LIBRARY_AUTHORS,
    "library.lint_text": LIBRARY_AUTHORS,
    "library.edit_question": LIBRARY_AUTHORS,
    "library.clear_question_flag": ADMIN,
    "library.edit_competency": LIBRARY_AUTHORS,
    "positions.index": POSITION_STAFF,
    "positions.new": POSITION_STAFF,
    "positions.detail": POSITION_STAFF,
    "positions.edit": POSITION_STAFF,
    "positions.plan": POSITION_STAFF,
    "positions.add_stage": PLAN_EDITORS,
    "positions.update_stage": PLAN_EDITORS,
    "positions.remove_stage": PLAN_EDITORS,
    "positions.clear_stage_flag": ADMIN,
    "positions.move_stage": PLAN_EDITORS,
    "positions.add_question": PLAN_EDITORS,
    "positions.remove_question": PLAN_EDITORS,
    "positions.move_question": PLAN_EDITORS,
    # Object rule: staff who see the plan, or a default interviewer of the stage.
    "positions.kit": frozenset({Role.ADMIN, Role.HIRING_MANAGER, Role.RECRUITER}),
    "packets.stage": frozenset({Role.ADMIN, Role.HIRING_MANAGER, Role.RECRUITER}),
    # Object rule: hiring managers only see candidates who applied to a position they manage.
    "candidates.index": POSITION_STAFF,
    "candidates.detail": POSITION_STAFF,
    "candidates.new": CANDIDATE_MANAGERS,
    "candidates.edit": CANDIDATE_MANAGERS,
    "candidates.upload_resume": CANDIDATE_MANAGERS,
    "candidates.apply": CANDIDATE_MANAGERS,
    # Object rule: interviewers only for candidates they interview.
    "candidates.resume": APPLICATION_READERS,
    # Object rule: interviewers read (never change) applications they interview for.
    "applications.detail": APPLICATION_READERS,
    "applications.move": POSITION_STAFF,
    "applications.hold": POSITION_STAFF,
    "applications.reactivate": POSITION_STAFF,
    "applications.reject": POSITION_STAFF,
    "applications.withdraw": POSITION_STAFF,
    # Object rule: hiring managers only for positions they manage.
    "applications.pipeline": POSITION_STAFF,
    "applications.pipeline_column": POSITION_STAFF,
    # Interviews: object rules on top (assigned interviewers, or staff of the opening).
    "interviews.mine": APPLICATION_READERS,
    "interviews.mine_list": APPLICATION_READERS,
    "interviews.overdue": CANDIDATE_MANAGERS,
    "interviews.schedule": POSITION_STAFF,
    "interviews.detail": APPLICATION_READERS,
    "interviews.cancel": POSITION_STAFF,
    "interviews.kit": APPLICATION_READERS,
    "interviews.invite": APPLICATION_READERS,
    "packets.interview": APPLICATION_READERS,
    # Only the assigned interviewer's own card: everyone else gets 404.
    "scorecards.scorecard": APPLICATION_READERS,
    "scorecards.autosave": APPLICATION_READERS,
    # Debriefs: staff of the opening, and interviewers once their own cards are in.
    "debriefs.debrief": APPLICATION_READERS,
    "packets.decision_memo": APPLICATION_READERS,
    "debriefs.decide": POSITION_STAFF,
    # Comparison: the position's hiring manager and recruiter, and admins.
    "debriefs.compare": POSITION_STAFF,
    "debriefs.side_by_side": POSITION_STAFF,
    "debriefs.compare_csv": POSITION_STAFF,
    "packets.finalists": POSITION_STAFF,
    "packets.analytics_report": POSITION_STAFF,
    # A finalists' packet built in the background: its requester only (404 for others).
    "packets.build": POSITION_STAFF,
    "packets.build_status": POSITION_STAFF,
    "packets.download_build": POSITION_STAFF,
    "packets.retry_build": POSITION_STAFF,
    # Onboarding: object rules (new hire, manager, buddy, skip-level) on top.
    # Buddies who are interviewers reach it through their plans (object rule).
    "onboarding.index": frozenset({Role.ADMIN, Role.HIRING_MANAGER, Role.NEW_HIRE}),
    "onboarding.new": PLAN_EDITORS,
    "onboarding.plan": ANYONE,
    "packets.onboarding_plan": ANYONE,
    "onboarding.complete": ANYONE,
    "onboarding.reopen": ANYONE,
    "onboarding.actual": ANYONE,
    "onboarding.move_start": ANYONE,
    "onboarding.rate_checkin": ANYONE,
    "onboarding.sign_off": ANYONE,
    "onboarding.schedule_checkin": ANYONE,
    "onboarding.calendar_token": ANYONE,
    "onboarding.record_meeting": ANYONE,
    "onboarding.add_item": ANYONE,
    "onboarding.remove_item": ANYONE,
    "onboarding.reschedule_item": ANYONE,
    "onboarding.add_goal": ANYONE,
    "onboarding.remove_goal": ANYONE,
    "onboarding.reword_goal": ANYONE,
    # Object rules: the plan's manager (or an admin) scores certifications and rates
    # competencies at a check-in (tests/onboarding/test_certification_scores.py).
    "onboarding.score_certification": ANYONE,
    "onboarding.rate_checkin_competencies": ANYONE,
    # Coaching: the index for people managers (a rep with a manager is let in by an object
    # rule and sent to their own page); the rest are object rules (tests/coaching).
    "coaching.index": PLAN_EDITORS,
    # Interviewer training: everyone who may sit on a panel practises (their own results
    # only: tests/training); people managers read who is qualified and sign people off.
    "training.index": APPLICATION_READERS,
    "training.course_page": APPLICATION_READERS,
    "training.complete_course": APPLICATION_READERS,
    "training.practice_set": APPLICATION_READERS,
    "training.start_practice": APPLICATION_READERS,
    "training.rate": APPLICATION_READERS,
    "training.qualifications": PLAN_EDITORS,
    "training.sign_off": PLAN_EDITORS,
    "training.policy": ADMIN,
    "coaching.person": ANYONE,
    "coaching.complete_action": ANYONE,
    # Object rule: only the rep ranks their own motivators (tests/coaching/test_motivators.py).
    "coaching.motivators_form": ANYONE,
    # 1:1s: object rules only (the two parties; the manager runs them), tests/coaching.
    "coaching.set_cadence": ANYONE,
    "coaching.add_one_on_one": ANYONE,
    "coaching.one_on_one": ANYONE,
    "coaching.add_topic": ANYONE,
    "coaching.mark_topic": ANYONE,
    "coaching.save_notes": ANYONE,
    "coaching.add_action": ANYONE,
    "coaching.complete_one_on_one_action": ANYONE,
    "coaching.record_held": ANYONE,
    "coaching.move": ANYONE,
    "coaching.cancel": ANYONE,
    # Support plans: object rules (the rep's manager writes; rep, skip-level and HR read).
    "coaching.new_support_plan": ANYONE,
    "coaching.support_plan": ANYONE,
    "coaching.edit_support_plan": ANYONE,
    "coaching.add_support_expectation": ANYONE,
    "coaching.remove_support_expectation": ANYONE,
    "coaching.start_support_plan": ANYONE,
    "coaching.move_support_plan_to_today": ANYONE,
    "coaching.discard_support_plan": ANYONE,
    "coaching.acknowledge_support_plan": ANYONE,
    "coaching.support_checkin": ANYONE,
    "coaching.support_outcome": ANYONE,
    "packets.support_plan": ANYONE,
    # Ride-alongs: object rules (the manager plans and debriefs, the rep assesses, the
    # skip-level reads; tests/coaching/test_ride_along_access.py).
    "coaching.new_ride_along": ANYONE,
    "coaching.ride_along": ANYONE,
    "coaching.edit_ride_along": ANYONE,
    "coaching.assess_ride_along": ANYONE,
    "coaching.debrief_ride_along": ANYONE,
    "coaching.cancel_ride_along": ANYONE,
}


def _rules(app: Flask) -> list[Rule]:
    return sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint)


def _requests(app: Flask, rule: Rule) -> Iterator[tuple[str, str]]:
    """(method, url) for every method of ``rule``, with placeholder values for its arguments."""
    values = {
        name: 1 if isinstance(converter, IntegerConverter) else "x"
        for name, converter in rule._converters.items()
    }
    adapter = app.url_map.bind("localhost")
    url = adapter.build(rule.endpoint, values, force_external=False)
    for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
        yield method, url


def test_public_allowlist_is_exactly_as_documented(app):
    from hiring.permissions import is_public

    public = {rule.endpoint for rule in app.url_map.iter_rules() if is_public(app, rule.endpoint)}
    assert public == PUBLIC


def test_every_endpoint_has_an_access_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - PUBLIC
    missing = sorted(endpoints - set(ACCESS))
    assert not missing, f"add these endpoints to ACCESS in {__file__}: {missing}"
    stale = sorted(set(ACCESS) - endpoints)
    assert not stale, f"ACCESS lists endpoints that no longer exist: {stale}"


def test_anonymous_visitors_are_sent_to_login_or_refused(app, client):
    checked = 0
    for rule in _rules(app):
        if rule.endpoint in PUBLIC:
            continue
        for method, url in _requests(app, rule):
            response = client.open(url, method=method)
            checked += 1
            if url.endswith((".json", ".csv", ".pdf", ".ics")):
                assert response.status_code == 401, (method, url)
            else:
                assert response.status_code == 302, (method, url, response.status_code)
                assert response.headers["Location"].startswith("/login?next="), (method, url)
    assert checked >= len(ACCESS)


def test_anonymous_json_clients_get_401_not_a_redirect(client):
    response = client.get("/", headers={"Accept": "application/json"})
    assert response.status_code == 401
    assert response.json["error"] == "unauthorized"


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_each_role_is_refused_everywhere_it_does_not_belong(app, client, login, role):
    login(roles=[role])
    refused = allowed = 0
    for rule in _rules(app):
        if rule.endpoint in PUBLIC:
            continue
        for method, url in _requests(app, rule):
            response = client.open(url, method=method)
            assert response.status_code < 500, (method, url, response.status_code)
            if role in ACCESS[rule.endpoint]:
                allowed += 1
                assert response.status_code not in (401, 403), (method, url)
                if rule.endpoint == "auth.logout" and method == "POST":
                    login(roles=[role])  # signed ourselves out; carry on as a fresh user
            else:
                refused += 1
                assert response.status_code in (403, 404), (role, method, url)
    assert allowed and (refused or role == Role.ADMIN)


def test_deactivated_users_lose_their_session_at_once(app, client, login):
    from hiring.auth.models import User
    from hiring.db import db

    user = login(roles=["admin"])
    assert client.get("/").status_code == 200
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    assert client.get("/").status_code == 302
