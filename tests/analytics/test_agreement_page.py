"""``/analytics/agreement``: built from real submitted scorecards, the page shows known figures."""

from __future__ import annotations

import csv
import html
import io
import re

import krippendorff
import numpy as np

from hiring.scorecards.models import Recommendation
from tests import builders

YES, NO = Recommendation.YES, Recommendation.NO


def _page(client, url: str = "/analytics/agreement") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def _text(fragment: str) -> str:
    """What a reader sees of ``fragment``: no tags, single spaces."""
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


def _row(page: str, group: str, competency: str) -> str:
    """What the row of ``competency`` in ``group``'s table shows."""
    table = page[page.index(group) :]
    start = table.index(f'<th scope="row">{competency}</th>')
    return _text(table[start : table.index("</tr>", start)])


def test_a_panel_that_agrees_perfectly_has_alpha_and_icc_of_one(
    app, client, login, loaded_library
) -> None:
    admin = login(roles=["admin"])
    with app.app_context():
        jamie = builders.user(roles=["interviewer"], name="Jamie Ortiz")
        sam = builders.user(roles=["interviewer"], name="Sam Rivera")
        opened = builders.position(title="Account Executive")
        for n in range(10):
            level = n % 4 + 1
            rec = YES if level >= 3 else NO
            ratings: dict[str, int | None] = {"discovery": level, "closing": level}
            builders.rated_candidate(opened.id, [(jamie, ratings, rec), (sam, ratings, rec)])
    del admin
    page = _page(client)
    discovery = _row(page, "Position: Account Executive", "Discovery")
    assert "1.00 (1.00 to 1.00)" in discovery
    assert "reliable" in discovery
    assert "ICC(2,1): 1.00 (1.00 to 1.00)" in discovery
    assert "The same 2 interviewers rated every candidate, so the two-way ICC(2,1) fits" in page
    assert "is above the .77 to .79 that structured interviews" in page
    recs = page[page.index("Hire or no hire") :]
    assert "100%" in recs


#: Discovery ratings by Jamie, Sam and Alex for eleven candidates (None: not on that panel).
#: Alex sits on some panels only, so the design calls for the one-way ICC(1).
UNEVEN = [
    (4, 3, None), (2, 2, 1), (1, 2, None), (3, 3, 4), (4, 4, None), (2, 1, 2),
    (3, 4, None), (1, 1, 1), (2, 3, None), (4, 3, 3), (3, None, None),
]  # fmt: skip


def _uneven_panels(app) -> None:
    """Eleven candidates; the last one's second interviewer marked discovery "not assessed",
    so that candidate has one rating and is not pairable."""
    with app.app_context():
        people = [
            builders.user(roles=["interviewer"], name=name)
            for name in ("Jamie Ortiz", "Sam Rivera", "Alex Kim")
        ]
        opened = builders.position(title="Account Executive")
        for n, levels in enumerate(UNEVEN):
            cards: list[builders.Card] = []
            for person, level in zip(people, levels, strict=True):
                if level is not None or (n == len(UNEVEN) - 1 and person is people[1]):
                    rec = YES if (level or 0) >= 3 else NO
                    cards.append((person, {"discovery": level}, rec))
            builders.rated_candidate(opened.id, cards)


def test_alpha_on_uneven_panels_matches_the_krippendorff_package(
    app, client, login, loaded_library
) -> None:
    _uneven_panels(app)
    login(roles=["admin"])
    raters_by_units = np.array(
        [[np.nan if u[r] is None else u[r] for u in UNEVEN] for r in range(3)], dtype=float
    )
    expected = krippendorff.alpha(reliability_data=raters_by_units, level_of_measurement="ordinal")
    page = _page(client)
    discovery = _row(page, "Position: Account Executive", "Discovery")
    # Eleven candidates were rated, 26 ratings; ten have two or more.
    assert discovery.startswith(f"Discovery 11 26 {expected:.2f} (")
    assert "Candidates met different interviewers, so the one-way ICC(1) fits" in page
    assert "ICC(1): " in discovery and "ICC(1,k): " in discovery
    assert "1 “not assessed” answer was left out of every figure" in page
    assert "Role profile: " in page


def test_below_ten_candidates_the_page_says_not_enough_data(
    app, client, login, loaded_library
) -> None:
    with app.app_context():
        jamie = builders.user(roles=["interviewer"], name="Jamie Ortiz")
        sam = builders.user(roles=["interviewer"], name="Sam Rivera")
        opened = builders.position(title="Account Executive")
        for n in range(9):
            ratings: dict[str, int | None] = {"discovery": n % 4 + 1}
            builders.rated_candidate(opened.id, [(jamie, ratings, YES), (sam, ratings, NO)])
    login(roles=["admin"])
    page = _page(client)
    discovery = _row(page, "Position: Account Executive", "Discovery")
    words = "Not enough data: 9 candidates with 2+ ratings, at least 10 needed."
    assert words in discovery
    assert "Not enough data yet to compare with the benchmark." in page
    recs = page[page.index("Hire or no hire") :]
    assert "Not enough data: 9 candidates with 2+ recommendations, at least 10 needed." in recs


