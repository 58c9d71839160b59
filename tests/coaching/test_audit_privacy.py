"""What admins read in the audit log about a 1:1 and a rep's motivators: that something
happened to which meeting, never the agenda's words or what drives the rep."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.coaching.models import OneOnOne
from hiring.db import db, utcnow
from tests import builders

TOPIC = "Thinking about leaving for a competitor"
OWN_WORDS = "Paying off my parents' mortgage"


def test_the_audit_never_shows_topic_text_or_motivator_words(app, client, login, team):
    with app.app_context():
        meeting_id = builders.one_on_one(team.rep, at=utcnow() + timedelta(days=2))
    login(team.rep)
    client.post(f"/coaching/one-on-ones/{meeting_id}/topics", data={"text": TOPIC})
    with app.app_context():
        topic_id = db.session.get(OneOnOne, meeting_id).topics[0].id
    client.post(f"/coaching/topics/{topic_id}/covered", data={"covered": "yes"})
    client.post(f"/coaching/topics/{topic_id}/covered", data={"covered": "no"})
    ranking = {"rank_1": "security", "rank_2": "purpose", "rank_3": "recognition"}
    client.post(
        f"/coaching/people/{team.rep.id}/motivators", data={**ranking, "own_words": OWN_WORDS}
    )
    with app.app_context():
        events = {
            e.action: e
            for e in db.session.scalars(
                select(AuditEvent).where(AuditEvent.action.like("coaching.%"))
            )
        }
        assert {"coaching.topic_added", "coaching.topic_covered", "coaching.topic_reopened"} <= set(
            events
        )
        assert events["coaching.topic_added"].object_label.startswith("Noah Kim: 1:1 of ")
        assert events["coaching.motivators_recorded"].after == {"ranked": 3}
    login(team.admin)
    page = client.get("/admin/audit/").get_data(as_text=True)
    assert "coaching.topic_added" in page or "Noah Kim: 1:1 of" in page
    assert TOPIC not in page and "competitor" not in page
    for word in ("security", "purpose", "recognition", "Security", "mortgage"):
        assert word not in page
