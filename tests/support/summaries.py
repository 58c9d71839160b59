"""Lines for the end-of-run summary that survive pytest-xdist.

With ``-n`` the tests run in worker processes, whose own terminal summaries nobody sees: each
worker hands its lines to the controller when it finishes (``tests/conftest.py``), which
prints them under the worker's name.
"""

from __future__ import annotations

from collections.abc import Callable

_SOURCES: list[Callable[[], list[str]]] = []


def add_source(source: Callable[[], list[str]]) -> None:
    """``source`` gives this process's summary lines when the run ends (idempotent)."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def lines_of_this_process() -> list[str]:
    return [line for source in _SOURCES for line in source()]
