"""``/analytics/agreement``: built from real submitted scorecards, the page shows known figures."""

from __future__ import annotations

import html
import re

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
