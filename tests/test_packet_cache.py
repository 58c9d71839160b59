"""The packet cache in the app's database (hiring/packets/store.py): shared by every app on
the database, pruned to its count and size, and written in short transactions of its own."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, text

from hiring import create_app
from hiring.auth.models import User
from hiring.db import db
from hiring.extensions import cache
from hiring.packets import render
from hiring.packets.models import CachedPacket
from hiring.packets.store import DatabaseCache
from tests.builders import log_in
from tests.support.harness import test_config

DATABASE_CACHE = "hiring.packets.store.DatabaseCache"


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"CACHE_TYPE": DATABASE_CACHE}


def test_it_is_the_default():
    from hiring.settings import DEFAULTS

    assert DEFAULTS["CACHE_TYPE"] == DATABASE_CACHE


def test_it_keeps_bytes_by_key_and_forgets_them_on_request(app):
    with app.app_context():
        assert cache.get("packet:a") is None and not cache.has("packet:a")
        assert cache.set("packet:a", b"%PDF one")
        assert cache.get("packet:a") == b"%PDF one" and cache.has("packet:a")
        assert cache.set("packet:a", b"%PDF two")  # the same key again replaces it
        assert cache.get("packet:a") == b"%PDF two"
        assert not cache.add("packet:a", b"%PDF three")
        assert cache.delete("packet:a") and cache.get("packet:a") is None
        cache.set("packet:b", b"x")
        assert cache.clear() and cache.get("packet:b") is None
        with pytest.raises(TypeError):
            cache.set("packet:c", "not bytes")


def test_expired_packets_are_not_served(app, monkeypatch):
    import hiring.packets.store as store

    with app.app_context():
        cache.set("packet:old", b"%PDF", timeout=60)
        later = store.time.time() + 61
        monkeypatch.setattr(store.time, "time", lambda: later)
        assert cache.get("packet:old") is None


def test_it_keeps_the_most_recently_read_within_its_count_and_size(app, monkeypatch):
    import hiring.packets.store as store

    clock = [1_000_000.0]
    monkeypatch.setattr(store.time, "time", lambda: clock[0])
    with app.app_context():
        small = DatabaseCache(threshold=3, max_bytes=1000)
        for key in "abc":
            clock[0] += 10_000
            small.set(key, b"1" * 100)
        clock[0] += 10_000
        assert small.get("a") == b"1" * 100  # read: now the most recently used
        clock[0] += 10_000
        small.set("d", b"2" * 100)  # a fourth: the least recently read (b) goes
        assert [small.has(k) for k in "abcd"] == [True, False, True, True]
        clock[0] += 10_000
        small.set("e", b"3" * 850)  # over 1,000 bytes: a and c go, the newest stay
        kept = db.session.scalars(select(CachedPacket.key).order_by(CachedPacket.key)).all()
        assert kept == ["d", "e"]


def test_two_app_servers_on_one_database_share_rendered_packets(
    app, client, database_url, panel, monkeypatch
):
    """What one app server (or a worker) rendered, another serves without rendering."""
    manager, *_rest, application, _interview = panel
    renders: list[str] = []
    monkeypatch.setattr(
        render,
        "html_to_pdf",
        lambda html, folder, on_part=None: renders.append("x") or b"%PDF-1.7 stand-in",
    )
    log_in(client, manager)
    first = client.get(f"/applications/{application.id}/packet.pdf")
    assert first.status_code == 200 and renders == ["x"]

    other = create_app(test_config(database_url, CACHE_TYPE=DATABASE_CACHE))
    other_client = other.test_client()
    log_in(other_client, manager)
    second = other_client.get(f"/applications/{application.id}/packet.pdf")
    assert second.status_code == 200 and second.data == first.data
    assert second.headers["ETag"] == first.headers["ETag"]
    assert renders == ["x"]  # not rendered again
    with other.app_context():
        db.engine.dispose()


def test_nothing_holds_the_write_lock_while_a_packet_renders(app, client, panel, monkeypatch):
    """While the PDF renders, another connection writes at once (on SQLite it would wait for
    a pending write and then fail with "database is locked")."""
    manager, *_rest, application, _interview = panel
    writes: list[int] = []

    def renders_while_someone_writes(html: str, folder: str, on_part: Any = None) -> bytes:
        with db.engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA busy_timeout=100")
            else:
                connection.execute(text("SET lock_timeout = '100ms'"))
            connection.execute(
                User.__table__.update().where(User.id == manager.id).values(title="Writer")
            )
            connection.commit()
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA busy_timeout=5000")
            writes.append(1)
        return b"%PDF-1.7 stand-in"

    monkeypatch.setattr(render, "html_to_pdf", renders_while_someone_writes)
    log_in(client, manager)
    assert client.get(f"/applications/{application.id}/packet.pdf").status_code == 200
    assert writes == [1]
    with app.app_context():
        assert db.session.scalars(select(CachedPacket.size)).all() == [len(b"%PDF-1.7 stand-in")]


def _count_renders(monkeypatch) -> list[str]:
    renders: list[str] = []
    monkeypatch.setattr(
        render,
        "html_to_pdf",
        lambda html, folder, on_part=None: renders.append("x") or b"%PDF-1.7 stand-in",
    )
    return renders


def _streams_at_once_when_cached(client, url: str, renders: list[str]) -> None:
    first = client.get(url)
    assert first.status_code == 200 and first.mimetype == "application/pdf", url
    again = client.get(url)
    assert again.status_code == 200 and again.data == first.data, url
    assert again.headers["ETag"] == first.headers["ETag"]
    assert len(renders) == 1, url  # the second came from the cache, in the request
    renders.clear()


def test_single_packets_still_stream_at_once_when_cached(client, panel, monkeypatch):
    """Only the finalists' packet goes through a worker: a memo and an interview packet
    are one document each, streamed by the request (from the cache when unchanged)."""
    manager, *_rest, application, interview = panel
    renders = _count_renders(monkeypatch)
    log_in(client, manager)
    _streams_at_once_when_cached(client, f"/applications/{application.id}/packet.pdf", renders)
    _streams_at_once_when_cached(client, f"/interviews/{interview.id}/packet.pdf", renders)


def test_an_onboarding_plan_streams_at_once_when_cached(client, make_plan, monkeypatch):
    manager, _new_hire, plan_id = make_plan()
    renders = _count_renders(monkeypatch)
    log_in(client, manager)
    _streams_at_once_when_cached(client, f"/onboarding/plans/{plan_id}/packet.pdf", renders)
