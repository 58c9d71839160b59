"""The rating rule and the meaning of "not assessed" sit next to the scale wherever it is shown."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.support.pdf import flat, text_of

RULE = "Rate the highest level whose core behaviour you fully heard."
NOT_ASSESSED = (
    "Not assessed means the topic was not covered in this interview; "
    "it never counts as a low rating."
)


def test_the_form_states_the_rule_and_what_not_assessed_means(
    app, client, login, make_user, schedule
):
    jamie = make_user(roles=["interviewer"])
    interview = schedule([jamie])
    login(jamie)
    page = client.get(f"/interviews/{interview.id}/scorecard").get_data(as_text=True)
    assert page.count(RULE) == 1 and page.count(NOT_ASSESSED) == 1
    assert 'id="rating-rule"' in page and 'id="not-assessed-rule"' in page
    # Screen readers hear both lines with every competency's radio group.
    groups = re.findall(r'<div class="anchor-options" role="radiogroup"[^>]*>', page)
    assert groups and all('aria-describedby="rating-rule not-assessed-rule"' in g for g in groups)
    # The rule comes before the first scale, and no option reads "no evidence" any more.
    assert page.index(RULE) < page.index('role="radiogroup"')
    assert "heard no evidence" not in page.lower()
    assert "The topic was not covered in this interview. Never counted as a low score." in page


def test_the_kit_shows_the_rule_by_its_anchors(app, client, login, make_position):
    position = make_position()
    login(roles=["recruiter"])
    url = f"/positions/{position.id}/plan/stages/{position.stage_ids[0]}/kit"
    page = client.get(url).get_data(as_text=True)
    assert page.count(RULE) == 1 and NOT_ASSESSED in page
    assert page.index("Rate against these anchors") < page.index(RULE)
    assert "Topic not covered in this interview. Never counted as a low score." in page
    assert "no evidence heard" not in page.lower()


@pytest.mark.pdf
def test_the_printed_packet_shows_the_rule_by_its_scale(app, client, login, make_user, schedule):
    jamie = make_user(roles=["interviewer"])
    interview = schedule([jamie], starts_in=timedelta(days=2))
    login(jamie)
    response = client.get(f"/interviews/{interview.id}/packet.pdf")
    text = flat(text_of(response.data)[0])
    assert RULE in text and NOT_ASSESSED in text
    assert "Topic not covered in this interview. Never counted as a low score." in text
    assert "no evidence heard" not in text.lower()
