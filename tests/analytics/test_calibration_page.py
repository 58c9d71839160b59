"""``/analytics/calibration`` and each interviewer's own page, from real submitted scorecards."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import timedelta

from hiring.scorecards.models import Recommendation
from tests import builders

YES, NO = Recommendation.YES, Recommendation.NO


def _text(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html.unescape(fragment)).split())


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _row(page: str, name: str) -> str:
    """What the calibration table's row of ``name`` shows."""
    start = page.index(f">{name}</a></th>")
    return _text(page[start + 1 : page.index("</tr>", start)])


def _lenient_jamie(app, candidates: int, *, hired: int = 0):
    """Jamie Ortiz rates every candidate one level above Sam Rivera on discovery and closing
    (Jamie 3 and 4, Sam 2 and 3), recommends yes where Sam says no, and both submit five
    hours after the interview ends; the first ``hired`` candidates are hired."""
    with app.app_context():
        morgan = builders.user(roles=["hiring_manager"], name="Morgan Patel")
        jamie = builders.user(roles=["interviewer"], name="Jamie Ortiz")
        sam = builders.user(roles=["interviewer"], name="Sam Rivera")
        opened = builders.position(manager=morgan, title="Account Executive")
        for n in range(candidates):
            applied = builders.rated_candidate(
                opened.id,
                [
                    (jamie, {"discovery": 3, "closing": 4, "resilience": None}, YES),
                    (sam, {"discovery": 2, "closing": 3}, NO),
                ],
                hours_to_submit=5,
            )
            if n < hired:
                builders.hire(applied, morgan)
    return morgan, jamie, sam, opened


def test_leniency_is_flagged_past_ten_shared_candidates(app, client, login, loaded_library):
    morgan, *_ = _lenient_jamie(app, 10, hired=2)
    login(morgan)
    page = _page(client, "/analytics/calibration")
    jamie_row, sam_row = _row(page, "Jamie Ortiz"), _row(page, "Sam Rivera")
    # Jamie: 10 threes and 10 fours of 20 ratings; everyone: 2s, 3s and 4s of 40.
    assert jamie_row.startswith("Jamie Ortiz 10 20 0% / 0% 0% / 25% 50% / 50% 50% / 25%")
    assert "1.00 points above the others" in jamie_row
    assert "Lenient: worth a calibration conversation (0.375 points or more)" in jamie_row
    assert "1.00 points below the others ⚑ Severe: worth a calibration conversation" in sam_row
    # Jamie left resilience unassessed on every card: 10 of 30 answers.
    assert "33%" in jamie_row and "5.0 h" in jamie_row
    assert "2 of 2 (100%)" in jamie_row and "0 of 2 (0%)" in sam_row
    assert page.index("Jamie Ortiz") < page.index("Sam Rivera")
    assert "10 “not assessed” answers were left out" in _text(page)


def test_below_ten_shared_candidates_there_is_no_figure(app, client, login, loaded_library):
    morgan, *_ = _lenient_jamie(app, 3)
    login(morgan)
    page = _page(client, "/analytics/calibration")
    row = _row(page, "Jamie Ortiz")
    assert "not enough shared candidates yet (3 of 10)" in row
    assert "points" not in row and "Lenient" not in row
    assert "no decisions yet" in row


