"""Fixtures of the concurrency tests: the test's app served on a threaded server, and
people signed in to it (see ``tests.support.served``)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests import builders
from tests.support.served import Person


@pytest.fixture
def served(app: Flask) -> Iterator[int]:
    """The test's app on a threaded server; yields its port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.port
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def person(app: Flask, served: int) -> Callable[[builders.UserRef], Person]:
    """``person(user_ref)``: a browser signed in as that user on the served app."""

    def _person(user: builders.UserRef) -> Person:
        client = app.test_client()
        builders.log_in(client, user)
        cookie = client.get_cookie("session")
        assert cookie is not None
        return Person(served, cookie.value)

    return _person
