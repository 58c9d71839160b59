"""Debrief, decision and comparison through the app."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from sqlalchemy import select

from hiring.applications.models import Application
from hiring.db import db
from hiring.debriefs.models import Decision
from hiring.interviews.models import Interview
from hiring.scorecards.models import ScorecardAmendment
from tests.builders import submit_scorecard
from tests.debriefs.evidence import other_stages_cancelled


def test_debrief_matrix_flags_and_formula(app, client, login, panel):
    other_stages_cancelled(app, panel)
    manager, *_rest, application, _interview = panel
    login(manager)
    page = client.get(f"/applications/{application.id}/debrief").get_data(as_text=True)
    assert "Debrief: Marcus Bell" in page and "2 submitted scorecards" in page
    # discovery 4 vs 2: flagged, listed first; recommendations conflict.
    matrix = page.split('class="debrief-matrix"')[1]
    assert matrix.index("Discovery") < matrix.index("Closing")
    assert "⚑" in matrix.split("Discovery")[0][-200:]
    assert "Hire and no-hire recommendations conflict" in page
    # Means: discovery 3.0, closing 3.0, objections 3.0, resilience 3.0 (one N/A), coachability 3.0
    # weighted (3*3 + 3*3 + 1*3 + 1*3 + 1*3) / 9 = 3.00 >= 2.8 -> hire.
    assert "3.00" in page and "Formula: Hire" in page
    assert "1 “not assessed” mark, excluded from every mean (never a low score)." in page
    assert "discovery evidence &lt;em&gt;4&lt;/em&gt;" in page and "<em>4</em>" not in page


def test_decision_against_the_formula_needs_an_override_reason(app, client, login, panel):
    other_stages_cancelled(app, panel)
    manager, *_rest, application, _interview = panel
    login(manager)
    response = client.post(
        f"/applications/{application.id}/decision",
        data={"outcome": "reject", "rationale": "Discovery was thin."},
    )
    assert response.status_code == 400
    assert (
        "The formula recommends “Hire”. Deciding otherwise needs a written override reason."
        in response.get_data(as_text=True)
    )
    response = client.post(
        f"/applications/{application.id}/decision",
        data={
            "outcome": "reject",
            "rationale": "Discovery was thin.",
            "override_reason": "Role-play showed pitching, not discovery.",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        decision = db.session.scalar(select(Decision))
        assert decision.outcome.value == "reject" and decision.formula_outcome == "hire"
        assert decision.override_reason == "Role-play showed pitching, not discovery."
        assert db.session.get(Application, application.id).status.value == "rejected"
    page = client.get(f"/applications/{application.id}/debrief").get_data(as_text=True)
    assert "Against the formula" in page


def test_decisions_change_only_by_a_recorded_reversal(app, client, login, panel):
    other_stages_cancelled(app, panel)
    manager, *_rest, application, _interview = panel
    login(manager)
    client.post(
        f"/applications/{application.id}/decision",
        data={
            "outcome": "hold",
            "rationale": "Waiting for headcount.",
            "override_reason": "Budget freeze.",
        },
    )
    again = client.post(
        f"/applications/{application.id}/decision",
        data={"outcome": "hire", "rationale": "Headcount approved.", "start_date": "2027-01-11"},
    )
    assert (
        "already has a decision (Hold). To change it, record a reversal with a reason."
        in again.get_data(as_text=True)
    )
    done = client.post(
        f"/applications/{application.id}/decision",
        data={
            "outcome": "hire",
            "rationale": "Headcount approved.",
            "start_date": "2027-01-11",
            "reversal_reason": "Budget approved on Monday.",
        },
    )
    assert done.status_code == 302
    with app.app_context():
        decisions = db.session.scalars(select(Decision).order_by(Decision.id)).all()
        assert [(d.outcome.value, d.current) for d in decisions] == [
            ("hold", False),
            ("hire", True),
        ]
        assert decisions[1].reverses_id == decisions[0].id
        assert decisions[1].start_date.isoformat() == "2027-01-11"
        assert decisions[1].manager_id == manager.id  # defaults to the hiring manager
        assert db.session.get(Application, application.id).status.value == "hired"
        from hiring.audit.models import AuditEvent

        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.action.like("decision.%"))
        ).all()
        assert actions == ["decision.made", "decision.reversed"]


def test_hire_needs_a_start_date(app, client, login, panel):
    other_stages_cancelled(app, panel)
    manager, *_rest, application, _interview = panel
    login(manager)
    response = client.post(
        f"/applications/{application.id}/decision", data={"outcome": "hire", "rationale": "Strong."}
    )
    assert "Choose the new hire&#39;s start date." in response.get_data(as_text=True)


def test_only_the_hiring_manager_decides(client, login, panel):
    _m, _j, _s, _p, application, _i = panel
    login(roles=["recruiter"])
    assert client.get(f"/applications/{application.id}/debrief").status_code == 200
    assert (
        client.post(
            f"/applications/{application.id}/decision", data={"outcome": "hire"}
        ).status_code
        == 403
    )
    client.post("/logout")
    login(roles=["hiring_manager"])
    assert client.get(f"/applications/{application.id}/debrief").status_code == 403


def test_interviewers_see_the_debrief_only_after_submitting(
    app, client, login, make_user, make_position, make_application, schedule
):
    manager = make_user(roles=["hiring_manager"])
    jamie = make_user(roles=["interviewer"], name="Jamie Ortiz")
    sam = make_user(roles=["interviewer"], name="Sam Rivera")
    application = make_application(position=make_position(manager=manager))
    interview = schedule([jamie, sam], application=application, stage=1)
    login(jamie)
    submit_scorecard(app, client, interview.id, {"discovery": 4}, "yes")
    client.post("/logout")
    login(sam)
    assert client.get(f"/applications/{application.id}/debrief").status_code == 403
    submit_scorecard(app, client, interview.id, {"discovery": 2}, "no")
    assert client.get(f"/applications/{application.id}/debrief").status_code == 200
    client.post("/logout")
    login(roles=["new_hire"])
    assert client.get(f"/applications/{application.id}/debrief").status_code == 403


def test_amendments_after_the_debrief_opened_are_marked(app, client, login, panel):
    manager, jamie, _sam, _position, application, interview = panel
    login(manager)
    client.get(f"/applications/{application.id}/debrief")
    client.post("/logout")
    login(jamie)
    with app.app_context():
        focus = [f.competency_id for f in db.session.get(Interview, interview.id).stage.focus]
    page = client.get(f"/interviews/{interview.id}/scorecard").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    data = {
        "version": version,
        "action": "amend",
        "amend_reason": "Misread notes",
        "recommendation": "yes",
    }
    for cid in focus:
        data[f"rating-{cid}"] = "3"
        data[f"evidence-{cid}"] = "Re-read my notes."
    assert client.post(f"/interviews/{interview.id}/scorecard", data=data).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(ScorecardAmendment)).post_debrief is True
    assert "after the debrief opened" in client.get(
        f"/interviews/{interview.id}/scorecard"
    ).get_data(as_text=True)


def test_comparison_page_and_csv_hold_the_same_numbers(app, client, login, make_application, panel):
    manager, *_rest, position, _application, _interview = panel
    other_stages_cancelled(app, panel)
    make_application(position=position, name="Nobody Interviewed")
    login(manager)
    page = client.get(f"/positions/{position.id}/compare").get_data(as_text=True)
    assert "Compare candidates" in page and "Marcus Bell" in page and "Nobody Interviewed" in page
    assert 'class="chart"' in page and "<svg" in page
    response = client.get(f"/positions/{position.id}/compare.csv")
    assert (
        response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    )
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    marcus = next(r for r in rows if r["candidate"] == "Marcus Bell")
    assert marcus["Discovery (mean)"] == "3.00" and marcus["scorecards"] == "2"
    assert marcus["disagreement_flags"] == "2"  # discovery spread 2 + hire/no-hire conflict
    assert marcus["strong_yes"] == "1" and marcus["no"] == "1"
    assert marcus["formula_score"] == "3.00" and marcus["formula_recommendation"] == "hire"
    nobody = next(r for r in rows if r["candidate"] == "Nobody Interviewed")
    assert nobody["formula_recommendation"] == "insufficient"
    assert "3.00" in page


def test_the_csv_opens_in_excel_with_names_intact(client, login, make_application, panel):
    """Excel reads a CSV without a byte-order mark in the legacy code page ("ZoÃ«")."""
    manager, *_rest, position, _application, _interview = panel
    make_application(position=position, name="Zoë Łukasiewicz-Müller")
    login(manager)
    response = client.get(f"/positions/{position.id}/compare.csv")
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf") and response.mimetype_params["charset"] == "utf-8"
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert next(iter(rows[0])) == "candidate"
    assert "Zoë Łukasiewicz-Müller" in {r["candidate"] for r in rows}


def test_comparison_sorts_filters_and_side_by_side(client, login, make_application, panel):
    manager, *_rest, position, application, _interview = panel
    other = make_application(position=position, name="Aaron Able")
    login(manager)
    page = client.get(f"/positions/{position.id}/compare?sort=name&dir=asc").get_data(as_text=True)
    assert page.index("Aaron Able") < page.index("Marcus Bell")
    page = client.get(f"/positions/{position.id}/compare?stage=new").get_data(as_text=True)
    assert "Aaron Able" in page and "Marcus Bell" not in page
    page = client.get(f"/positions/{position.id}/compare?pick={application.id}").get_data(
        as_text=True
    )
    assert "Pick at least two candidates" in page
    # Side by side has its own page (#13); the old link with two picks leads there.
    response = client.get(
        f"/positions/{position.id}/compare?pick={application.id}&pick={other.id}",
        follow_redirects=True,
    )
    assert response.request.path == f"/positions/{position.id}/compare/side-by-side"
    page = response.get_data(as_text=True)
    assert "Side by side" in page and "discovery evidence &lt;em&gt;4&lt;/em&gt;" in page


def test_comparison_access(client, login, make_user, make_position):
    position = make_position()
    for roles in (["interviewer"], ["new_hire"], ["hiring_manager"]):
        login(roles=roles)
        assert client.get(f"/positions/{position.id}/compare").status_code == 403
        assert client.get(f"/positions/{position.id}/compare.csv").status_code == 403
        client.post("/logout")


def test_comparison_and_debrief_query_counts_are_constant(
    app, client, login, make_user, make_application, schedule, count_queries, panel
):
    manager, jamie, _sam, position, application, _interview = panel
    login(manager)
    with count_queries() as small_compare:
        client.get(f"/positions/{position.id}/compare")
    with count_queries() as small_csv:
        client.get(f"/positions/{position.id}/compare.csv")
    client.get(f"/applications/{application.id}/debrief")
    with count_queries() as small_debrief:
        client.get(f"/applications/{application.id}/debrief")
    client.post("/logout")
    extra = [make_user(roles=["interviewer"]) for _ in range(2)]
    for n in range(6):
        more = make_application(position=position, name=f"Extra {n}")
        interview = schedule(
            [jamie, *extra], application=more, stage=1, starts_in=timedelta(days=-1)
        )
        for person in (jamie, *extra):
            login(person)
            submit_scorecard(app, client, interview.id, {"discovery": 1 + n % 4}, "yes")
            client.post("/logout")
    # More cards on the debriefed application too.
    interview = schedule(extra, application=application, stage=2)
    for person in extra:
        login(person)
        submit_scorecard(app, client, interview.id, {}, "no")
        client.post("/logout")
    login(manager)
    with count_queries() as big_compare:
        page = client.get(f"/positions/{position.id}/compare").get_data(as_text=True)
    assert "Extra 5" in page
    with count_queries() as big_csv:
        client.get(f"/positions/{position.id}/compare.csv")
    with count_queries() as big_debrief:
        page = client.get(f"/applications/{application.id}/debrief").get_data(as_text=True)
    assert "4 submitted scorecards" in page
    assert big_compare.count == small_compare.count, big_compare
    assert big_csv.count == small_csv.count, big_csv
    assert big_debrief.count == small_debrief.count, "\n---\n".join(big_debrief.statements)


def test_a_too_long_rationale_is_refused_and_no_decision_is_stored(app, client, login, panel):
    manager, *_rest, application, _interview = panel
    login(manager)
    response = client.post(
        f"/applications/{application.id}/decision",
        data={"outcome": "hold", "rationale": "r" * 5001, "override_reason": "x"},
    )
    assert response.status_code == 400
    assert "The rationale can be at most 5,000 characters." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Decision.id)) is None
        assert db.session.get(Application, application.id).status.value == "active"
