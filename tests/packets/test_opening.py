"""Printing a decision memo is reading the debrief: the hiring manager's print opens it (an
interviewer's does not), and the opening is written only after the PDF is rendered, so no
write lock is held while it renders."""

from __future__ import annotations

from datetime import datetime

import pytest

from hiring.applications.models import Application
from hiring.db import db
from hiring.packets import render
from tests.builders import finalists_pdf


def _opened_at(app, application_id: int) -> datetime | None:
    with app.app_context():
        row = db.session.get(Application, application_id)
        assert row is not None
        return row.debrief_opened_at


@pytest.fixture
def rendered(monkeypatch):
    """Renders as usual, recording whether the debrief was already marked opened (in the
    request's session) when each PDF was rendered."""
    seen: list[datetime | None] = []
    real_pdf = render.pdf

    def opened_in_session() -> None:
        rows = [o for o in db.session.identity_map.values() if isinstance(o, Application)]
        seen.extend(row.debrief_opened_at for row in rows)

    def pdf(packet, on_part=None):
        opened_in_session()
        return real_pdf(packet, on_part)

    monkeypatch.setattr(render, "pdf", pdf)
    return seen


def test_the_managers_memo_opens_the_debrief_after_it_is_rendered(
    app, client, login, panel, rendered
):
    login(panel.jamie)
    response = client.get(f"/applications/{panel.application.id}/packet.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert _opened_at(app, panel.application.id) is None  # an interviewer's print opens nothing

    client.post("/logout")
    login(panel.manager)
    response = client.get(f"/applications/{panel.application.id}/packet.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert rendered and all(opened is None for opened in rendered)
    assert _opened_at(app, panel.application.id) is not None


def test_the_finalists_packet_opens_each_printed_debrief_after_it_is_rendered(
    app, client, login, panel, rendered
):
    login(panel.manager)
    response = finalists_pdf(
        client, f"/positions/{panel.position.id}/packet.pdf?pick={panel.application.id}"
    )
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert rendered and all(opened is None for opened in rendered)
    assert _opened_at(app, panel.application.id) is not None
