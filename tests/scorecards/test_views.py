"""Filling scorecards: anchors at the moment of rating, autosave, submit, amend, independence."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.db import db
from hiring.interviews.models import Interview
from hiring.mail.models import OutboxMessage
from hiring.scorecards.models import Scorecard, ScorecardAmendment


def _ids(app, interview_id):
    """(focus competency ids, question ids) of an interview's stage."""
    with app.app_context():
        interview = db.session.get(Interview, interview_id)
        return (
            [f.competency_id for f in interview.stage.focus],
            [q.question_id for q in interview.stage.questions],
        )


def _version(client, interview_id):
    page = client.get(f"/interviews/{interview_id}/scorecard").get_data(as_text=True)
    return int(re.search(r'name="version" value="(\d+)"', page).group(1))


def _complete(app, interview_id, recommendation="yes", rating="3"):
    competencies, questions = _ids(app, interview_id)
    data = {"recommendation": recommendation, "summary": "Strong on discovery."}
    for cid in competencies:
        data[f"rating-{cid}"] = rating
        data[f"evidence-{cid}"] = f"Clear example with numbers ({cid})."
    for qid in questions:
        data[f"note-{qid}-s"] = "Quarter-end, at-risk renewal."
        data[f"note-{qid}-a"] = "Called the CFO."
        data[f"note-{qid}-r"] = "Renewed at +12%."
    return data


def test_the_card_shows_every_anchor_and_not_assessed(app, client, login, make_user, schedule):
    jamie = make_user(roles=["interviewer"])
    interview = schedule([jamie])
    login(jamie)
    page = client.get(f"/interviews/{interview.id}/scorecard").get_data(as_text=True)
    assert "Repeated, measured impact." in page and "No example." in page
    assert page.count('value="na"') == len(_ids(app, interview.id)[0])
    assert "Strong no" in page and "Strong yes" in page
    assert "Situation" in page and "Result" in page


def test_the_card_page_reads_its_stage_and_kit_once(
    app, client, login, make_user, schedule, count_queries
):
    """The card is loaded with everything the kit beside it shows, so the kit does not read
    the stage, its focus, questions or interviewers a second time."""
    jamie = make_user(roles=["interviewer"])
    interview = schedule([jamie])
    login(jamie)
    client.get(f"/interviews/{interview.id}/scorecard")
    with count_queries() as queries:
        page = client.get(f"/interviews/{interview.id}/scorecard").get_data(as_text=True)
    assert "Situation" in page and jamie.name in page
    for table in ("plan_stage_focus", "plan_stage_questions", "plan_stage_interviewers"):
        reads = [s for s in queries.statements if re.search(rf"FROM {table}\b", s)]
        assert len(reads) == 1, (table, reads)
    # A draft is never amended, so its page does not look for amendments.
    assert not any("scorecard_amendments" in s for s in queries.statements)


def test_the_card_page_and_an_autosave_read_their_lists_by_statements_built_once(
    app, client, login, make_user, schedule, relationship_loads
):
    """The card's ratings and notes, its stage's focus, questions and interviewers and its
    interview's panel are read by statements built once per process, not by relationship
    loads (which build their statement and cache key on every request: a fifth of an
    autosave's work)."""
    jamie = make_user(roles=["interviewer"])
    interview = schedule([jamie])
    login(jamie)
    version = _version(client, interview.id)
    with relationship_loads() as on_page:
        page = client.get(f"/interviews/{interview.id}/scorecard")
    with relationship_loads() as on_save:
        saved = client.post(
            f"/interviews/{interview.id}/scorecard/autosave", data={"version": version}
        )
    assert page.status_code == 200 and saved.status_code == 200
    assert on_page == [] and on_save == []


def test_autosave_keeps_every_word_and_reload_shows_it(
    app, client, login, make_user, schedule, count_queries
):
    jamie = make_user(roles=["interviewer"])
    interview = schedule([jamie])
    login(jamie)
    competencies, questions = _ids(app, interview.id)
    version = _version(client, interview.id)
    with count_queries() as queries:
        response = client.post(
            f"/interviews/{interview.id}/scorecard/autosave",
            data={
                "version": version,
                f"note-{questions[0]}-a": "She mapped <b>three</b> stakeholders",
                f"rating-{competencies[0]}": "4",
                f"evidence-{competencies[0]}": "Quantified the cost of inaction.",
            },
        )
    assert response.status_code == 200
    assert response.json["version"] == version + 1
    # An autosave reads only what it checks and writes: no candidate, panel or amendments.
    read = " ".join(s for s in queries.statements if s.lstrip().startswith("SELECT"))
    for table in ("candidates", "interview_interviewers", "scorecard_amendments"):
        assert not re.search(rf"\b{table}\b", read), table
    # "All changes saved at 10:03 CST": the time in Jamie's zone (Chicago), zone named.
    assert re.fullmatch(r"\d\d:\d\d C[SD]T", response.json["saved"])
    page = client.get(f"/interviews/{interview.id}/scorecard").get_data(as_text=True)
    assert "She mapped &lt;b&gt;three&lt;/b&gt; stakeholders" in page
    assert "Quantified the cost of inaction." in page
    assert re.search(rf'name="rating-{competencies[0]}" value="4" checked', page)


