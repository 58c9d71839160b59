"""Serving the test's app over real sockets, and people who send requests to it at once.

The Flask test client runs one request at a time; the concurrency tests need the database to
see simultaneous transactions (PostgreSQL when ``HIRING_TEST_DATABASE_URL`` is set, SQLite
otherwise), so the app is served by Werkzeug's threaded server on a free loopback port, and
each simulated person sends plain HTTP with the session cookie a test client got when it
signed in (same app, same secret key).
"""

from __future__ import annotations

import http.client
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode


@dataclass(frozen=True)
class Answer:
    status: int
    body: str


@dataclass(frozen=True)
class Person:
    """A signed-in browser of the served app."""

    port: int
    cookie: str

    def get(self, path: str) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path, headers={"Cookie": f"session={self.cookie}"})
            response = connection.getresponse()
            return Answer(response.status, response.read().decode())
        finally:
            connection.close()

    def post(self, path: str, data: dict[str, str], *, json: bool = False) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"session={self.cookie}",
                "Accept": "application/json" if json else "text/html",
            }
            connection.request("POST", path, body=urlencode(data), headers=headers)
            response = connection.getresponse()
            return Answer(response.status, response.read().decode())
        finally:
            connection.close()


def at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run every call in its own thread, released together; their results in order."""
    start = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(n: int) -> None:
        start.wait()
        results[n] = calls[n]()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
