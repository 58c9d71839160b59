"""Safe number parsing for URLs, query strings and forms (no application imports here,
so the app factory can install the URL converter before anything else loads)."""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter


def form_int(value: object, default: int = 0) -> int:
    """An integer from a form field (hidden version counters, ids); ``default`` when the
    value is missing or tampered with, so bad input never becomes a 500."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return default
    return number if -(2**31) < number < 2**31 else default


def bounded_int(value: str) -> int:
    """``type=`` for ``request.args.get``: an id or number the database can hold (else the
    default), so ``?page=99999999999999999999`` is ignored instead of failing."""
    number = int(value)
    if not -(2**31) < number < 2**31:
        raise ValueError(value)
    return number


class BoundedIntegerConverter(IntegerConverter):
    """``<int:id>`` in URLs, limited to what an INTEGER column holds: larger ids are 404."""

    def __init__(self, url_map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)