def test_the_csv_shows_the_page_s_figures(app, client, login, loaded_library):
    morgan, *_ = _lenient_jamie(app, 10, hired=2)
    login(morgan)
    page = _page(client, "/analytics/calibration")
    body = client.get("/analytics/calibration.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:4] == ["Interviewer", "Scorecards", "Ratings", "Rated 1"]
    assert [r[0] for r in rows[1:]] == ["Jamie Ortiz", "Sam Rivera", "All interviewers"]
    for row in rows[1:3]:
        shown = _row(page, row[0])
        for cell in row[3:]:
            assert cell.split(" / ")[0] in shown, (cell, shown)
        assert shown.startswith(f"{row[0]} {row[1]} {row[2]}")


def test_an_interviewer_reads_their_own_page_and_no_one_else_s(app, client, login, loaded_library):
    _morgan, jamie, sam, _ = _lenient_jamie(app, 10)
    login(jamie)
    mine = _text(_page(client, "/interviews/mine"))
    assert "My calibration" in mine
    page = _text(_page(client, f"/analytics/interviewers/{jamie.id}"))
    assert "My calibration" in page
    assert "1.00 points above the others" in page and "over 10 shared candidates" in page
    assert "Lenient: worth a calibration conversation" in page
    assert "5.0 h after the interview ended" in page
    assert client.get(f"/analytics/interviewers/{sam.id}").status_code == 404
    assert client.get(f"/analytics/interviewers/{sam.id}.csv").status_code == 404
    assert client.get("/analytics/calibration").status_code == 403
    body = client.get(f"/analytics/interviewers/{jamie.id}.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[1:] == [
        ["1", "0", "0%", "0", "0%"],
        ["2", "0", "0%", "10", "25%"],
        ["3", "10", "50%", "20", "50%"],
        ["4", "10", "50%", "10", "25%"],
    ]


def test_a_hiring_manager_sees_only_their_positions_raters(app, client, login, loaded_library):
    morgan, jamie, _sam, _ = _lenient_jamie(app, 2)
    with app.app_context():
        avery = builders.user(roles=["hiring_manager"], name="Avery Stone")
        alex = builders.user(roles=["interviewer"], name="Alex Kim")
        theirs = builders.position(manager=avery, title="Sales Development Rep")
        builders.rated_candidate(theirs.id, [(alex, {"discovery": 3}, YES)])
    login(morgan)
    page = _page(client, "/analytics/calibration")
    assert "Jamie Ortiz" in page and "Alex Kim" not in page
    assert "Calibration: Jamie Ortiz" in _text(_page(client, f"/analytics/interviewers/{jamie.id}"))
    assert client.get(f"/analytics/interviewers/{alex.id}").status_code == 404
    client.post("/logout")
    login(roles=["admin"])
    assert "Alex Kim" in _page(client, "/analytics/calibration")
    assert client.get(f"/analytics/interviewers/{alex.id}").status_code == 200
    client.post("/logout")
    login(roles=["recruiter"])
    assert client.get("/analytics/calibration").status_code == 403
    assert client.get(f"/analytics/interviewers/{alex.id}").status_code == 404


def test_the_query_counts_stay_the_same_as_candidates_grow(
    app, client, login, loaded_library, count_queries
):
    morgan, jamie, sam, opened = _lenient_jamie(app, 3)

    def add(count: int) -> None:
        with app.app_context():
            for _ in range(count):
                builders.rated_candidate(
                    opened.id, [(jamie, {"discovery": 3}, YES), (sam, {"discovery": 1}, NO)]
                )

    login(morgan)
    urls = ["/analytics/calibration", f"/analytics/interviewers/{jamie.id}"]
    few = []
    for url in urls:
        with count_queries() as counted:
            _page(client, url)
        few.append(counted.count)
    add(9)
    for url, before in zip(urls, few, strict=True):
        with count_queries() as counted:
            page = _page(client, url)
        assert "12" in _text(page)
        assert counted.count == before, (url, counted)


def test_only_the_decision_stage_s_recommendations_are_matched(app, client, login, loaded_library):
    """Jamie's phone-screen "no" is not compared with the hire decided after Sam's behavioural
    interview: only cards from the stage the decision was taken at count."""
    with app.app_context():
        morgan = builders.user(roles=["hiring_manager"], name="Morgan Patel")
        jamie = builders.user(roles=["interviewer"], name="Jamie Ortiz")
        sam = builders.user(roles=["interviewer"], name="Sam Rivera")
        opened = builders.position(manager=morgan, title="Account Executive")
        for _ in range(2):
            applied = builders.rated_candidate(
                opened.id,
                [(jamie, {"discovery": 2}, NO)],
                stage=0,
                starts_in=timedelta(days=-5),
            )
            booked = builders.interview(applied, [sam], stage=1)
            builders.scored_card(booked, sam, {"discovery": 3}, YES)
            builders.hire(applied, morgan)
        # Screened "yes" and never decided: nothing to compare with.
        builders.rated_candidate(opened.id, [(jamie, {"discovery": 3}, YES)], stage=0)
    login(morgan)
    page = _page(client, "/analytics/calibration")
    assert "no decisions yet" in _row(page, "Jamie Ortiz")
    assert "2 of 2 (100%)" in _row(page, "Sam Rivera")
    assert "Only scorecards from the stage the decision was taken at count" in _text(page)


def test_the_leniency_threshold_follows_the_four_level_scale(app, client, login, loaded_library):
    """0.4 points above the others on a 4-level scale is past 0.375 (0.5 of a 5-level scale's
    four steps is 0.375 of three), so it is flagged."""
    with app.app_context():
        morgan = builders.user(roles=["hiring_manager"], name="Morgan Patel")
        jamie = builders.user(roles=["interviewer"], name="Jamie Ortiz")
        sam = builders.user(roles=["interviewer"], name="Sam Rivera")
        opened = builders.position(manager=morgan, title="Account Executive")
        for n in range(10):
            builders.rated_candidate(
                opened.id,
                [(jamie, {"discovery": 3 if n < 4 else 2}, YES), (sam, {"discovery": 2}, NO)],
            )
    login(morgan)
    page = _page(client, "/analytics/calibration")
    jamie_row = _row(page, "Jamie Ortiz")
    assert "0.40 points above the others" in jamie_row
    assert "Lenient: worth a calibration conversation (0.375 points or more)" in jamie_row
    assert "flagged from 0.375 points (half a point on a 5-level scale" in _text(page)
