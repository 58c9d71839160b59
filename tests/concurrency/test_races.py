"""Simultaneous writes to one row: a clean answer for every request, never a 500, and what is
stored is one of the values sent, with versions that add up.

Each round releases its requests together (a barrier in ``at_once``) against the app served
on real sockets, so the database sees the transactions overlap.
"""

from __future__ import annotations

import json
import re

from sqlalchemy import select

from hiring.applications.models import Application
from hiring.audit.models import AuditEvent
from hiring.db import db
from hiring.onboarding.models import CheckIn
from hiring.scorecards.models import Scorecard
from tests import builders
from tests.support.served import at_once

ROUNDS = 4
SAVES = 10


def _card(app, interview_id):
    with app.app_context():
        card = db.session.scalar(select(Scorecard).where(Scorecard.interview_id == interview_id))
        return card.version, card.summary


def test_simultaneous_autosaves_of_one_card_leave_one_winner(app, make_user, schedule, person):
    jamie = make_user(roles=["interviewer"])
    interview = schedule([jamie])
    tabs = [person(jamie) for _ in range(SAVES)]  # ten tabs of one interviewer
    url = f"/interviews/{interview.id}/scorecard/autosave"
    version, _summary = _card(app, interview.id)
    for round_ in range(ROUNDS):
        sent = [f"round {round_}, tab {n}" for n in range(SAVES)]
        answers = at_once(
            [
                lambda tab=tab, text=text, version=version: tab.post(
                    url, {"version": str(version), "summary": text}, json=True
                )
                for tab, text in zip(tabs, sent, strict=True)
            ]
        )
        statuses = sorted(a.status for a in answers)
        assert set(statuses) <= {200, 409}, statuses
        won = [(a, text) for a, text in zip(answers, sent, strict=True) if a.status == 200]
        # All ten read the same version: exactly one is applied, the rest are told.
        assert len(won) == 1, statuses
        answer, text = won[0]
        assert json.loads(answer.body)["version"] == version + 1
        for lost in (a for a in answers if a.status == 409):
            assert json.loads(lost.body)["error"] == "conflict"
        stored_version, stored_summary = _card(app, interview.id)
        assert (stored_version, stored_summary) == (version + 1, text)
        version = stored_version


def test_simultaneous_checkin_ratings_keep_every_rating_that_was_accepted(app, make_plan, person):
    manager, new_hire, plan_id = make_plan()
    url = f"/onboarding/plans/{plan_id}/checkins/30/rate"
    people = {"manager": [person(manager) for _ in range(3)]}
    people["new_hire"] = [person(new_hire) for _ in range(3)]
    values = ["on_track", "at_risk", "off_track"]
    for round_ in range(ROUNDS):
        sent = [
            (who, tab, values[(n + round_) % 3], f"{who} {n} in round {round_}")
            for who, tabs in people.items()
            for n, tab in enumerate(tabs)
        ]
        answers = at_once(
            [
                lambda tab=tab, value=value, comment=comment: tab.post(
                    url, {"rating": value, "comment": comment}
                )
                for _who, tab, value, comment in sent
            ]
        )
        statuses = [a.status for a in answers]
        assert 500 not in statuses, _first_error(answers)
        accepted: dict[str, list[tuple[str, str]]] = {"manager": [], "new_hire": []}
        for (who, _tab, value, comment), answer in zip(sent, answers, strict=True):
            if answer.status == 302:
                accepted[who].append((value, comment))
            else:  # refused with the reason on the plan page, never silently dropped
                assert answer.status in (400, 409), answer.status
                assert "at the same moment" in answer.body
        with app.app_context():
            checkin = db.session.scalar(
                select(CheckIn).where(CheckIn.plan_id == plan_id, CheckIn.milestone == 30)
            )
            stored = {
                "manager": (checkin.manager_rating, checkin.manager_comment),
                "new_hire": (checkin.new_hire_rating, checkin.new_hire_comment),
            }
        for who in ("manager", "new_hire"):
            # Each person's own ratings are last-writer-wins between their tabs; the other
            # person's rating at the same moment is never lost.
            assert accepted[who], f"every {who} rating was refused: {statuses}"
            rating, comment = stored[who]
            assert (rating.value, comment) in accepted[who]


