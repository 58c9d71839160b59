"""Reading a rendered page's tags back, for tests about what a form offers (which controls,
their ids, names, values and data attributes) without matching raw HTML text."""

from __future__ import annotations

from html.parser import HTMLParser

Attrs = dict[str, str | None]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, Attrs]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def tags(page: str, tag: str, /, **wanted: str) -> list[Attrs]:
    """The attributes of every ``<tag>`` in ``page``, in order, that has each of
    ``wanted``'s attributes with that value (``class_`` stands for ``class``)."""
    parser = _Tags()
    parser.feed(page)
    want = {key.rstrip("_").replace("_", "-"): value for key, value in wanted.items()}
    return [
        attrs
        for found, attrs in parser.found
        if found == tag and all(attrs.get(k) == v for k, v in want.items())
    ]