def test_the_csv_shows_the_page_s_figures(app, client, login, loaded_library) -> None:
    _uneven_panels(app)
    login(roles=["admin"])
    page = _page(client)
    response = client.get("/analytics/agreement.csv")
    assert response.headers["Content-Disposition"] == 'attachment; filename="agreement.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:6] == ["Group", "Name", "Competency", "Candidates", "Ratings",
                           "Alpha (ordinal) with 95% CI"]  # fmt: skip
    assert {r[0] for r in rows[1:]} == {"Position", "Role profile"}
    for group, name, competency, candidates, ratings, alpha, words, *icc in rows[1:]:
        shown = _row(page, f"{group}: {name}", competency)
        assert shown.startswith(f"{competency} {candidates} {ratings} {alpha}")
        assert words in shown and icc[0] in shown and icc[1] in shown
    recs = client.get("/analytics/agreement.csv?table=recommendations").get_data(as_text=True)
    recs_rows = list(csv.reader(io.StringIO(recs.lstrip("\ufeff"))))
    table = _text(page[page.index("Hire or no hire") :])
    for group, name, candidates, agreeing, alpha in recs_rows[1:]:
        assert f"{group} {name} {candidates} {agreeing} {alpha}" in table


def test_a_hiring_manager_reads_only_their_positions(app, client, login, loaded_library) -> None:
    with app.app_context():
        morgan = builders.user(roles=["hiring_manager"], name="Morgan Patel")
        avery = builders.user(roles=["hiring_manager"], name="Avery Stone")
        jamie = builders.user(roles=["interviewer"], name="Jamie Ortiz")
        mine = builders.position(manager=morgan, title="Account Executive")
        theirs = builders.position(manager=avery, title="Sales Development Rep")
        for opened in (mine, theirs):
            builders.rated_candidate(opened.id, [(jamie, {"discovery": 3}, YES)])
    login(morgan)
    page = _page(client)
    assert "Position: Account Executive" in page
    assert "Sales Development Rep</option>" not in page
    assert "Position: Sales Development Rep" not in page


def test_the_query_count_stays_the_same_as_candidates_grow(
    app, client, login, loaded_library, count_queries
) -> None:
    with app.app_context():
        jamie = builders.user(roles=["interviewer"], name="Jamie Ortiz")
        sam = builders.user(roles=["interviewer"], name="Sam Rivera")
        opened = builders.position(title="Account Executive")

    def add(count: int) -> None:
        with app.app_context():
            for n in range(count):
                ratings: dict[str, int | None] = {"discovery": n % 4 + 1, "closing": None}
                builders.rated_candidate(opened.id, [(jamie, ratings, YES), (sam, ratings, NO)])

    login(roles=["admin"])
    add(3)
    with count_queries() as few:
        _page(client)
    add(9)
    with count_queries() as many:
        page = _page(client)
    assert "Discovery 12 24" in _text(page)
    assert many.count == few.count, many


def test_all_competencies_needs_ten_distinct_candidates(app, client, login, loaded_library) -> None:
    """Seven candidates rated on five competencies are 35 (candidate, competency) units but
    seven candidates: the overall row and the benchmark sentence say not enough data."""
    with app.app_context():
        jamie = builders.user(roles=["interviewer"], name="Jamie Ortiz")
        sam = builders.user(roles=["interviewer"], name="Sam Rivera")
        opened = builders.position(title="Account Executive")
        keys = ("discovery", "closing", "objections", "resilience", "coachability")
        for n in range(7):
            own = {key: (n + c) % 4 + 1 for c, key in enumerate(keys)}
            other = {key: min(4, level + n % 2) for key, level in own.items()}
            builders.rated_candidate(opened.id, [(jamie, dict(own), YES), (sam, dict(other), NO)])
    login(roles=["admin"])
    page = _page(client)
    overall = _row(page, "Position: Account Executive", "All competencies")
    words = "Not enough data: 7 candidates with 2+ ratings, at least 10 needed."
    assert overall.count(words) == 2  # alpha and ICC
    assert "Not enough data yet to compare with the benchmark." in page


def test_the_csv_table_is_read_through_a_form(app, client, login, loaded_library) -> None:
    """``table=recommendations`` picks the hire/no-hire table; anything else, the default."""
    login(roles=["admin"])
    recs = client.get("/analytics/agreement.csv?table=recommendations").get_data(as_text=True)
    assert recs.lstrip("\ufeff").startswith("Group,Name,Candidates with a recommendation")
    other = client.get("/analytics/agreement.csv?table=nonsense").get_data(as_text=True)
    assert other.lstrip("\ufeff").startswith("Group,Name,Competency,Candidates")


def test_each_row_s_icc_form_is_explained(app, client, login, loaded_library) -> None:
    """Discovery's panels differ (one-way ICC(1)); closing was rated by the same two people on
    every candidate (two-way ICC(2,1)): the note under the table names both, row by row."""
    with app.app_context():
        people = [
            builders.user(roles=["interviewer"], name=name)
            for name in ("Jamie Ortiz", "Sam Rivera", "Alex Kim")
        ]
        opened = builders.position(title="Account Executive")
        for n in range(10):
            level = n % 4 + 1
            cards: list[builders.Card] = [
                (people[0], {"discovery": level, "closing": level}, YES),
                (people[1], {"discovery": level, "closing": level}, YES),
            ]
            if n % 2:
                cards.append((people[2], {"discovery": level}, YES))
            builders.rated_candidate(opened.id, cards)
    login(roles=["admin"])
    page = _text(_page(client))
    assert "Which ICC each row uses, and why:" in page
    assert (
        "Closing : The same 2 interviewers rated every candidate, so the two-way ICC(2,1)" in page
    )
    assert "Discovery : Candidates met different interviewers, so the one-way ICC(1)" in page
    assert "All competencies : Candidates met different interviewers" in page
    assert "the ICC's interval treats those as separate candidates" in page
