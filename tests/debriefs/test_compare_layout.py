"""The comparison built for the decision meeting (#13): pinned verdict columns, side by side on
its own page, and a chart that keeps "against the bar" apart from "what the formula says"."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tests.builders import submit_scorecard


class _Cells(HTMLParser):
    """Every table cell of the page, with its attributes, text and the classes of the
    containers it sits in."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[dict[str, str]] = []
        self.open: list[tuple[str, dict[str, str]]] = []
        self.cell: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag in ("th", "td"):
            self.cell = {
                "tag": tag,
                **values,
                "text": "",
                "within": " ".join(a.get("class", "") for _t, a in self.open),
                "regions": " ".join(a.get("role", "") for _t, a in self.open),
            }
            self.cells.append(self.cell)
        if tag not in ("input", "br", "img", "link", "meta", "circle", "line"):
            self.open.append((tag, values))

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop()[0] != tag:
            pass
        if tag in ("th", "td"):
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell["text"] += data


def _cells(page: str) -> list[dict[str, str]]:
    parser = _Cells()
    parser.feed(page)
    return [c for c in parser.cells if "compare-table" in c["within"]]


def _header(cells: list[dict[str, str]], starts: str) -> dict[str, str]:
    return next(
        c for c in cells if c.get("scope") == "col" and c["text"].strip().startswith(starts)
    )


def test_candidate_score_and_decision_are_pinned_while_competencies_scroll(client, login, panel):
    login(panel.manager)
    page = client.get(f"/positions/{panel.position.id}/compare").get_data(as_text=True)
    cells = _cells(page)
    pinned = {
        name: _header(cells, name)["class"].split()
        for name in ("Candidate", "Score", "Decision", "Recommendations")
    }
    assert pinned == {
        "Candidate": ["pin", "pin-1"],
        "Score": ["pin", "pin-2", "num"],
        "Decision": ["pin", "pin-3"],
        "Recommendations": ["pin", "pin-4", "pin-last"],
    }
    # Competencies and the stage scroll: not pinned, inside the table's own scroll region.
    discovery = _header(cells, "Discovery")
    assert "pin" not in discovery["class"].split() and "col-competency" in discovery["class"]
    assert "pin" not in _header(cells, "Stage")["class"].split()
    assert all("compare-scroll" in c["within"] and "region" in c["regions"] for c in cells)
    assert re.search(
        r'class="table-wrap compare-scroll" role="region" aria-label="[^"]+" tabindex="0"', page
    )
    # Full names, the must-have rule spelled out (nothing truncated with an ellipsis).
    assert " ".join(discovery["text"].split()) == "Discovery★ must-have, min 3"
    assert "…" not in "".join(c["text"] for c in cells if c.get("scope") == "col")
    # Each row's candidate is its row header, pinned, holding the pick box.
    marcus = next(c for c in cells if c.get("scope") == "row" and "Marcus Bell" in c["text"])
    assert marcus["class"] == "pin pin-1"
    assert f'name="pick" value="{panel.application.id}"' in page
    # Sorting stays; the sort state is on the header cell, not on its link.
    assert _header(cells, "Score").get("aria-sort") == "descending"
    assert not re.search(r"<a [^>]*aria-sort", page)
    page = client.get(f"/positions/{panel.position.id}/compare?sort=name&dir=asc").get_data(
        as_text=True
    )
    assert _header(_cells(page), "Candidate").get("aria-sort") == "ascending"


def _rate(app, client, login, schedule, panel, application):
    """Jamie and Sam both rate discovery (a must-have, minimum 3) 2 and everything else 4: a
    weighted 3.33, above the 2.8 bar, and still "Do not hire" by the formula."""
    booked = schedule([panel.jamie, panel.sam], application=application, stage=1)
    rating = {"discovery": 2, "closing": 4, "objections": 4, "resilience": 4, "coachability": 4}
    for interviewer in (panel.jamie, panel.sam):
        login(interviewer)
        submit_scorecard(app, client, booked.id, rating, "yes")
        client.post("/logout")


