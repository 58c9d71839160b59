"""The database-backed rate-limit storage that lets several app processes share one limit."""

from __future__ import annotations

import time

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from hiring.db import db
from hiring.extensions import limiter
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


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True}])
def test_only_views_that_declare_limits_are_checked(app, client):
    """No app-wide limit is configured, so no page pays Flask-Limiter's app-wide check; the
    sign-in page still counts its attempts (``tests/auth/test_views.py::TestThrottling``)."""
    assert limiter._check_request_limit not in app.before_request_funcs.get(None, [])
    assert client.get("/login").status_code == 200
    assert "X-RateLimit-Limit" not in client.get("/login").headers
    answer = client.post("/login", data={"email": "nobody@example.test", "password": "x"})
    assert answer.status_code == 200
    assert "X-RateLimit-Limit" in answer.headers  # the sign-in limit was counted


@pytest.mark.parametrize(
    "app_config", [{"RATELIMIT_ENABLED": True, "RATELIMIT_DEFAULT": "2 per minute"}]
)
def test_an_app_wide_limit_keeps_the_check_on_every_page(app, client):
    assert limiter._check_request_limit in app.before_request_funcs[None]
    statuses = [client.get("/login").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


@pytest.mark.parametrize(
    "app_config",
    [{"RATELIMIT_ENABLED": True, "RATELIMIT_IN_MEMORY_FALLBACK": "100 per minute"}],
)
def test_fallback_limits_keep_the_check_for_when_the_storage_is_down(app):
    assert limiter._check_request_limit in app.before_request_funcs[None]
