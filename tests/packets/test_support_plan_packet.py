"""The support-plan packet: a tagged PDF with the diagnosis, expectations, support, weekly
check-ins, the outcome and both sides' acknowledgement lines, for whoever reads the plan."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pypdf.generic import IndirectObject

from hiring.coaching.models import SupportPlan
from hiring.db import db
from tests import builders
from tests.support.pdf import contains, flat, read, text_of

pytestmark = pytest.mark.pdf


def test_the_packet_holds_the_whole_plan_and_is_tagged(app, client):
    def login(person):
        builders.switch_to(client, person)

    with app.app_context():
        team = builders.coaching_team()
        plan_id = builders.support_plan(team)
        builders.move_support_window(
            plan_id, starts_on=builders.utcnow().date() - timedelta(days=10)
        )
    login(team.manager)
    base = f"/coaching/support-plans/{plan_id}"
    client.post(f"{base}/acknowledge")
    held = (builders.utcnow().date() - timedelta(days=8)).isoformat()
    client.post(
        f"{base}/checkins",
        data={"held_on": held, "progress": "at_risk", "notes": "Booked the workshop."},
    )
    login(team.rep)
    client.post(f"{base}/acknowledge", data={"comment": "Fair, and I want the ride-alongs."})
    login(team.manager)
    with app.app_context():
        version = db.session.get(SupportPlan, plan_id).version
    client.post(f"{base}/outcome", data={"version": version, "outcome": "met", "note": "All met."})

    response = client.get(f"{base}/packet.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text, pages = text_of(response.data)
    words = flat(text)
    assert 1 <= pages <= 4
    for phrase in (
        "Support plan: Noah Kim",
        "Skill gap",
        "Discovery calls stop at the first answer.",
        "Expectation 1",
        "Metric 2",
        "Discovery workshop",
        "Two extra a month",
        "Booked the workshop.",
        "At risk",
        "Met: expectations achieved",
        "All met.",
        "Fair, and I want the ride-alongs.",
        "Noah Kim (rep)",
        "Morgan Patel (manager)",
    ):
        assert contains(words, phrase), phrase
    reader = read(response.data)
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    tree = catalog["/StructTreeRoot"]
    tree = tree.get_object() if isinstance(tree, IndirectObject) else tree
    assert tree["/Type"] == "/StructTreeRoot" and tree["/K"]
    assert "Support plan: Noah Kim" in str(reader.metadata["/Title"])
    # Unchanged: the browser's copy is still good.
    again = client.get(f"{base}/packet.pdf", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    # HR reads it too.
    login(team.admin)
    assert client.get(f"{base}/packet.pdf").status_code == 200