def test_side_by_side_is_its_own_page_reached_from_the_picks(
    app, client, login, make_application, schedule, panel
):
    dana = make_application(position=panel.position, name="Dana Cole")
    _rate(app, client, login, schedule, panel, dana)
    login(panel.manager)
    position_id, marcus = panel.position.id, panel.application.id
    compare = client.get(f"/positions/{position_id}/compare").get_data(as_text=True)
    assert f'id="pick-form" action="/positions/{position_id}/compare/side-by-side"' in compare
    assert 'id="side-by-side"' not in compare  # no longer far below the fold of this page
    url = f"/positions/{position_id}/compare/side-by-side?pick={marcus}&pick={dana.id}&status=all"
    response = client.get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>Side by side</h1>" in page
    assert page.index("Marcus Bell") < page.index("Dana Cole")  # in the order picked
    assert "discovery evidence &lt;em&gt;4&lt;/em&gt;" in page
    # The way back keeps the comparison's filters.
    assert f'href="/positions/{position_id}/compare?status=all&amp;sort=score"' in page
    assert "Back to the comparison" in page
    # Fewer than two: the comparison again, saying why (and the one pick stays ticked).
    one = client.get(f"/positions/{position_id}/compare/side-by-side?pick={marcus}")
    assert one.status_code == 302 and f"/positions/{position_id}/compare?" in one.location
    page = client.get(one.location).get_data(as_text=True)
    assert "Pick at least two candidates" in page
    assert f'value="{marcus}" aria-label="Pick Marcus Bell for side by side" checked' in page


def test_an_old_side_by_side_link_redirects_to_the_new_page(
    app, client, login, make_application, schedule, panel
):
    dana = make_application(position=panel.position, name="Dana Cole")
    _rate(app, client, login, schedule, panel, dana)
    login(panel.manager)
    position_id, marcus = panel.position.id, panel.application.id
    old = client.get(f"/positions/{position_id}/compare?pick={marcus}&pick={dana.id}&stage=1")
    assert old.status_code == 302
    assert old.location.startswith(f"/positions/{position_id}/compare/side-by-side?")
    assert f"pick={marcus}&pick={dana.id}" in old.location and "stage=1" in old.location
    assert "Dana Cole" in client.get(old.location).get_data(as_text=True)


def test_side_by_side_is_refused_to_whoever_may_not_compare(client, login, panel):
    url = f"/positions/{panel.position.id}/compare/side-by-side?pick=1&pick=2"
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/login" in anonymous.location
    for roles in (["interviewer"], ["new_hire"], ["hiring_manager"]):  # not this position's
        login(roles=roles)
        assert client.get(url).status_code == 403, roles
        client.post("/logout")


def test_the_chart_keeps_the_bar_apart_from_the_formula(
    app, client, login, make_application, schedule, panel
):
    dana = make_application(position=panel.position, name="Dana Cole")
    _rate(app, client, login, schedule, panel, dana)
    login(panel.manager)
    page = client.get(f"/positions/{panel.position.id}/compare").get_data(as_text=True)
    start = page.index('<svg class="chart" role="img"')
    chart = page[start : page.index("</svg>", start)]
    rows = {
        name: row
        for row in chart.split('<g class="score-row">')[1:]
        for name in ("Dana Cole", "Marcus Bell")
        if f">{name}<" in row
    }
    # Dana: 3.33 is above the 2.8 bar (a filled dot, said in words) and the formula says no
    # because a must-have is below its minimum (its own column, in words).
    dana_row = rows["Dana Cole"]
    assert 'class="at-or-above"' in dana_row and "above the bar" in dana_row
    assert "3.33" in dana_row
    assert 'class="formula formula-reject"' in dana_row
    assert "Do not hire: must-have below minimum" in dana_row
    # The dot's look depends on the bar only: same fill as any other at-or-above dot.
    assert re.search(r'class="at-or-above"[^>]*fill="#1f4f8a"', dana_row)
    # No colour carries the formula's meaning: no green/red anywhere in the chart.
    assert "#b42318" not in chart and "#1e7a4d" not in chart
    # A legend for each meaning, and a text alternative for every row.
    assert "at or above the bar" in chart and "below the bar" in chart
    assert "The formula recommends" in chart
    assert 'aria-labelledby="score-chart-title score-chart-desc"' in chart
    desc = re.search(r'<desc id="score-chart-desc">(.*?)</desc>', chart, re.S)
    assert desc is not None
    assert (
        "Dana Cole: 3.33, above the bar; the formula recommends Do not hire: must-have below"
        " minimum." in " ".join(desc.group(1).split())
    )


def test_the_stage_column_names_a_stage_the_plan_no_longer_has(app, client, login, panel):
    """Every page names a stage the same way (``stage_label``): one the current plan has lost
    reads "Stage N", not "New", which would say the candidate never started."""
    from hiring.applications.models import Application
    from hiring.db import db

    with app.app_context():
        db.session.get(Application, panel.application.id).stage_index = 7
        db.session.commit()
    login(panel.manager)
    page = client.get(f"/positions/{panel.position.id}/compare").get_data(as_text=True)
    stage = next(c for c in _cells(page) if c["tag"] == "td" and "col-stage" in c.get("class", ""))
    assert stage["text"].strip() == "Stage 8"