def test_submit_needs_ratings_evidence_and_recommendation_but_keeps_the_draft(
    app, client, login, make_user, schedule
):
    jamie = make_user(roles=["interviewer"])
    interview = schedule([jamie])
    login(jamie)
    competencies, _questions = _ids(app, interview.id)
    data = _complete(app, interview.id)
    data[f"evidence-{competencies[0]}"] = ""
    data[f"rating-{competencies[1]}"] = ""
    del data["recommendation"]
    data.update(version=_version(client, interview.id), action="submit")
    response = client.post(f"/interviews/{interview.id}/scorecard", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Write the evidence behind your rating of" in page
    assert ", or mark it not assessed." in page
    assert "Choose an overall recommendation." in page
    assert 'data-refused="false"' in page  # not submitted, but every word is saved
    with app.app_context():
        card = db.session.scalar(select(Scorecard))
        assert card.status.value == "draft"
        assert any(n.action == "Called the CFO." for n in card.notes)


def test_not_assessed_needs_no_evidence_and_is_not_a_score(app, client, login, make_user, schedule):
    jamie = make_user(roles=["interviewer"])
    interview = schedule([jamie])
    login(jamie)
    competencies, _ = _ids(app, interview.id)
    data = _complete(app, interview.id)
    data[f"rating-{competencies[0]}"] = "na"
    data[f"evidence-{competencies[0]}"] = ""
    data.update(version=_version(client, interview.id), action="submit")
    assert client.post(f"/interviews/{interview.id}/scorecard", data=data).status_code == 302
    with app.app_context():
        rating = next(
            r
            for r in db.session.scalar(select(Scorecard)).ratings
            if r.competency_id == competencies[0]
        )
        assert rating.not_assessed and rating.rating is None


def test_submitting_locks_and_changes_become_amendments(app, client, login, make_user, schedule):
    jamie = make_user(roles=["interviewer"], name="Jamie Ortiz")
    interview = schedule([jamie])
    login(jamie)
    competencies, _ = _ids(app, interview.id)
    data = _complete(app, interview.id) | {
        "version": _version(client, interview.id),
        "action": "submit",
    }
    assert client.post(f"/interviews/{interview.id}/scorecard", data=data).status_code == 302
    page = client.get(f"/interviews/{interview.id}/scorecard").get_data(as_text=True)
    assert "Submitted and locked." in page
    version = _version(client, interview.id)
    # A plain save (e.g. a stale tab) is refused.
    locked = client.post(
        f"/interviews/{interview.id}/scorecard", data=data | {"version": version, "action": "save"}
    )
    assert "This scorecard is submitted and locked." in locked.get_data(as_text=True)
    assert (
        client.post(
            f"/interviews/{interview.id}/scorecard/autosave", data={"version": version}
        ).status_code
        == 409
    )
    # An amendment needs a reason.
    changed = data | {f"rating-{competencies[0]}": "2", "version": version, "action": "amend"}
    refused = client.post(
        f"/interviews/{interview.id}/scorecard", data=changed | {"amend_reason": " "}
    )
    assert "Say why you are changing a submitted scorecard." in refused.get_data(as_text=True)
    done = client.post(
        f"/interviews/{interview.id}/scorecard",
        data=changed | {"amend_reason": "Misread my notes."},
    )
    assert done.status_code == 302
    page = client.get(f"/interviews/{interview.id}/scorecard").get_data(as_text=True)
    assert "“Misread my notes.”" in page
    with app.app_context():
        amendment = db.session.scalar(select(ScorecardAmendment))
        assert amendment.before["ratings"][str(competencies[0])]["rating"] == 3
        assert amendment.after["ratings"][str(competencies[0])]["rating"] == 2
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.object_type == "scorecards")
        ).all()
        assert actions == ["scorecard.submitted", "scorecard.amended"]


