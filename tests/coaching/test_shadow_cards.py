"""The coaching chart's interview points are the panel's mean: a shadow's card (an interviewer
in training who sat in) does not move it."""

from __future__ import annotations

from hiring.coaching.competency_queries import _interview_points
from tests.builders import shadow_card


def test_the_panel_mean_is_the_same_with_a_shadow_card(app, client, panel):
    with app.app_context():
        before = _interview_points(panel.application.id)
    assert before["discovery"][0].score == 3.0  # Jamie 4 and Sam 2
    shadow_card(app, client, panel.interview)  # every competency 1
    with app.app_context():
        assert _interview_points(panel.application.id) == before
