"""A printed interview packet gives the start in the zone of whoever prints it, zone named:
the same interview reads 10:00 in Chicago and 16:00 in London (the issue's bar, on paper)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from hiring.db import db
from hiring.interviews.models import Interview
from tests.builders import log_in
from tests.support.pdf import flat, text_of


@pytest.mark.pdf
def test_the_packet_reads_in_the_zone_of_whoever_prints_it(app, make_user, schedule):
    london = make_user(roles=["interviewer"], name="Jamie Ortiz", time_zone="Europe/London")
    chicago = make_user(roles=["interviewer"], name="Sam Rivera", time_zone="America/Chicago")
    interview = schedule([london, chicago])
    winter = datetime(2026, 12, 2, 10, tzinfo=ZoneInfo("America/Chicago"))
    with app.app_context():  # 10:00 Chicago on a winter Wednesday is 16:00 in London
        db.session.get(Interview, interview.id).starts_at = winter.astimezone(UTC)
        db.session.commit()
    texts = {}
    for person in (london, chicago):
        reader = app.test_client()
        log_in(reader, person)
        response = reader.get(f"/interviews/{interview.id}/packet.pdf")
        assert response.status_code == 200
        texts[person.name] = flat(text_of(response.data)[0])
    assert "Wed 2 Dec 2026, 16:00 GMT" in texts["Jamie Ortiz"]
    assert "Wed 2 Dec 2026, 10:00 CST" in texts["Sam Rivera"]
    assert "16:00" not in texts["Sam Rivera"] and "10:00 CST" not in texts["Jamie Ortiz"]
