"""The database-backed rate-limit storage that lets several app processes share one limit."""

from __future__ import annotations

import time

from freezegun import freeze_time
from sqlalchemy import func, select

from hiring.db import db
from hiring.ratelimit import DatabaseStorage, RateLimitCounter


def test_counts_within_a_window_and_restarts_after_it(app):
    storage = DatabaseStorage("hiring-db://")
    with app.app_context():
        with freeze_time("2026-01-01 10:00:00"):
            assert storage.incr("login/1.2.3.4", expiry=60) == 1
            assert storage.incr("login/1.2.3.4", expiry=60) == 2
            assert storage.incr("login/1.2.3.4", expiry=60, amount=3) == 5
            assert storage.get("login/1.2.3.4") == 5
            assert storage.get_expiry("login/1.2.3.4") == time.time() + 60
            assert storage.get("other") == 0
        with freeze_time("2026-01-01 10:01:01"):
            assert storage.get("login/1.2.3.4") == 0
            assert storage.incr("login/1.2.3.4", expiry=60) == 1


def test_two_processes_share_the_same_counter(app):
    """Two storage objects (as in two gunicorn workers) see each other's hits."""
    first, second = DatabaseStorage("hiring-db://"), DatabaseStorage("hiring-db://")
    with app.app_context():
        first.incr("k", expiry=60)
        second.incr("k", expiry=60)
        assert first.get("k") == 2


def test_starting_a_window_sweeps_expired_ones_and_clear_reset_work(app):
    storage = DatabaseStorage("hiring-db://")
    with app.app_context():
        with freeze_time("2026-01-01 10:00:00"):
            for n in range(5):
                storage.incr(f"old-{n}", expiry=10)
        with freeze_time("2026-01-01 11:00:00"):
            storage.incr("new", expiry=10)
            assert db.session.scalar(select(func.count()).select_from(RateLimitCounter)) == 1
            storage.incr("other", expiry=10)
            storage.clear("new")
            assert storage.get("new") == 0
            assert storage.reset() == 1
        assert storage.check() is True
