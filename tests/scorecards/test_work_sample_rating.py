"""A work sample's competency is rated on the exercise's own observable anchors (issue #12,
item 6): the scorecard, the kit and the printed packet show them instead of the story anchors."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hiring.db import db
from hiring.interviews.models import Interview
from hiring.library.schema import QuestionType
from tests.support.pdf import flat, text_of

SEEN = [
    "Pitched within the first minute.",
    "Asked one open question, then presented.",
    "Asked about impact; next step without a date.",
    "Asked three open questions about impact before presenting; got agreement on the summary.",
]


def _make_first_question_a_work_sample(app, interview_id):
    """Turn the stage's first question into a role-play with its own anchors; returns the id
    and name of its competency (a focus of the stage in the test library)."""
    with app.app_context():
        stage = db.session.get(Interview, interview_id).stage
        question = stage.questions[0].question
        question.type = QuestionType.WORK_SAMPLE
        question.anchors = list(SEEN)
        competency = next(
            f.competency for f in stage.focus if f.competency.key == question.competency_key
        )
        db.session.commit()
        return competency.id, competency.name


def test_the_card_rates_a_work_sample_on_what_can_be_seen(app, client, login, make_user, schedule):
    jamie = make_user(roles=["interviewer"])
    interview = schedule([jamie])
    competency_id, _ = _make_first_question_a_work_sample(app, interview.id)
    login(jamie)
    page = client.get(f"/interviews/{interview.id}/scorecard").get_data(as_text=True)
    block = page[page.index(f'id="block-{competency_id}"') :]
    block = block[: block.index("</fieldset>")]
    for text in SEEN:
        assert text in block
    assert "Rate what you saw in the exercise" in block
    assert "Repeated, measured impact." not in block and "No example." not in block
    # Level 4 is listed first and keeps its label; not assessed is still offered.
    assert block.index(SEEN[3]) < block.index(SEEN[0])
    assert 'value="na"' in block
    # The other competencies of the stage keep the story anchors.
    assert page.count("Repeated, measured impact.") >= 1


def test_the_kit_shows_the_work_sample_anchors_for_its_competency(
    app, client, login, make_user, schedule
):
    jamie = make_user(roles=["interviewer"])
    interview = schedule([jamie])
    _, name = _make_first_question_a_work_sample(app, interview.id)
    login(jamie)
    page = client.get(f"/interviews/{interview.id}/kit").get_data(as_text=True)
    anchors = page[page.index("Rate against these anchors") :]
    card = anchors[anchors.index(f"<h3>{name}") :]
    card = card[: card.index("</article>")]
    for text in SEEN:
        assert text in card
    assert "What you can see in the exercise" in card
    assert "Rate what you saw in the exercise (question 1)" in card
    assert "Repeated, measured impact." not in card


@pytest.mark.pdf
def test_the_printed_packet_shows_the_work_sample_anchors(app, client, login, make_user, schedule):
    jamie = make_user(roles=["interviewer"])
    interview = schedule([jamie], starts_in=timedelta(days=2))
    _make_first_question_a_work_sample(app, interview.id)
    login(jamie)
    text = flat(text_of(client.get(f"/interviews/{interview.id}/packet.pdf").data)[0])
    assert "work sample: rate what you saw in the exercise" in text
    assert "What you can see in the exercise" in text
    assert flat(SEEN[3]) in text
