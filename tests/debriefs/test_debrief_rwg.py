"""rWG beside the range on the debrief (James, Demaree & Wolf 1984, on the role's 4-level scale)."""

from __future__ import annotations

import html
import re


def _row(page: str, competency: str) -> str:
    """What the matrix row of ``competency`` shows, without tags."""
    start = page.index(competency, page.index("debrief-matrix"))
    row = page[start : page.index("</tr>", start)]
    return " ".join(re.sub(r"<[^>]+>", " ", row).split())


def test_rwg_sits_beside_the_range_with_its_band(client, login, panel) -> None:
    # Jamie Ortiz: discovery 4, closing 3, resilience 3; Sam Rivera: discovery 2, closing 3,
    # resilience not assessed. On 4 levels random rating has variance (16 - 1) / 12 = 1.25.
    login(panel.manager)
    page = html.unescape(
        client.get(f"/applications/{panel.application.id}/debrief").get_data(as_text=True)
    )
    assert "r WG" in " ".join(re.sub(r"<[^>]+>", " ", page).split())
    # Variance 2 > 1.25: 1 - 2 / 1.25 = -0.6, reported as 0.
    assert _row(page, "Discovery").endswith("2 0 (truncated) no agreement 2 · 0")
    assert _row(page, "Closing").endswith("0 1.00 very strong 2 · 0")
    # One rating: no agreement to measure, so no figure at all.
    assert _row(page, "Resilience").endswith("0 1 · 1")
    assert "read it with the range" in page


def test_an_interviewer_who_still_owes_a_card_sees_no_rwg(app, client, login, panel) -> None:
    from tests import builders

    with app.app_context():
        alex = builders.user(roles=["interviewer"], name="Alex Kim")
        builders.interview(panel.application, [alex], stage=0)
    login(alex)
    page = client.get(f"/applications/{panel.application.id}/debrief").get_data(as_text=True)
    assert "very strong" not in page
    assert "read it with the range" not in page


def test_one_interviewer_at_two_stages_is_one_rater(app, client, login, panel) -> None:
    """Jamie rated resilience 3 at a second interview; Sam left it unassessed. Jamie's two
    cards are one person, not two raters agreeing, so there is still no rWG to show."""
    from tests import builders

    with app.app_context():
        builders.held_interview(
            panel.application,
            panel.jamie,
            stage=1,
            submitted_after=builders.timedelta(hours=1),
            ratings={"resilience": 3},
        )
    login(panel.manager)
    page = html.unescape(
        client.get(f"/applications/{panel.application.id}/debrief").get_data(as_text=True)
    )
    resilience = _row(page, "Resilience")
    assert "very strong" not in resilience and "1.00" not in resilience
