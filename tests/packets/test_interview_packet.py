"""The interview packet: what an interviewer needs on paper, safely rendered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from hiring.candidates.models import Candidate
from hiring.db import db
from hiring.packets.pdf import STATIC_BASE, RefusedURL, StaticOnlyFetcher
from hiring.packets.render import renderer_identity
from tests.support.pdf import text_of as _text


def test_packet_has_cover_questions_anchors_and_a_blank_scorecard(
    app, client, login, make_user, schedule
):
    jamie = make_user(roles=["interviewer"], name="Jamie Ortiz")
    interview = schedule([jamie], starts_in=timedelta(days=2))
    login(jamie)
    response = client.get(f"/interviews/{interview.id}/packet.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert "attachment" in response.headers["Content-Disposition"]
    text, pages = _text(response.data)
    assert 2 <= pages <= 12
    assert "Casey Candidate" in text and "Jamie Ortiz" in text and "Behavioural" in text
    assert "Tell me about a time you showed discovery (example 2)." in text
    assert "Situation: what was at stake?" in text
    assert "Repeated, measured impact." in text and "Not assessed" in text
    assert "Strong yes" in text and "Confidential" in text and "Page 1 of" in text


def test_typed_markup_comes_out_as_text_and_fetches_nothing(
    app, client, login, make_user, schedule
):
    jamie = make_user(roles=["interviewer"])
    interview = schedule([jamie])
    with app.app_context():
        candidate = db.session.scalar(select(Candidate))
        candidate.name = '<script>alert(1)</script><img src="file:///etc/passwd">'
        db.session.commit()
    login(jamie)
    text, _pages = _text(client.get(f"/interviews/{interview.id}/packet.pdf").data)
    assert '<script>alert(1)</script><img src="file:///etc/passwd">' in text.replace("\n", "")
    assert "root:" not in text


def test_the_fetcher_serves_only_static_files(app):
    fetcher = StaticOnlyFetcher(app.static_folder)
    assert fetcher.fetch(STATIC_BASE + "img/favicon.svg").read().startswith(b"<svg")
    for url in (
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data",
        "https://example.com/x.png",
        STATIC_BASE + "../../pyproject.toml",
        "data:text/html,<script>1</script>",
    ):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)
    small_png = "data:image/png;base64," + "A" * 100
    assert fetcher.fetch(small_png).read()
    with pytest.raises(RefusedURL):
        fetcher.fetch("data:image/png;base64," + "A" * 200_000)  # not small
    # An app without a static folder serves nothing (never the working directory).
    with pytest.raises(RefusedURL):
        StaticOnlyFetcher(None).fetch(STATIC_BASE + "pyproject.toml")


def test_the_fingerprint_covers_static_files_and_libraries(tmp_path):
    (tmp_path / "logo.svg").write_text("<svg/>")
    before = renderer_identity.__wrapped__(str(tmp_path))
    assert renderer_identity.__wrapped__(str(tmp_path)) == before
    (tmp_path / "logo.svg").write_text("<svg><rect/></svg>")
    assert renderer_identity.__wrapped__(str(tmp_path)) != before


def test_packet_access_follows_the_kit(client, login, make_user, schedule):
    jamie = make_user(roles=["interviewer"])
    stranger = make_user(roles=["interviewer"])
    interview = schedule([jamie])
    login(stranger)
    assert client.get(f"/interviews/{interview.id}/packet.pdf").status_code == 403
    client.post("/logout")
    assert client.get(f"/interviews/{interview.id}/packet.pdf").status_code == 401


def test_cli_renders_the_packet(app, make_user, schedule, tmp_path):
    jamie = make_user(roles=["interviewer"])
    interview = schedule([jamie])
    out = tmp_path / "packet.pdf"
    result = app.test_cli_runner().invoke(
        args=["packets", "render", "interview", str(interview.id), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")


def test_blank_stage_packet_from_the_plan(app, client, login, make_position):
    position = make_position()
    login(roles=["recruiter"])
    response = client.get(
        f"/positions/{position.id}/plan/stages/{position.stage_ids[0]}/packet.pdf"
    )
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    text, _pages = _text(response.data)
    assert "Interview packet" in text and "showed discovery (example 1)" in text
    client.post("/logout")
    login(roles=["interviewer"])
    assert (
        client.get(
            f"/positions/{position.id}/plan/stages/{position.stage_ids[0]}/packet.pdf"
        ).status_code
        == 403
    )
