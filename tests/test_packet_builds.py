"""Finalists' packets built in the background (hiring/packets/builds.py), without WeasyPrint:
a stand-in renderer reports each memo as the real one does (``on_part``) and returns bytes,
so these run in the fast suite. tests/packets/test_background_packet.py renders real PDFs.

Here the queue is real: ``JOBS_IMMEDIATE`` is off and jobs wait in a throwaway SQLite store
until a test runs them, so a request is seen to do nothing but enqueue.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update

from hiring import jobs
from hiring.db import db, utcnow
from hiring.mail.models import OutboxMessage
from hiring.packets import render
from hiring.packets.models import BuildStatus, PacketBuild
from hiring.positions.models import Position
from tests.builders import clone_finalists, finalists_pdf


@pytest.fixture
def app_config(tmp_path) -> dict[str, Any]:
    return {"JOBS_IMMEDIATE": False, "JOBS_URL": f"sqlite:///{tmp_path}/jobs.sqlite3"}


class StandInRenderer:
    """Replaces ``html_to_pdf``: reports every memo of the packet in turn, noting what the
    progress page could read at that moment (committed rows only, on a connection of its own)."""

    def __init__(self) -> None:
        self.calls = 0
        self.seen: list[tuple[str, int, int | None]] = []
        self.fail_with: Exception | None = None

    def __call__(self, html: str, static_folder: str, on_part: Any = None) -> bytes:
        self.calls += 1
        if self.fail_with is not None:
            raise self.fail_with
        memos = html.count("data-part=")
        for part in range(1, memos + 2):
            if on_part is not None:
                on_part(part)
            with db.engine.connect() as connection:
                row = connection.execute(
                    select(PacketBuild.status, PacketBuild.done, PacketBuild.total).order_by(
                        PacketBuild.id
                    )
                ).all()[-1]
            self.seen.append((row.status, row.done, row.total))
        return b"%PDF-1.7 stand-in " + str(memos).encode()


@pytest.fixture
def renderer(monkeypatch) -> StandInRenderer:
    stand_in = StandInRenderer()
    monkeypatch.setattr(render, "html_to_pdf", stand_in)
    return stand_in


BUILD_JOB = "packets.build_finalists"


def builds_waiting() -> int:
    return sum(1 for task in jobs.queue.pending() if task.name == BUILD_JOB)


def run_jobs() -> int:
    """Run what waits in the queue, as a worker would; return how many packet builds ran."""
    ran = 0
    while (task := jobs.queue.dequeue()) is not None:
        jobs.queue.execute(task)
        ran += task.name == BUILD_JOB
    return ran


def _start(client, position_id: int, picks: list[int]) -> str:
    query = "&".join(f"pick={n}" for n in picks)
    response = client.get(f"/positions/{position_id}/packet.pdf?{query}")
    assert response.status_code == 303, response.status_code
    return response.headers["Location"]


def test_the_request_only_enqueues_and_a_worker_builds_it_with_progress(
    app, client, login, panel, renderer
):
    manager, *_rest, position, marcus, _interview = panel
    with app.app_context():
        picks = [marcus.id, *clone_finalists(marcus.id, 3)]
    login(manager)
    progress = _start(client, position.id, picks)
    assert progress.startswith(f"/positions/{position.id}/packets/")
    assert renderer.calls == 0 and builds_waiting() == 1  # nothing rendered yet

    page = client.get(progress).get_data(as_text=True)
    assert "Building your packet" in page and "Waiting for a worker to start it." in page
    assert 'aria-live="polite"' in page and "Check again" in page  # works without JavaScript
    assert "packet-progress.js" in page
    assert client.get(progress + ".json").json == {
        "status": "queued",
        "done": 0,
        "total": None,
        "text": "Waiting for a worker to start it.",
        "download": None,
    }
    # Asked again while it waits: the same build, not a second one.
    assert _start(client, position.id, list(reversed(picks))) == progress
    assert builds_waiting() == 1

    assert run_jobs() == 1
    assert renderer.calls == 1
    # Each memo's progress was committed as it came, readable by the progress page.
    assert renderer.seen == [("building", n, 4) for n in range(5)]
    state = client.get(progress + ".json").json
    assert state["status"] == "ready" and state["text"] == "Ready: 4 of 4 memos."
    assert state["download"] == progress + ".pdf"
    page = client.get(progress).get_data(as_text=True)
    assert "Your packet is ready" in page and "packet-progress.js" not in page
    download = client.get(state["download"])
    assert download.status_code == 200 and download.data == b"%PDF-1.7 stand-in 4"
    assert download.headers["ETag"] and "attachment" in download.headers["Content-Disposition"]

    with app.app_context():
        mail = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.subject.startswith("Finalists"))
        ).one()
    assert mail.to_address == manager.email
    assert mail.subject == "Finalists' packet ready: Account Executive"
    assert f"{progress}.pdf" in mail.body_text and "(4 memos)" in mail.body_text

    compare = client.get(f"/positions/{position.id}/compare").get_data(as_text=True)
    assert "Your finalists' packet from" in compare and "is ready:" in compare
    assert f'href="{progress}.pdf"' in compare
    # The same picks again: a new build (only its job may tell whether the packet is still
    # the same), which finds the PDF in the cache instead of rendering it again.
    again = _start(client, position.id, picks)
    assert again != progress and builds_waiting() == 1 and run_jobs() == 1
    page = client.get(again).get_data(as_text=True)
    assert "Your packet is ready" in page and f'href="{again}.pdf"' in page
    repeated = client.get(again + ".pdf")
    assert repeated.data == download.data and repeated.headers["ETag"] == download.headers["ETag"]
    assert renderer.calls == 1
    with app.app_context():  # watching it become ready: told once, for the first build only
        told = select(func.count()).where(OutboxMessage.subject.startswith("Finalists"))
        assert db.session.scalar(told) == 1


def test_a_failed_build_says_so_and_can_be_tried_again(app, client, login, panel, renderer):
    manager, *_rest, position, marcus, _interview = panel
    renderer.fail_with = RuntimeError("the renderer ran out of memory")
    login(manager)
    progress = _start(client, position.id, [marcus.id])
    run_jobs()
    state = client.get(progress + ".json").json
    assert state["status"] == "failed" and "ran out of memory" in state["text"]
    page = client.get(progress).get_data(as_text=True)
    assert "The packet could not be built" in page and "Try again" in page
    compare = client.get(f"/positions/{position.id}/compare").get_data(as_text=True)
    assert "could not be built" in compare and "see why and try again" in compare
    with app.app_context():
        subjects = db.session.scalars(select(OutboxMessage.subject)).all()
        assert not any("packet" in subject for subject in subjects)  # nobody told "ready"

    renderer.fail_with = None
    retried = client.post(progress + "/retry")
    assert retried.status_code == 302 and retried.headers["Location"] != progress
    run_jobs()
    assert client.get(retried.headers["Location"] + ".json").json["status"] == "ready"


def test_a_build_whose_requester_lost_access_fails_without_rendering(
    app, client, login, make_user, panel, renderer
):
    manager, *_rest, position, marcus, _interview = panel
    login(manager)
    progress = _start(client, position.id, [marcus.id])
    successor = make_user(roles=["hiring_manager"], name="Kim Successor")
    with app.app_context():
        db.session.get(Position, position.id).hiring_manager_id = successor.id
        db.session.commit()
    run_jobs()
    assert renderer.calls == 0
    with app.app_context():
        build = db.session.scalars(select(PacketBuild)).one()
        assert build.status == BuildStatus.FAILED
        assert build.error == "You may no longer compare the candidates for this position."
    assert client.get(progress).status_code == 403  # and the page is no longer theirs to see


def test_a_build_is_only_its_requesters(app, client, login, make_user, panel, renderer):
    manager, jamie, *_rest, position, marcus, _interview = panel
    login(manager)
    progress = _start(client, position.id, [marcus.id])
    run_jobs()
    client.post("/logout")
    # An admin may compare too, but this packet shows what the manager may see: not theirs.
    login(roles=["admin"])
    for url in (progress, progress + ".json", progress + ".pdf"):
        assert client.get(url).status_code == 404, url
    assert client.post(progress + "/retry").status_code == 404
    client.post("/logout")
    login(jamie)  # an interviewer of the panel
    for url in (progress, progress + ".json", progress + ".pdf"):
        assert client.get(url).status_code == 403, url
    client.post("/logout")
    assert client.get(progress + ".json").status_code == 401
    assert client.get(progress).status_code == 302


def test_a_stalled_build_shows_as_failed_and_is_not_reused(app, client, login, panel, renderer):
    manager, *_rest, position, marcus, _interview = panel
    login(manager)
    progress = _start(client, position.id, [marcus.id])
    with app.app_context():  # a worker took it, then died
        db.session.execute(
            update(PacketBuild).values(
                status=BuildStatus.BUILDING, updated_at=utcnow() - timedelta(minutes=11)
            )
        )
        db.session.commit()
    state = client.get(progress + ".json").json
    assert state["status"] == "failed" and "stopped without finishing" in state["text"]
    assert _start(client, position.id, [marcus.id]) != progress


def test_a_pruned_packet_is_built_again(app, client, login, panel, renderer):
    manager, *_rest, position, marcus, _interview = panel
    login(manager)
    progress = _start(client, position.id, [marcus.id])
    run_jobs()
    with app.app_context():
        from hiring.extensions import cache

        cache.clear()
    response = client.get(progress + ".pdf")
    assert response.status_code == 303
    assert response.headers["Location"].startswith(f"/positions/{position.id}/packet.pdf?pick=")
    assert client.get(response.headers["Location"]).status_code == 303  # a new build
    run_jobs()
    assert renderer.calls == 2


def test_immediate_jobs_leave_the_packet_ready_behind_the_redirect(
    app_config, database_url, panel, renderer
):
    """The rest of the suite runs jobs at once: by the time the progress page loads, the
    packet is there, and ``finalists_pdf`` follows it to the PDF."""
    from hiring import create_app
    from tests.builders import log_in
    from tests.support.harness import test_config

    immediate = create_app(test_config(database_url))
    client = immediate.test_client()
    log_in(client, panel.manager)
    response = finalists_pdf(
        client, f"/positions/{panel.position.id}/packet.pdf?pick={panel.application.id}"
    )
    assert response.data == b"%PDF-1.7 stand-in 1"


def test_a_queued_build_whose_job_was_lost_times_out_and_can_be_tried_again(
    app, client, login, panel, renderer
):
    manager, *_rest, position, marcus, _interview = panel
    login(manager)
    progress = _start(client, position.id, [marcus.id])
    jobs.queue.flush()  # the job is lost: the queue's store emptied, or the enqueue failed
    with app.app_context():
        db.session.execute(update(PacketBuild).values(updated_at=utcnow() - timedelta(minutes=11)))
        db.session.commit()
    state = client.get(progress + ".json").json
    assert state["status"] == "failed" and state["text"] == (
        "Failed. It never started (no worker took it up)."
    )
    page = client.get(progress).get_data(as_text=True)
    assert "The packet could not be built" in page and "Try again" in page
    # Asked again: a fresh build with a job of its own, not the lost one handed back.
    fresh = _start(client, position.id, [marcus.id])
    assert fresh != progress and builds_waiting() == 1
    retried = client.post(progress + "/retry")
    assert retried.headers["Location"] == fresh  # the fresh one is on its way: that one
    assert run_jobs() == 1
    assert client.get(fresh + ".json").json["status"] == "ready"


def test_two_deliveries_of_one_job_build_it_once(app, client, login, panel, renderer, monkeypatch):
    """The second delivery claims the build between the first one's read and its write: the
    first must not build it too (the claim is one conditional UPDATE)."""
    from hiring.packets import builds

    manager, *_rest, position, marcus, _interview = panel
    login(manager)
    _start(client, position.id, [marcus.id])
    real_utcnow = builds.utcnow
    other_delivery: list[int] = []

    def meanwhile() -> Any:
        if not other_delivery:  # the other delivery claims it and commits, just now
            other_delivery.append(1)
            with db.engine.begin() as connection:
                connection.execute(update(PacketBuild).values(status=BuildStatus.BUILDING))
        return real_utcnow()

    monkeypatch.setattr(builds, "utcnow", meanwhile)
    assert run_jobs() == 1
    assert other_delivery == [1] and renderer.calls == 0
    with app.app_context():
        assert db.session.scalars(select(PacketBuild.status)).one() == BuildStatus.BUILDING


def test_the_finalists_route_only_asks_for_a_build_at_a_flat_cost(
    app, client, login, panel, renderer, count_queries, monkeypatch
):
    """No comparison, no debriefs, no memo HTML in the request: the same queries for 2
    picks as for 12, and nothing rendered until a worker runs the job."""
    from hiring.packets import services

    manager, *_rest, position, marcus, _interview = panel
    with app.app_context():
        picks = [marcus.id, *clone_finalists(marcus.id, 11)]
    login(manager)
    built: list[int] = []
    real = services.finalists_packet
    monkeypatch.setattr(
        services, "finalists_packet", lambda *a, **k: built.append(1) or real(*a, **k)
    )
    counts = []
    for few_or_many in (picks[:2], picks):
        with count_queries() as queries:
            _start(client, position.id, few_or_many)
        counts.append(queries.count)
    assert counts[0] == counts[1], counts
    assert built == [] and renderer.calls == 0 and builds_waiting() == 2
    assert run_jobs() == 2 and built == [1, 1]


def test_too_many_picks_are_refused(app, client, login, panel, renderer):
    from hiring.packets.builds import MAX_PICKS

    manager, *_rest, position, _marcus, _interview = panel
    login(manager)
    query = "&".join(f"pick={n}" for n in range(1, MAX_PICKS + 2))
    response = client.get(f"/positions/{position.id}/packet.pdf?{query}", follow_redirects=True)
    assert f"Pick at most {MAX_PICKS} candidates for one packet." in response.get_data(as_text=True)
    assert builds_waiting() == 0


def test_a_packet_holding_a_candidate_the_reader_may_no_longer_see_is_not_served(
    app, client, login, panel, renderer
):
    from hiring.interviews.models import InterviewInterviewer

    manager, *_rest, position, marcus, interview = panel
    with app.app_context():
        (finalist,) = clone_finalists(marcus.id, 1)
    login(manager)
    progress = _start(client, position.id, [marcus.id, finalist])
    run_jobs()
    with app.app_context():
        assert db.session.scalars(select(PacketBuild.included)).one() == (f"{marcus.id},{finalist}")
    assert client.get(progress + ".pdf").status_code == 200
    with app.app_context():  # the manager joins Marcus's panel: they now owe him a card
        db.session.add(InterviewInterviewer(interview_id=interview.id, user_id=manager.id))
        db.session.commit()

    refused = client.get(progress + ".pdf")
    assert refused.status_code == 303 and refused.headers["Location"] == progress
    page = client.get(progress).get_data(as_text=True)
    assert "That packet can no longer be downloaded" in page
    assert "This packet can no longer be downloaded" in page
    assert "whose numbers you may no longer see" in page and "Build it again" in page
    assert '<p id="packet-download" hidden>' in page  # no download offered
    state = client.get(progress + ".json").json
    assert state["status"] == "ready" and state["download"] is None

    again = client.post(progress + "/retry")
    assert again.status_code == 302 and again.headers["Location"] != progress
    run_jobs()
    fresh = again.headers["Location"]
    assert client.get(fresh + ".json").json["text"] == "Ready: 1 of 1 memo."
    with app.app_context():
        newest = db.session.scalars(select(PacketBuild).order_by(PacketBuild.id.desc())).first()
        assert newest is not None and newest.included_ids == [finalist]
    assert client.get(fresh + ".pdf").status_code == 200


def test_weasyprint_keeps_the_layout_hook():
    """Progress memo by memo wraps ``weasyprint.layout.make_all_pages`` (hiring/packets/pdf.py);
    a WeasyPrint release without it would still render, reporting only at the end."""
    from weasyprint import layout

    assert callable(getattr(layout, "make_all_pages", None))
