"""The finalists' packet as one document (#13): a landscape summary whose every column, the
decision included, is on page 1; page numbers that run once across the packet; its language."""

from __future__ import annotations

import re

import pytest

from tests.builders import finalists_pdf, submit_scorecard
from tests.support.pdf import read

pytestmark = pytest.mark.pdf


def _hold(client, application_id: int, rationale: str) -> None:
    response = client.post(
        f"/applications/{application_id}/decision",
        data={
            "outcome": "hold",
            "rationale": rationale,
            "decide_now_reason": "The role-play is weeks away; holding the slot now.",
        },
    )
    assert response.status_code == 302


def test_landscape_summary_decisions_on_page_one_numbered_across_the_packet(
    app, client, login, make_user, make_application, schedule, panel
):
    manager, _jamie, _sam, position, marcus, _interview = panel
    avery = make_user(roles=["interviewer"], name="Avery Stone")
    dana = make_application(position=position, name="Dana Lee")
    booked = schedule([avery], application=dana, stage=1)
    login(avery)
    submit_scorecard(app, client, booked.id, {"discovery": 4, "closing": 4}, "strong_yes")
    client.post("/logout")
    login(manager)
    _hold(client, marcus.id, "Waiting on references.")
    response = finalists_pdf(
        client, f"/positions/{position.id}/packet.pdf?pick={marcus.id}&pick={dana.id}"
    )
    assert response.status_code == 200
    reader = read(response.data)
    pages = reader.pages

    first = pages[0]
    assert float(first.mediabox.width) > float(first.mediabox.height)  # landscape
    text = " ".join(first.extract_text().split())
    assert "Comparison summary" in text
    # Every column header is on page 1, the decision among them, and each finalist's decision.
    for header in ("Candidate", "Score", "Formula", "Decision", "Recommenda", "Cards", "Flags"):
        assert header in text, header
    # Best score first: Dana's row, then Marcus's, then the notes under the table.
    dana_row = text[text.index("Dana Lee") : text.index("Marcus Bell")]
    marcus_row = text[text.index("Marcus Bell") : text.index("Means of submitted scorecards")]
    assert "—" in dana_row  # no decision yet, and the column says so
    assert "Hold" in marcus_row
    # The memos follow on ordinary (portrait) pages.
    assert all(float(p.mediabox.width) < float(p.mediabox.height) for p in pages[1:])

    # One run of page numbers across the whole packet: "Page N of M", one M.
    numbers = []
    for page in pages:
        found = re.findall(r"Page (\d+) of (\d+)", page.extract_text())
        assert len(found) == 1, found
        numbers.append(tuple(int(n) for n in found[0]))
    total = len(pages)
    assert numbers == [(n, total) for n in range(1, total + 1)]

    # The document keeps its language.
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.metadata is not None
    assert str(reader.metadata.title).startswith("Finalists' packet: ")
