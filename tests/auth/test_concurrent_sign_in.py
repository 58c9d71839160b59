"""Many sign-ins to one account at the same moment, against a served app: none fails.

Signing in used to stamp ``users.last_login_at`` through the version-counted user row, so two
sign-ins at once raised ``StaleDataError`` (a 500). It now only adds a session row. This runs
on whichever database the suite uses (SQLite, or PostgreSQL with HIRING_TEST_DATABASE_URL).
"""

from __future__ import annotations

import http.client
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from urllib.parse import urlencode

import pytest
from flask import Flask
from sqlalchemy import func, select
from werkzeug.serving import BaseWSGIServer, make_server

from hiring.auth.models import User, UserSession
from hiring.db import db

SIGN_INS = 20
PASSES = 3


@pytest.fixture
def served(app: Flask) -> Iterator[BaseWSGIServer]:
    """The test app on a loopback port, one thread per request (as gunicorn's threads)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    thread.join(timeout=10)


def _sign_in(port: int, email: str, password: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "POST",
            "/login",
            body=urlencode({"email": email, "password": password}),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        return connection.getresponse().status
    finally:
        connection.close()


def _at_once(count: int, call: Callable[[], int]) -> list[int]:
    """Run ``call`` in ``count`` threads released together; their results."""
    start = threading.Barrier(count)
    results: list[int] = []

    def one() -> None:
        start.wait()
        results.append(call())

    threads = [threading.Thread(target=one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_simultaneous_sign_ins_to_one_account_all_succeed(app, served, make_user):
    user = make_user()
    port = served.server_port
    statuses: Counter[int] = Counter()
    for _pass in range(PASSES):
        statuses.update(_at_once(SIGN_INS, lambda: _sign_in(port, user.email, user.password)))
    assert statuses == Counter({302: SIGN_INS * PASSES}), statuses
    with app.app_context():
        sessions = db.session.scalar(
            select(func.count(UserSession.id)).where(UserSession.user_id == user.id)
        )
        assert sessions == SIGN_INS * PASSES
        stored = db.session.get(User, user.id)
        assert stored is not None and stored.version == 1