def test_a_stale_tab_gets_a_conflict_page_with_both_versions(
    app, client, login, make_user, schedule
):
    jamie = make_user(roles=["interviewer"])
    interview = schedule([jamie])
    login(jamie)
    competencies, _ = _ids(app, interview.id)
    stale = _version(client, interview.id)
    client.post(
        f"/interviews/{interview.id}/scorecard/autosave",
        data={"version": stale, f"evidence-{competencies[0]}": "Written in tab one"},
    )
    autosave = client.post(
        f"/interviews/{interview.id}/scorecard/autosave",
        data={"version": stale, f"evidence-{competencies[0]}": "Written in tab two"},
    )
    assert autosave.status_code == 409 and autosave.json["error"] == "conflict"
    response = client.post(
        f"/interviews/{interview.id}/scorecard",
        data={
            "version": stale,
            "action": "save",
            f"evidence-{competencies[0]}": "Written in tab two",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Not saved: this scorecard changed elsewhere" in page
    assert "Written in tab one" in page and "Written in tab two" in page
    keep_mine = re.search(
        r'name="version" value="(\d+)"', page.split("Keep my version")[0].rsplit("<form", 1)[1]
    ).group(1)
    client.post(
        f"/interviews/{interview.id}/scorecard",
        data={
            "version": keep_mine,
            "action": "save",
            f"evidence-{competencies[0]}": "Written in tab two",
        },
    )
    with app.app_context():
        rating = next(
            r
            for r in db.session.scalar(select(Scorecard)).ratings
            if r.competency_id == competencies[0]
        )
        assert rating.evidence == "Written in tab two"


def test_nobody_else_reads_or_writes_a_card(app, client, login, make_user, schedule):
    jamie = make_user(roles=["interviewer"])
    sam = make_user(roles=["interviewer"])
    recruiter = make_user(roles=["recruiter"])
    interview = schedule([jamie])
    for person in (sam, recruiter):
        login(person)
        assert client.get(f"/interviews/{interview.id}/scorecard").status_code == 404
        assert (
            client.post(f"/interviews/{interview.id}/scorecard", data={"version": 1}).status_code
            == 404
        )
        assert (
            client.post(
                f"/interviews/{interview.id}/scorecard/autosave", data={"version": 1}
            ).status_code
            == 404
        )
        client.post("/logout")


def test_independence_before_and_after_submitting(app, client, login, make_user, schedule):
    jamie = make_user(roles=["interviewer"], name="Jamie Ortiz")
    sam = make_user(roles=["interviewer"], name="Sam Rivera")
    recruiter = make_user(roles=["recruiter"], name="Riley Brooks")
    interview = schedule([jamie, sam])
    login(jamie)
    data = _complete(app, interview.id, recommendation="strong_no") | {
        "version": _version(client, interview.id),
        "action": "submit",
    }
    client.post(f"/interviews/{interview.id}/scorecard", data=data)
    client.post("/logout")

    login(sam)
    # Sam starts a draft with a recommendation of his own, not yet submitted.
    client.post(
        f"/interviews/{interview.id}/scorecard/autosave",
        data={"version": _version(client, interview.id), "recommendation": "strong_yes"},
    )
    page = client.get(f"/interviews/{interview.id}").get_data(as_text=True)
    assert "Strong no" not in page
    assert "Other interviewers' ratings stay hidden until you submit your own scorecard" in page
    scorecard_page = client.get(f"/interviews/{interview.id}/scorecard").get_data(as_text=True)
    assert "Clear example with numbers" not in scorecard_page
    assert 'value="strong_no" checked' not in scorecard_page
    data = _complete(app, interview.id, recommendation="yes") | {
        "version": _version(client, interview.id),
        "action": "submit",
    }
    client.post(f"/interviews/{interview.id}/scorecard", data=data)
    page = client.get(f"/interviews/{interview.id}").get_data(as_text=True)
    assert "Strong no" in page and "hidden until" not in page
    client.post("/logout")

    login(recruiter)
    page = client.get(f"/interviews/{interview.id}").get_data(as_text=True)
    assert "Strong no" in page


def test_drafts_are_never_shown_to_others(app, client, login, make_user, schedule):
    jamie = make_user(roles=["interviewer"], name="Jamie Ortiz")
    recruiter = make_user(roles=["recruiter"])
    interview = schedule([jamie])
    login(jamie)
    client.post(
        f"/interviews/{interview.id}/scorecard/autosave",
        data={"version": _version(client, interview.id), "recommendation": "strong_yes"},
    )
    client.post("/logout")
    login(recruiter)
    page = client.get(f"/interviews/{interview.id}").get_data(as_text=True)
    assert "Strong yes" not in page
    assert "overdue" in page.lower()


def test_reminders_go_out_once_a_day_per_overdue_card(app, make_user, schedule):
    from freezegun import freeze_time

    jamie = make_user(roles=["interviewer"], name="Jamie Ortiz")
    schedule([jamie], starts_in=timedelta(days=-3))
    schedule([jamie], starts_in=timedelta(hours=-2))  # not due yet
    runner = app.test_cli_runner()
    result = runner.invoke(args=["reminders", "send"])
    assert "Queued 1 scorecard reminder" in result.output
    assert "Queued 0 scorecard reminders" in runner.invoke(args=["reminders", "send"]).output
    with freeze_time(timedelta(days=1)):
        assert "Queued 2 scorecard reminders" in runner.invoke(args=["reminders", "send"]).output
    with app.app_context():
        messages = db.session.scalars(select(OutboxMessage)).all()
        assert len(messages) == 3 + 2  # 2 invitations, then 3 reminders
        assert any(m.subject.startswith("Scorecard overdue: Casey Candidate") for m in messages)


def test_home_pages_show_due_and_overdue_scorecards(client, login, make_user, schedule):
    jamie = make_user(roles=["interviewer"], name="Jamie Ortiz")
    schedule([jamie], starts_in=timedelta(days=-3))
    login(jamie)
    page = client.get("/").get_data(as_text=True)
    assert "Scorecards due" in page and "Overdue" in page
    client.post("/logout")
    login(roles=["recruiter"])
    page = client.get("/").get_data(as_text=True)
    assert (
        "Overdue scorecards (1)" in page and "<strong>Jamie Ortiz</strong> owes a scorecard" in page
    )


def test_too_long_evidence_is_refused_beside_the_field_and_nothing_is_stored(
    app, client, login, make_user, schedule
):
    jamie = make_user(roles=["interviewer"])
    interview = schedule([jamie])
    login(jamie)
    competencies, questions = _ids(app, interview.id)
    version = _version(client, interview.id)
    too_long = "word " * 2001  # 10,005 characters once trimmed
    data = _complete(app, interview.id) | {
        "version": version,
        "action": "save",
        f"evidence-{competencies[0]}": too_long,
    }
    response = client.post(f"/interviews/{interview.id}/scorecard", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "can be at most 10,000 characters." in page
    assert f'id="evidence-{competencies[0]}-error"' in page
    assert too_long.strip() in page  # shown back in full, never cut
    # Nothing was saved: the page tells scorecard.js to keep its copy and warn on closing.
    assert 'data-refused="true"' in page
    assert 'data-refused="false"' in client.get(f"/interviews/{interview.id}/scorecard").text
    autosave = client.post(
        f"/interviews/{interview.id}/scorecard/autosave",
        data={"version": version, f"note-{questions[0]}-r": too_long},
    )
    assert autosave.status_code == 400
    assert autosave.json["field"] == f"note-{questions[0]}-r"
    assert "at most 10,000 characters" in autosave.json["message"]
    with app.app_context():
        card = db.session.scalar(select(Scorecard))
        assert card.version == version and not card.ratings and not card.notes


def test_a_stale_submit_gets_the_conflict_page_and_submits_nothing(
    app, client, login, make_user, schedule
):
    jamie = make_user(roles=["interviewer"])
    interview = schedule([jamie])
    login(jamie)
    stale = _version(client, interview.id)
    client.post(
        f"/interviews/{interview.id}/scorecard/autosave",
        data={"version": stale, "summary": "Saved in the other tab"},
    )
    data = _complete(app, interview.id) | {"version": stale, "action": "submit"}
    response = client.post(f"/interviews/{interview.id}/scorecard", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Not saved: this scorecard changed elsewhere" in page
    assert "Keeping yours saves it as a draft" in page
    assert "Saved in the other tab" in page and "Strong on discovery." in page
    with app.app_context():
        card = db.session.scalar(select(Scorecard))
        assert not card.is_submitted and card.summary == "Saved in the other tab"


def test_a_submit_after_the_interview_was_cancelled_meanwhile_goes_back_to_my_interviews(
    app, client, login, make_user, schedule, monkeypatch
):
    """The card was loaded while the interview was scheduled and the cancellation landed
    before the submission locked the row (PostgreSQL lets them interleave; on SQLite the
    card lookup is made to miss the cancellation)."""
    from hiring.interviews.queries import load_interview
    from hiring.scorecards import card_loading

    jamie = make_user(roles=["interviewer"])
    interview = schedule([jamie])
    login(jamie)
    version = _version(client, interview.id)
    with app.app_context():
        db.session.get(Interview, interview.id).status = "cancelled"
        db.session.commit()

    def card_loaded_before_the_cancellation(user, interview_id, **_options):
        found = load_interview(interview_id)
        return next(c for c in found.scorecards if c.interviewer_id == user.id)

    monkeypatch.setattr(card_loading, "own_card", card_loaded_before_the_cancellation)
    data = _complete(app, interview.id) | {"version": version, "action": "submit"}
    response = client.post(f"/interviews/{interview.id}/scorecard", data=data)
    assert response.status_code == 302 and response.location.endswith("/interviews/mine")
    page = client.get(response.location).get_data(as_text=True)
    assert "This interview was cancelled, so its scorecard can no longer be submitted." in page
    with app.app_context():
        assert not db.session.scalar(select(Scorecard)).is_submitted
