"""Structural checks on every HTML page the Flask test client renders.

Screen readers name a control through ``<label for=…>`` and ``aria-labelledby``, which look the id
up in the page: with two elements sharing an id, the second control silently gets no name (the
hold, reject and withdraw forms once shared ``id="reason"``). ``tests/conftest.py`` attaches
:class:`PageChecker` to each test's app as an ``after_request`` hook (test-only, never in
production code) and fails the test that rendered a page with a problem.

Checked: duplicate ``id`` values, and ``<label for>``/``aria-labelledby``/``aria-describedby``
pointing at no element of the page. Parsed with the standard library's ``html.parser``, so a
check costs well under a millisecond per page.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

from flask import Response, request

#: Attributes whose value is a whitespace-separated list of ids that must exist in the page.
ID_REFERENCES = ("aria-labelledby", "aria-describedby")


class _IdCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: Counter[str] = Counter()
        #: (attribute, id) pairs that must name an element of the page.
        self.references: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids[values["id"] or ""] += 1
        if tag == "label" and values.get("for"):
            self.references.append(("label for", values["for"] or ""))
        for attribute in ID_REFERENCES:
            for target in (values.get(attribute) or "").split():
                self.references.append((attribute, target))

    handle_startendtag = handle_starttag


@dataclass(frozen=True)
class IdProblem:
    #: "duplicate id", "label for", "aria-labelledby" or "aria-describedby".
    kind: str
    value: str
    #: How many elements carry a duplicated id.
    count: int = 0

    def __str__(self) -> str:
        if self.kind == "duplicate id":
            return f'duplicate id="{self.value}" ({self.count} elements)'
        return f'{self.kind}="{self.value}" names no element'


def id_problems(html: str) -> list[IdProblem]:
    """What is wrong with the ids of one page (empty when nothing is)."""
    collector = _IdCollector()
    collector.feed(html)
    collector.close()
    problems = [IdProblem("duplicate id", i, n) for i, n in collector.ids.items() if n > 1]
    problems += [
        IdProblem(kind, target)
        for kind, target in dict.fromkeys(collector.references)
        if target not in collector.ids
    ]
    return problems


@dataclass
class PageChecker:
    """Collects the problems of the pages rendered during one test (and counts for the run)."""

    #: "GET /path: problem" lines found since the last :meth:`take`.
    problems: list[str] = field(default_factory=list)
    pages_checked: int = 0
    #: Responses with at least one problem during the run, for the summary.
    pages_failed: int = 0
    #: Every route (method and URL rule) that rendered a page with a problem, for the summary.
    routes_with_problems: set[str] = field(default_factory=set)
    #: Every distinct (kind, value) seen during the run, for the summary.
    distinct_problems: set[tuple[str, str]] = field(default_factory=set)

    def after_request(self, response: Response) -> Response:
        """The Flask ``after_request`` hook: check an HTML response, pass it on unchanged."""
        if response.mimetype != "text/html" or response.direct_passthrough:
            return response
        self.pages_checked += 1
        page = f"{request.method} {request.path}"
        problems = id_problems(response.get_data(as_text=True))
        self.pages_failed += bool(problems)
        for problem in problems:
            self.problems.append(f"{page} (status {response.status_code}): {problem}")
            rule = request.url_rule.rule if request.url_rule else request.path
            self.routes_with_problems.add(f"{request.method} {rule}")
            self.distinct_problems.add((problem.kind, problem.value))
        return response

    def take(self) -> list[str]:
        """The problems found since the last call, forgetting them."""
        found, self.problems = self.problems, []
        return found

    def summary(self, label: str = "") -> str:
        line = f"HTML id check{label}: {self.pages_checked} HTML responses checked"
        if not self.pages_failed:
            return line + ", no duplicate or dangling ids."
        duplicates = sum(kind == "duplicate id" for kind, _ in self.distinct_problems)
        return (
            f"{line}; {self.pages_failed} had problems, from {len(self.routes_with_problems)}"
            f" routes: {duplicates} distinct duplicated ids,"
            f" {len(self.distinct_problems) - duplicates} distinct dangling references."
        )
