"""A shadow's card is kept out of every debrief, comparison and formula: a panel with and
without one reads the same, and the panel is complete without it."""

from __future__ import annotations

import re

from hiring.auth.models import User
from hiring.db import db
from hiring.debriefs.comparison import evidence_for, rows_for
from hiring.debriefs.models import ComparisonScore
from hiring.debriefs.queries import awaiting_decision, load_debrief, pending_stages
from hiring.positions.models import Position
from hiring.scorecards.late_changes import late_changes
from tests import builders
from tests.builders import amend_scorecard, log_in, shadow_card, submit_scorecard, switch_to
from tests.debriefs.evidence import other_stages_cancelled


def _same_page(html: str) -> str:
    """A page without what differs between two renders of the same data (form tokens)."""
    html = re.sub(r'name="csrf-token" content="[^"]*"', "", html)
    return re.sub(r'name="csrf_token"[^>]*value="[^"]*"', "", html)


def _debrief(app, application_id: int) -> tuple[object, ...]:
    with app.app_context():
        d = load_debrief(application_id)
        assert d is not None
        return (
            repr(d.formula),
            [c.id for c in d.submitted],
            [c.id for c in d.pending],
            {key: sorted(cells) for key, cells in d.cells.items()},
            d.recommendations,
            d.recommendation_conflict,
        )


def test_the_debrief_and_its_formula_read_the_same_with_a_shadow_card(app, client, panel):
    other_stages_cancelled(app, panel)
    before = _debrief(app, panel.application.id)
    url = f"/applications/{panel.application.id}/debrief"
    log_in(client, panel.manager)
    page = client.get(url).get_data(as_text=True)
    client.post("/logout")
    shadow_card(app, client, panel.interview)  # every competency 1, Strong no
    assert _debrief(app, panel.application.id) == before
    log_in(client, panel.manager)
    after = client.get(url).get_data(as_text=True)
    assert "Riley Chen" not in after
    assert _same_page(after) == _same_page(page)


def test_a_shadow_card_not_in_yet_holds_up_no_one(app, client, panel):
    other_stages_cancelled(app, panel)
    shadow_card(app, client, panel.interview, submit=False)
    with app.app_context():
        position = db.session.get(Position, panel.position.id)
        assert pending_stages(position, [panel.application.id]) == {panel.application.id: []}
        manager = db.session.get(User, panel.manager.id)
        assert [a.id for a in awaiting_decision(manager)] == [panel.application.id]
        d = load_debrief(panel.application.id)
        assert d is not None and d.pending == [] and d.formula.pending_stages == []
    log_in(client, panel.manager)
    page = client.get(f"/applications/{panel.application.id}/debrief").get_data(as_text=True)
    assert "scorecards not all in" not in page
    assert "Riley Chen" not in page


def _second_candidate(app, client, panel) -> builders.ApplicationRef:
    """Dana Cole, interviewed by the same panel: discovery 2 from both, everything else 3, a
    Yes and a No (just below Marcus Bell, so a shadow's 1s on Marcus would reorder them)."""
    with app.app_context():
        dana = builders.application(panel.position.id, name="Dana Cole")
        booked = builders.interview(dana, [panel.jamie, panel.sam], stage=1)
    log_in(client, panel.jamie)
    submit_scorecard(app, client, booked.id, {"discovery": 2}, "yes")
    switch_to(client, panel.sam)
    submit_scorecard(app, client, booked.id, {"discovery": 2}, "no")
    client.post("/logout")
    return dana


def _rows(app, position_id: int) -> dict[int, tuple[object, ...]]:
    with app.app_context():
        position = db.session.get(Position, position_id)
        return {
            app_id: (repr(row.formula), row.scorecards, row.recommendations, row.flags)
            for app_id, row in rows_for(position).items()
        }


def _evidence(app, ids: list[int]) -> dict[tuple[int, str], list[tuple[str, int | None]]]:
    with app.app_context():
        return {
            place: [(name, rating.rating) for name, rating in found]
            for place, found in evidence_for(ids).items()
        }


def test_the_comparison_its_order_csv_and_evidence_ignore_shadow_cards(app, client, panel):
    dana = _second_candidate(app, client, panel)
    ids = [panel.application.id, dana.id]
    compare = f"/positions/{panel.position.id}/compare"
    pages = [f"{compare}?sort=score&dir=desc", f"{compare}?sort=scorecards", f"{compare}.csv"]
    side = f"{compare}/side-by-side?pick={ids[0]}&pick={ids[1]}"
    rows, evidence = _rows(app, panel.position.id), _evidence(app, ids)
    log_in(client, panel.manager)
    shown = [_same_page(client.get(url).get_data(as_text=True)) for url in [*pages, side]]
    ranked = shown[0]
    assert ranked.index("Marcus Bell") < ranked.index("Dana Cole")
    client.post("/logout")
    shadow_card(app, client, panel.interview)
    assert _rows(app, panel.position.id) == rows
    assert _evidence(app, ids) == evidence
    log_in(client, panel.manager)
    assert [_same_page(client.get(url).get_data(as_text=True)) for url in [*pages, side]] == shown
    with app.app_context():
        stored = db.session.get(ComparisonScore, panel.application.id)
        assert stored is not None and stored.scorecards == 2


def test_a_shadow_amending_after_the_debrief_opened_is_no_late_change(app, client, panel):
    riley = shadow_card(app, client, panel.interview)
    log_in(client, panel.manager)
    assert client.get(f"/applications/{panel.application.id}/debrief").status_code == 200
    switch_to(client, riley)
    amend_scorecard(
        app, client, panel.interview.id, riley, {"discovery": 4}, "yes", "Read the others."
    )
    with app.app_context():
        assert not late_changes([panel.application.id])[panel.application.id]
        assert not late_changes(position_id=panel.position.id)[panel.application.id]
