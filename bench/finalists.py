"""Benchmark the web's finalists' packet of 10 memos: how long the request takes, and how long
until the PDF is in hand.

Before #14 the request rendered the packet itself (both times are the request's). Since,
the request only finds it uncached and queues a build; a worker thread here runs the queue
as ``flask jobs worker`` does, and the client polls the status endpoint every 0.25 s, as the
progress page does, then downloads. Run it against another checkout to compare, alternating
the two in one session so machine noise hits both:

    .venv/bin/python bench/finalists.py                       # this checkout
    HIRING_BENCH_TREE=/work/wt-before .venv/bin/python bench/finalists.py

Each run seeds the demo on a temporary SQLite database, clones its most-interviewed
candidate into 9 more finalists, and times ``RUNS`` cold requests (the packet cache emptied
before each) as the hiring manager.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

TREE = Path(os.environ.get("HIRING_BENCH_TREE") or Path(__file__).resolve().parent.parent)
sys.path.insert(0, str(TREE))

import flask_migrate  # noqa: E402

# The demo's most-interviewed candidate, cloned into finalists, as bench/packets.py makes them.
from packets import clone_finalists, most_interviewed  # noqa: E402

from hiring import create_app, demo  # noqa: E402
from hiring.auth import passwords  # noqa: E402
from hiring.db import db  # noqa: E402
from hiring.extensions import cache  # noqa: E402

RUNS = int(os.environ.get("HIRING_BENCH_RUNS", "3"))
MEMOS = 10
PASSWORD = "benchmark password"  # noqa: S105 - a throwaway local database


def setup(app: Any) -> tuple[str, str]:
    """Seed; return the packet URL (10 picks) and the manager's e-mail."""
    with app.app_context():
        flask_migrate.upgrade()
        demo.seed()
        db.session.commit()
        source = most_interviewed()
        picks = [source.id, *clone_finalists(source, MEMOS - 1)]
        manager = source.position.hiring_manager
        manager.password_hash = passwords.hash_password(PASSWORD)
        db.session.commit()
        query = "&".join(f"pick={n}" for n in picks)
        return f"/positions/{source.position_id}/packet.pdf?{query}", manager.email


def start_worker(app: Any) -> threading.Event:
    """Run queued jobs on a thread of this process, as ``flask jobs worker`` would (a
    checkout from before the job queue has none: its request renders)."""
    stop = threading.Event()
    try:
        from hiring import jobs
    except ImportError:
        return stop

    def work() -> None:
        while not stop.is_set():
            task = jobs.queue.dequeue()
            if task is None:
                stop.wait(0.05)
                continue
            with app.app_context():
                jobs.queue.execute(task)

    threading.Thread(target=work, daemon=True).start()
    return stop


def one_run(app: Any, client: Any, url: str) -> tuple[float, float]:
    """(request seconds, seconds until the PDF is downloaded)."""
    with app.app_context():
        cache.clear()
    started = time.perf_counter()
    response = client.get(url)
    request_time = time.perf_counter() - started
    if response.status_code == 200:
        assert response.data.startswith(b"%PDF")
        return request_time, request_time
    assert response.status_code == 303, response.status_code
    status_url = response.headers["Location"] + ".json"
    while (state := client.get(status_url).json)["status"] not in ("ready", "failed"):
        time.sleep(0.25)
    assert state["status"] == "ready", state
    pdf = client.get(state["download"])
    assert pdf.data.startswith(b"%PDF")
    return request_time, time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "bench-secret-key-not-a-default",
                "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
                "WTF_CSRF_ENABLED": False,
                "PASSWORD_HASH_PROFILE": "cheapest",
                "RATELIMIT_ENABLED": False,
                "JOBS_URL": "memory://",
                "JOBS_IMMEDIATE": False,
                "CACHE_DIR": f"{tmp}/packet-cache",
            }
        )
        url, email = setup(app)
        stop = start_worker(app)
        client = app.test_client()
        login = client.post("/login", data={"email": email, "password": PASSWORD})
        assert login.status_code == 302
        results = [one_run(app, client, url) for _ in range(RUNS)]
        stop.set()
        requests = [r for r, _ in results]
        ready = [t for _, t in results]
        print(
            f"{TREE.name}: {MEMOS}-memo finalists' packet, {RUNS} cold runs: request "
            f"median {statistics.median(requests) * 1000:.0f} ms "
            f"(min {min(requests) * 1000:.0f}, max {max(requests) * 1000:.0f}); PDF in hand "
            f"median {statistics.median(ready):.1f} s (min {min(ready):.1f}, max {max(ready):.1f})"
        )
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
