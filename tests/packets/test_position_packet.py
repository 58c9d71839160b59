"""The position packet: a comparison summary, then each finalist's memo, as one PDF."""

from __future__ import annotations

from hiring.packets import render
from tests.builders import finalists_pdf, submit_scorecard
from tests.support.pdf import bookmarks, contains, flat, text_of


def _second_candidate(app, client, login, make_user, make_application, schedule, position):
    """Dana Lee, rated by a new interviewer; returns (application, interviewer)."""
    avery = make_user(roles=["interviewer"], name="Avery Stone")
    dana = make_application(position=position, name="Dana Lee")
    interview = schedule([avery], application=dana, stage=1)
    login(avery)
    submit_scorecard(app, client, interview.id, {"discovery": 4, "closing": 4}, "strong_yes")
    client.post("/logout")
    return dana, avery


def test_finalists_memos_follow_a_comparison_summary(
    app, client, login, make_user, make_application, schedule, panel
):
    manager, _jamie, _sam, position, marcus, _interview = panel
    _second_candidate(app, client, login, make_user, make_application, schedule, position)
    login(manager)
    # Marcus has a hold decision, so he is a finalist; Dana has cards but is only at "New".
    client.post(
        f"/applications/{marcus.id}/decision",
        data={
            "outcome": "hold",
            "rationale": "Waiting on references.",
            "decide_now_reason": "The role-play is weeks away; holding the slot now.",
        },
    )
    response = finalists_pdf(client, f"/positions/{position.id}/packet.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert f"position-{position.id}-finalists-packet.pdf" in response.headers["Content-Disposition"]
    text, pages = text_of(response.data)
    words = flat(text)
    assert words.index("Comparison summary") < words.index("Decision memo")
    assert "1 finalist, best formula score first" in words
    assert "Marcus Bell" in words and "Waiting on references." in words
    assert not contains(words, "Dana Lee")
    assert contains(words, "discovery evidence <em>2</em>")  # Sam's evidence, from the memo
    assert 3 <= pages <= 14
    marks = bookmarks(response.data)
    assert marks[:3] == ["Comparison summary", "Marcus Bell", "Summary"]
    # Picking on the comparison page chooses the finalists instead.
    picked = finalists_pdf(client, f"/positions/{position.id}/packet.pdf?pick={marcus.id + 1}")
    words = flat(text_of(picked.data)[0])
    assert "Dana Lee" in words and "Marcus Bell" not in words
    both = finalists_pdf(
        client, f"/positions/{position.id}/packet.pdf?pick={marcus.id}&pick={marcus.id + 1}"
    )
    marks = bookmarks(both.data)
    assert marks.index("Dana Lee") < marks.index("Marcus Bell")  # best score first


def test_candidates_the_reader_still_owes_a_card_for_are_left_out(
    app, client, login, make_user, make_application, schedule, panel
):
    manager, _jamie, _sam, position, marcus, _interview = panel
    dana, _avery = _second_candidate(
        app, client, login, make_user, make_application, schedule, position
    )
    # The hiring manager also interviews Dana, and has not submitted yet.
    schedule([manager], application=dana, stage=2)
    login(manager)
    response = finalists_pdf(
        client, f"/positions/{position.id}/packet.pdf?pick={dana.id}&pick={marcus.id}"
    )
    words = flat(text_of(response.data)[0])
    assert "Marcus Bell" in words and not contains(words, "Dana Lee")
    assert not contains(words, "Avery Stone")
    assert "1 candidate is left out because you still owe a scorecard" in words


def test_no_finalists_says_how_to_choose_them(client, login, panel):
    manager, _jamie, _sam, position, _marcus, _interview = panel
    login(manager)
    words = flat(text_of(finalists_pdf(client, f"/positions/{position.id}/packet.pdf").data)[0])
    assert "No finalists yet." in words and "Decision memo" not in words


def test_the_merged_packet_is_cached_and_revalidates(client, login, panel, monkeypatch):
    manager, _jamie, _sam, position, marcus, _interview = panel
    renders: list[int] = []
    real = render.html_to_pdf
    monkeypatch.setattr(
        render,
        "html_to_pdf",
        lambda html, folder, on_part=None: renders.append(1) or real(html, folder, on_part),
    )
    login(manager)
    url = f"/positions/{position.id}/packet.pdf?pick={marcus.id}"
    first = finalists_pdf(client, url)
    # One document (#13: page numbers across the packet), rendered once, by the build's job.
    assert first.status_code == 200 and len(renders) == 1
    # Asked again: its job finds the PDF in the cache (same bytes and ETag, not rendered
    # again); a revalidation of the download is a 304.
    again = finalists_pdf(client, url)
    assert again.status_code == 200 and again.data == first.data and len(renders) == 1
    assert again.headers["ETag"] == first.headers["ETag"]
    download = client.get(url).headers["Location"] + ".pdf"
    assert client.get(download, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


def test_access_follows_the_comparison(client, login, panel):
    *_rest, position, _marcus, _interview = panel
    url = f"/positions/{position.id}/packet.pdf"
    assert client.get(url).status_code == 401
    for roles in (["interviewer"], ["hiring_manager"], ["new_hire"]):
        login(roles=roles)
        assert client.get(url).status_code == 403, roles
        client.post("/logout")
    login(roles=["admin"])
    assert client.get(url).status_code == 303  # to the progress page of its build
    assert client.get("/positions/999999/packet.pdf").status_code == 404
