"""Anchoring control that reaches the decision: a rating amended after the debrief opened is
marked, with its original value, the new one and the reason, on the debrief, the comparison,
its CSV and the decision memo; the debrief counts such changes and says which way they went."""

from __future__ import annotations

import csv
import io

import pytest

from hiring.db import db
from hiring.debriefs.queries import load_debrief
from hiring.positions.models import PlanStageInterviewer
from hiring.scorecards.late_changes import LateChange, LateChanges
from tests.builders import amend_scorecard, interview, log_in, submit_scorecard
from tests.debriefs.evidence import other_stages_cancelled
from tests.support.pdf import flat, text_of

REASON = "Re-read my notes after the debrief: the discovery story had numbers."


def open_debrief_then_amend(app, client, login, panel, **ratings):
    """The hiring manager opens the debrief; then Sam (discovery 2, No) amends his card."""
    manager, _jamie, sam, *_ = panel
    login(manager)
    assert client.get(f"/applications/{panel.application.id}/debrief").status_code == 200
    client.post("/logout")
    log_in(client, sam)
    amend_scorecard(
        app,
        client,
        panel.interview.id,
        sam,
        ratings or {"discovery": 4, "closing": 2},
        "yes",
        REASON,
    )
    client.post("/logout")
    log_in(client, manager)


def test_the_debrief_marks_each_late_change_and_counts_them_by_direction(app, client, login, panel):
    other_stages_cancelled(app, panel)
    open_debrief_then_amend(app, client, login, panel)
    page = client.get(f"/applications/{panel.application.id}/debrief").get_data(as_text=True)
    # Counted in the summary: discovery 2 -> 4 up, closing 3 -> 2 down, No -> Yes up.
    assert "2 ratings and 1 recommendation changed after the debrief opened: 2 up, 1 down." in page
    # Each cell carries the original value and the reason.
    matrix = page.split('class="debrief-matrix"')[1].split("</table>")[0]
    assert matrix.count("late-mark") == 3
    assert "was 2" in matrix and "was 3" in matrix and "was No" in matrix
    assert "from 2 to 4" in matrix
    # And the table lists interviewer, what, was, now and reason.
    table = page.split('class="late-table"')[1].split("</table>")[0]
    assert "Sam Rivera" in table and "Discovery" in table and "Recommendation" in table
    assert REASON.replace("'", "&#39;") in table
    assert "↑ up" in table and "↓ down" in table


def test_an_amendment_before_the_debrief_opened_is_not_marked(app, client, login, panel):
    _manager, _jamie, sam, *_ = panel
    log_in(client, sam)
    amend_scorecard(app, client, panel.interview.id, sam, {"discovery": 3}, "no", "Typo")
    client.post("/logout")
    login(panel.manager)
    page = client.get(f"/applications/{panel.application.id}/debrief").get_data(as_text=True)
    assert "late-mark" not in page and "changed after the debrief opened" not in page


def test_a_rating_changed_and_changed_back_is_not_a_change(app, client, login, panel):
    open_debrief_then_amend(app, client, login, panel, discovery=4)
    client.post("/logout")
    log_in(client, panel.sam)
    amend_scorecard(app, client, panel.interview.id, panel.sam, {"discovery": 2}, "yes", "Undo")
    with app.app_context():
        late = load_debrief(panel.application.id).late
    # Discovery is back at 2; only the recommendation (No -> Yes) is still changed.
    assert [(c.what, c.was, c.now) for c in late.changes] == [("Recommendation", "No", "Yes")]
    # Only the amendment that touched the recommendation gives its reason.
    assert late.changes[0].reason == REASON


def test_comparison_page_and_csv_carry_the_changes(app, client, login, panel):
    other_stages_cancelled(app, panel)
    open_debrief_then_amend(app, client, login, panel)
    position_id = panel.position.id
    page = client.get(f"/positions/{position_id}/compare").get_data(as_text=True)
    row = page.split("<strong>Marcus Bell</strong>")[1].split("</tr>")[0]
    assert "✎ 3" in row and "changed after the debrief opened" in row
    assert "Sam Rivera, Discovery: 2 → 4" in row
    exported = client.get(f"/positions/{position_id}/compare.csv").get_data().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(exported)))
    marcus = next(r for r in rows if r["candidate"] == "Marcus Bell")
    changed = marcus["changed_after_debrief"]
    assert f"Sam Rivera, Discovery: 2 -> 4 ({REASON})" in changed
    assert f"Sam Rivera, Closing: 3 -> 2 ({REASON})" in changed
    assert "Sam Rivera, Recommendation: No -> Yes" in changed


def test_side_by_side_marks_the_changed_rating(app, client, login, make_application, panel):
    other_stages_cancelled(app, panel)
    other = make_application(position=panel.position, name="Dana Cole")
    with app.app_context():
        booked = interview(other, [panel.jamie], stage=1)
    open_debrief_then_amend(app, client, login, panel)
    client.post("/logout")
    log_in(client, panel.jamie)
    submit_scorecard(app, client, booked.id, {}, "yes")
    client.post("/logout")
    log_in(client, panel.manager)
    page = client.get(
        f"/positions/{panel.position.id}/compare/side-by-side"
        f"?pick={panel.application.id}&pick={other.id}"
    ).get_data(as_text=True)
    side = page.split('id="side-by-side"')[1]
    assert "Sam Rivera (4)" in side and "was 2" in side


def test_a_panel_member_who_still_owes_a_card_sees_no_changes(app, client, login, panel):
    open_debrief_then_amend(app, client, login, panel)
    with app.app_context():  # the hiring manager now sits on the final stage too
        db.session.add(
            PlanStageInterviewer(stage_id=panel.position.stage_ids[-1], user_id=panel.manager.id)
        )
        db.session.commit()
    page = client.get(f"/applications/{panel.application.id}/debrief").get_data(as_text=True)
    assert "hidden-until-submitted" in page
    compare = client.get(f"/positions/{panel.position.id}/compare").get_data(as_text=True)
    exported = client.get(f"/positions/{panel.position.id}/compare.csv").get_data(as_text=True)
    for text in (page, compare, exported):
        assert "late-mark" not in text and "was 2" not in text and REASON not in text


@pytest.mark.pdf
def test_the_memo_prints_original_value_new_value_and_reason(app, client, login, panel):
    other_stages_cancelled(app, panel)
    open_debrief_then_amend(app, client, login, panel)
    response = client.get(f"/applications/{panel.application.id}/packet.pdf")
    assert response.status_code == 200
    words = flat(text_of(response.data)[0])
    assert "Changed after the debrief opened" in words
    assert "2 ratings and 1 recommendation changed after the debrief opened: 2 up, 1 down." in words
    assert "was 2" in words and REASON in words


def test_direction_and_summary_in_plain_words():
    up = LateChange(1, "A", 7, 2, 4, ["r"])
    down = LateChange(1, "A", 8, 3, None, ["r"])
    hire = LateChange(2, "B", None, "no", "strong_yes", ["r"])
    assert (up.direction, down.direction, hire.direction) == ("up", "", "up")
    assert (down.was, down.now, hire.now) == ("3", "not assessed", "Strong yes")
    summary = LateChanges([up, down, hire]).summary
    assert summary == (
        "2 ratings and 1 recommendation changed after the debrief opened: "
        "2 up, 1 to or from “not assessed”."
    )
    assert not LateChanges()
