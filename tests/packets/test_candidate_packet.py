"""The decision memo: what the debrief shows, on paper, and nothing the reader may not see."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hiring.db import db
from hiring.packets import render
from hiring.scorecards.models import (
    Scorecard,
    ScorecardNote,
    ScorecardRating,
    ScorecardStatus,
)
from tests.builders import decide, submit_scorecard
from tests.debriefs.evidence import other_stages_cancelled
from tests.support.pdf import bookmarks, contains, flat, read, text_of, unembedded_fonts

HOSTILE = '<script>alert(1)</script><img src="file:///etc/passwd">'


def test_memo_has_profile_scorecards_debrief_decision_and_timeline(app, client, login, panel):
    manager, _jamie, _sam, _position, application, _interview = panel
    other_stages_cancelled(app, panel)
    login(manager)
    decide(
        client,
        application.id,
        outcome="reject",
        rationale="Discovery was thin in the role-play.",
        override_reason="Two raters apart on discovery; the reference check was weak.",
    )
    response = client.get(f"/applications/{application.id}/packet.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="application-{application.id}-decision-memo.pdf"'
    )
    text, pages = text_of(response.data)
    words = flat(text)
    assert 3 <= pages <= 12
    # Profile, both scorecards with ratings, anchors and evidence.
    assert "Marcus Bell" in words and "Morgan Patel" in words
    assert "Jamie Ortiz" in words and "Sam Rivera" in words
    assert "Repeated, measured impact." in words  # Jamie's 4 on discovery, with its anchor
    assert "Vague example." in words  # Sam's 2
    assert contains(words, "discovery evidence <em>4</em>")  # typed markup comes out as text
    assert "Not assessed" in words  # Sam's resilience
    # The debrief: the formula against the bar, the flag, the recommendations.
    assert "3.00" in words and "bar 2.8" in words
    assert "Raters are two or more levels apart on Discovery" in words
    assert "Strong yes: 1" in words and "No: 1" in words
    # The decision with its rationale and override reason.
    assert "Against the formula" in words
    assert "Discovery was thin in the role-play." in words
    assert "the reference check was weak." in words
    # The timeline, and the running header and footer.
    assert "Decision: Reject Discovery was thin in the role-play." in words
    assert "Confidential" in words and f"Page 1 of {pages}" in words
    assert "prepared for Morgan Patel" in words
    # One bookmark per section; metadata; fonts embedded.
    assert {"Marcus Bell", "Summary", "Debrief", "Scorecards", "Timeline"} <= set(
        bookmarks(response.data)
    )
    meta = read(response.data).metadata
    assert meta.title.startswith("Decision memo: Marcus Bell, ")
    assert meta.author == "Hiring & Onboarding"
    assert unembedded_fonts(response.data) == []


def test_drafts_and_unsubmitted_interviewers_never_appear(
    app, client, login, make_user, panel, schedule
):
    manager, jamie, _sam, _position, application, _interview = panel
    pat = make_user(roles=["interviewer"], name="Pat Quinn")
    second = schedule([pat], application=application, stage=2)
    login(pat)
    submit_scorecard(
        app, client, second.id, {"discovery": 1, "closing": 1}, "strong_no", submit=False
    )
    with app.app_context():  # a draft with words no one else may read
        card = db.session.scalar(select(Scorecard).where(Scorecard.interview_id == second.id))
        assert card.status == ScorecardStatus.DRAFT
        for rating in card.ratings:
            rating.evidence = "PAT-DRAFT-EVIDENCE"
        db.session.commit()
    # Pat may not read the memo until their own card is in.
    assert client.get(f"/applications/{application.id}/packet.pdf").status_code == 403
    client.post("/logout")
    for reader in (manager, jamie):
        login(reader)
        text, _pages = text_of(client.get(f"/applications/{application.id}/packet.pdf").data)
        assert "Pat Quinn" in text  # named as awaited...
        assert not contains(text, "PAT-DRAFT-EVIDENCE") and "Strong no: 0" in flat(
            text
        )  # ...never read
        client.post("/logout")


def test_only_what_the_debrief_shows_never_private_notes(app, client, login, panel):
    manager, jamie, sam, _position, application, _interview = panel
    with app.app_context():  # Jamie's own summary and STAR notes are for Jamie alone
        card = db.session.scalar(select(Scorecard).where(Scorecard.interviewer_id == jamie.id))
        card.summary = "JAMIE-PRIVATE-SUMMARY"
        question_id = card.interview.stage.questions[0].question_id
        db.session.add(
            ScorecardNote(scorecard_id=card.id, question_id=question_id, situation="JAMIE-STAR")
        )
        db.session.commit()
    for reader in (manager, sam):
        login(reader)
        debrief = client.get(f"/applications/{application.id}/debrief").get_data(as_text=True)
        memo = text_of(client.get(f"/applications/{application.id}/packet.pdf").data)[0]
        for private in ("JAMIE-PRIVATE-SUMMARY", "JAMIE-STAR"):
            assert private not in debrief and not contains(memo, private)
        client.post("/logout")


def test_typed_markup_is_literal_and_fetches_nothing(app, client, login, panel):
    manager, *_rest, application, _interview = panel
    with app.app_context():
        for rating in db.session.scalars(select(ScorecardRating)):
            rating.evidence = HOSTILE
        db.session.commit()
    login(manager)
    decide(client, application.id, outcome="hold", rationale=HOSTILE, decide_now_reason=HOSTILE)
    text, _pages = text_of(client.get(f"/applications/{application.id}/packet.pdf").data)
    assert HOSTILE in text.replace("\n", "")
    assert "root:" not in text


def test_repeat_downloads_are_cached_and_revalidate_with_an_etag(
    app, client, login, panel, monkeypatch
):
    manager, *_rest, application, _interview = panel
    other_stages_cancelled(app, panel)
    renders: list[int] = []
    real = render.html_to_pdf

    def counting(html: str, static_folder: str, on_part: object = None) -> bytes:
        renders.append(1)
        return real(html, static_folder)

    monkeypatch.setattr(render, "html_to_pdf", counting)
    login(manager)
    url = f"/applications/{application.id}/packet.pdf"
    first = client.get(url)
    etag = first.headers["ETag"]
    assert first.status_code == 200 and etag and "no-cache" in first.headers["Cache-Control"]
    again = client.get(url)
    assert again.data == first.data and again.headers["ETag"] == etag and len(renders) == 1
    unchanged = client.get(url, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.data == b"" and len(renders) == 1
    # Any change to what is in it makes a new packet.
    decide(
        client,
        application.id,
        outcome="hire",
        rationale="Strong evidence.",
        start_date="2027-01-11",
    )
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag and len(renders) == 2
    words = flat(text_of(changed.data)[0])
    assert "Strong evidence." in words and "Starts 11 Jan 2027, reporting to Morgan Patel." in words


def test_memo_prints_a_decision_taken_before_the_evidence_was_complete(client, login, panel):
    manager, *_rest, application, _interview = panel
    login(manager)
    decide(
        client,
        application.id,
        outcome="hold",
        rationale="Holding for references.",
        decide_now_reason="The candidate leaves the country; the role-play cannot happen.",
    )
    words = flat(text_of(client.get(f"/applications/{application.id}/packet.pdf").data)[0])
    assert "Decided before the evidence was complete" in words
    assert "The candidate leaves the country; the role-play cannot happen." in words
    assert "Not enough evidence" in words and "Role Play: scorecards not all in." in words


def test_access_follows_the_debrief(client, login, panel):
    *_rest, application, _interview = panel
    url = f"/applications/{application.id}/packet.pdf"
    assert client.get(url).status_code == 401
    login(roles=["interviewer"])  # not on this panel
    assert client.get(url).status_code == 403
    client.post("/logout")
    login(roles=["hiring_manager"])  # another manager's opening
    assert client.get(url).status_code == 403
    client.post("/logout")
    login(roles=["recruiter"])
    assert client.get(url).status_code == 200
    assert client.get("/applications/999999/packet.pdf").status_code == 404


@pytest.mark.parametrize("app_config", [{"PACKET_PAGE_SIZE": "Letter"}])
def test_page_size_is_a_setting(client, login, panel):
    manager, *_rest, application, _interview = panel
    login(manager)
    page = read(client.get(f"/applications/{application.id}/packet.pdf").data).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)
