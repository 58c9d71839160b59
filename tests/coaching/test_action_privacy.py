"""A skip-level reads the coaching page but not what the rep and their manager agreed in a
private 1:1: the open items show as counted, owned and overdue, without their words. A
ride-along's client follow-up stays readable, as the ride-along itself is."""

from __future__ import annotations

from datetime import timedelta

from hiring.coaching.models import ActionItem, ActionKind
from hiring.db import db, utcnow
from tests import builders

PRIVATE = "Talk to HR about the commute"
FOLLOW_UP = "Send Acme the security questionnaire"


def test_the_skip_level_sees_counts_and_overdue_flags_not_1_1_words(app, client, login, team):
    with app.app_context():
        builders.one_on_one(
            team.rep,
            at=utcnow() - timedelta(days=10),
            held=True,
            actions=[(team.rep, PRIVATE)],  # due three days ago: overdue
        )
        ride = builders.ride_along(team.rep, competency=None)
        follow_up = builders.action_item(team.rep, team.rep, text=FOLLOW_UP)
        item = db.session.get(ActionItem, follow_up)
        item.ride_along_id, item.kind = ride, ActionKind.CLIENT_FOLLOW_UP
        db.session.commit()
    login(team.skip_level)
    page = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    section = page.split('id="actions"', 1)[1].split("</section>", 1)[0]
    assert PRIVATE not in page
    assert "Agreed in a 1:1 (private to Noah and their manager)" in section
    assert section.count('<tr id="action-') == 2 and "Overdue" in section
    assert FOLLOW_UP in section
    for party in (team.rep, team.manager):
        login(party)
        assert PRIVATE in client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
