"""The decision memo prints the panel's cards only: a shadow's card (an interviewer in training
who sat in) is neither among the scorecards nor in the debrief's numbers."""

from __future__ import annotations

from tests.builders import log_in, shadow_card
from tests.debriefs.evidence import other_stages_cancelled
from tests.support.pdf import flat, text_of


def test_the_memo_leaves_the_shadow_card_out(app, client, panel):
    other_stages_cancelled(app, panel)
    shadow_card(app, client, panel.interview)  # every competency 1, Strong no
    log_in(client, panel.manager)
    response = client.get(f"/applications/{panel.application.id}/packet.pdf")
    assert response.status_code == 200
    words = flat(text_of(response.data)[0])
    assert "Jamie Ortiz" in words and "Sam Rivera" in words
    assert "Riley Chen" not in words
    # The same numbers as without the shadow (as in the memo test): Jamie 4 and Sam 2 on
    # discovery, one Strong yes and one No, no Strong no.
    assert "3.00" in words and "bar 2.8" in words
    assert "Strong yes: 1 Yes: 0 No: 1 Strong no: 0" in words
    assert "Raters are two or more levels apart on Discovery" in words
