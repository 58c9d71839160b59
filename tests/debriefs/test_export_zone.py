"""The comparison CSV gives times in the zone of whoever downloads it, named in the header."""

from __future__ import annotations

import csv
import io
from zoneinfo import ZoneInfo

from sqlalchemy import select

from hiring.auth.models import User
from hiring.db import db
from hiring.debriefs.models import Decision


def test_the_decision_time_is_in_the_readers_zone_named_in_the_header(app, client, hired):
    manager, application, _decision_id = hired
    with app.app_context():
        db.session.get(User, manager.id).time_zone = "Asia/Kolkata"
        db.session.commit()
        decided_at = db.session.scalar(select(Decision.decided_at))
        position_id = application.position_id
    exported = client.get(f"/positions/{position_id}/compare.csv").data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(exported)))
    marcus = next(r for r in rows if r["candidate"] == "Marcus Bell")
    expected = decided_at.astimezone(ZoneInfo("Asia/Kolkata"))
    assert marcus["decided_at (Asia/Kolkata)"] == f"{expected:%Y-%m-%d %H:%M}"
