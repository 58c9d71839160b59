"""Addresses drawn by templates, each routed once.

A page links twenty to thirty addresses (the style sheets and scripts, the menu, the page's own
links and forms), and Flask routes every one of them through the URL map, its defaults and the
static files' content hashes, on every page: about 4% of the server's time on the load mix.
Outside debug mode an address is a function of the endpoint, its values and where the app is
mounted, so templates get a ``url_for`` that keeps what it built (the ``KEPT`` most recent).

Anything else goes to Flask's own, unkept: relative endpoints (``.index`` depends on the page's
blueprint), absolute addresses (``_external``, ``_scheme``: they name the host), values other
than text, numbers and None (a list of ids), a template rendered outside a request (e-mails),
and the development server in debug mode (a static file's hash changes as it is edited).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from flask import Flask, has_request_context, request

#: Addresses kept per app: every link of the busiest pages many times over.
KEPT = 4096
#: The values an address is kept for. Anything else (a list of ids, an object) is routed
#: every time: it may not be hashable, and an object would be kept alive by the key.
_PLAIN = (str, int, float, bool, type(None))


def install(app: Flask) -> None:
    """Give ``app``'s templates the keeping ``url_for`` (not in debug mode)."""
    if app.debug:
        return
    app.jinja_env.globals["url_for"] = kept_url_for(app.url_for)


def kept_url_for(build: Callable[..., str]) -> Callable[..., str]:
    """``build`` (Flask's ``url_for``), keeping each address it builds for a request.

    The most recently used ``KEPT`` are kept, in an ``OrderedDict`` rather than a locked LRU
    cache: a board draws two addresses per card, and each of the dictionary's steps is one
    atomic operation, so threads need no lock (at worst two build the same address).
    """
    kept: OrderedDict[tuple[Any, ...], str] = OrderedDict()

    def url_for(endpoint: str, **values: Any) -> str:
        if (
            endpoint[:1] == "."
            or not has_request_context()
            or "_external" in values
            or "_scheme" in values
        ):
            return build(endpoint, **values)
        for value in values.values():
            if type(value) not in _PLAIN:
                return build(endpoint, **values)
        # The value's type is part of the key: 1 and True are equal, their URLs are not.
        key = (
            request.script_root,
            endpoint,
            frozenset((name, type(value), value) for name, value in values.items()),
        )
        found = kept.get(key)
        if found is not None:
            try:  # noqa: SIM105 - a try costs less than suppress(), on every address drawn
                kept.move_to_end(key)
            except KeyError:  # another thread dropped it meanwhile: the address is still right
                pass
            return found
        found = kept[key] = build(endpoint, **values)
        while len(kept) > KEPT:
            try:
                kept.popitem(last=False)
            except KeyError:  # another thread emptied it meanwhile
                break
        return found

    return url_for