def test_a_rating_at_the_moment_of_the_sign_off_never_lands_after_it(
    app, client, make_plan, person
):
    """The new hire rates from several tabs while the manager signs off: each rating lands
    before the sign-off or is refused, so the ratings stored are those the sign-off recorded."""
    manager, new_hire, plan_id = make_plan()
    signer = person(manager)
    tabs = [person(new_hire) for _ in range(4)]
    values = ["at_risk", "off_track", "on_track"]
    for round_, milestone in enumerate((30, 60, 90)):
        base = f"/onboarding/plans/{plan_id}/checkins/{milestone}"
        for who in (manager, new_hire):
            builders.log_in(client, who)
            sent = client.post(f"{base}/rate", data={"rating": "on_track", "comment": "First"})
            assert sent.status_code == 302
            client.post("/logout")
        calls = [lambda base=base: signer.post(f"{base}/signoff", {})]
        calls += [
            lambda tab=tab, base=base, value=values[(n + round_) % 3], n=n: tab.post(
                f"{base}/rate", {"rating": value, "comment": f"Tab {n}"}
            )
            for n, tab in enumerate(tabs)
        ]
        answers = at_once(calls)
        assert 500 not in [a.status for a in answers], _first_error(answers)
        for answer in answers[1:]:
            if answer.status != 302:  # refused, with the reason on the plan page
                assert answer.status in (400, 409), answer.status
                assert "its ratings are final" in answer.body
        with app.app_context():
            checkin = db.session.scalar(
                select(CheckIn).where(CheckIn.plan_id == plan_id, CheckIn.milestone == milestone)
            )
            assert checkin.signed_off_at is not None
            events = db.session.scalars(
                select(AuditEvent)
                .where(AuditEvent.object_type == "onboarding_checkins")
                .where(AuditEvent.object_id == checkin.id)
                .order_by(AuditEvent.id)
            ).all()
            actions = [e.action for e in events]
            assert actions.count("onboarding.phase_signed_off") == 1
            assert actions[-1] == "onboarding.phase_signed_off", actions
            assert events[-1].after["new_hire"] == checkin.new_hire_rating.value
            accepted = sum(a.status == 302 for a in answers[1:])
            assert actions.count("onboarding.checkin_rated") == 2 + accepted


def test_a_debrief_opened_by_several_people_at_once_serves_every_one(
    app, make_user, make_position, make_application, person
):
    """Opening a debrief notes when (the first reader's time): five readers at the same moment
    all get the page, and the row's version, which forms were shown at, does not move."""
    manager = make_user(roles=["hiring_manager"])
    recruiter = make_user(roles=["recruiter"])
    admin = make_user(roles=["admin"])
    interviewer = make_user(roles=["interviewer"])
    opening = make_position(manager=manager)
    readers = [person(manager), person(manager), person(recruiter), person(admin), person(admin)]
    for _round in range(ROUNDS):
        candidate = make_application(opening)
        with app.app_context():
            builders.complete_panel(candidate, [interviewer])
            version = db.session.get(Application, candidate.id).version
        url = f"/applications/{candidate.id}/debrief"
        answers = at_once([lambda r=reader, url=url: r.get(url) for reader in readers])
        assert [a.status for a in answers] == [200] * len(readers), _first_error(answers)
        with app.app_context():
            stored = db.session.get(Application, candidate.id)
            assert stored.debrief_opened_at is not None
            assert stored.version == version


def _first_error(answers):
    for answer in answers:
        if answer.status >= 500:
            title = re.search(r"<title>(.*?)</title>", answer.body, re.S)
            return title.group(1) if title else answer.body[:200]
    return ""
