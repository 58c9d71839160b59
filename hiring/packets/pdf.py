"""Turning packet HTML into PDF with WeasyPrint, fetching nothing but the app's static files.

Packets contain text people typed (names, notes, evidence). Templates escape it, and the URL
fetcher below is the second line of defence: a stray ``<img src="file:///etc/passwd">`` or
an external URL can never be read, and ``data:`` is allowed only for small images.

This module needs neither the app nor its database, so worker processes import only it.
"""

from __future__ import annotations

import base64
import logging
import mimetypes
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint import HTML, URLFetcher
from weasyprint import layout as weasyprint_layout
from weasyprint.urls import URLFetcherResponse

logger = logging.getLogger(__name__)

#: A made-up origin: packet templates refer to static files as STATIC_BASE + path.
STATIC_BASE = "https://packets.invalid/static/"
MAX_DATA_URL_BYTES = 64 * 1024
DATA_URL_TYPES = ("image/png", "image/jpeg", "image/gif", "image/svg+xml", "image/webp")


class RefusedURL(ValueError):
    """The packet asked for a resource it may not have."""


class StaticOnlyFetcher(URLFetcher):
    """Serves the app's static folder; refuses file:, http(s): and large or non-image data:."""

    def __init__(self, static_folder: str | Path | None, **kwargs: Any) -> None:
        super().__init__(timeout=2, allowed_protocols=(), allow_redirects=False, **kwargs)
        # No folder means no static files at all (never the working directory).
        self.static_folder = Path(static_folder).resolve() if static_folder else None

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith(STATIC_BASE):
            if self.static_folder is None:
                raise self._refuse(url, "the app has no static folder")
            relative = unquote(urlsplit(url).path)[len("/static/") :]
            path = (self.static_folder / relative).resolve()
            if self.static_folder not in path.parents or not path.is_file():
                raise self._refuse(url, "outside the static folder")
            mime, _ = mimetypes.guess_type(path.name)
            return URLFetcherResponse(
                url,
                body=path.read_bytes(),
                headers={"Content-Type": mime or "application/octet-stream"},
            )
        if url.startswith("data:"):
            header, _, payload = url[5:].partition(",")
            mime = header.split(";")[0]
            size = len(payload) * 3 // 4 if ";base64" in header else len(payload)
            if mime not in DATA_URL_TYPES or size > MAX_DATA_URL_BYTES:
                raise self._refuse(url[:60], "data: only for small images")
            body = base64.b64decode(payload) if ";base64" in header else unquote(payload).encode()
            return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})
        raise self._refuse(url[:200], "not one of the app's static files")

    @staticmethod
    def _refuse(url: str, why: str) -> RefusedURL:
        logger.warning("packet renderer refused %s (%s)", url, why)
        return RefusedURL(f"refused {url}: {why}")


#: PDF/UA-1: a tagged PDF (headings, tables, lists and reading order for screen readers) that
#: declares its language; WeasyPrint takes /Lang from ``<html lang>``, /Title from ``<title>``
#: and /Author from ``<meta name="author">`` of the packet template.
PDF_VARIANT = "pdf/ua-1"


def html_to_pdf(
    html: str, static_folder: str, on_part: Callable[[int], None] | None = None
) -> bytes:
    """The expensive part, with no app or database: pool workers run exactly this.

    ``on_part(n)`` is told each time the layout reaches the start of part ``n`` (an element
    with ``data-part="n"``, numbered from 1, each starting on a new page), so parts before
    it are laid out; see ``_layout_progress``.
    """
    with _layout_progress(on_part):
        return _render(html, static_folder)


def _render(html: str, static_folder: str) -> bytes:
    fetcher = StaticOnlyFetcher(static_folder)
    document = HTML(string=html, base_url=STATIC_BASE, url_fetcher=fetcher).render(
        pdf_variant=PDF_VARIANT
    )
    # The moment of rendering, set here rather than in the HTML so that the packet's
    # fingerprint (its cache key) stays the same for the same content.
    document.metadata.created = datetime.now(UTC).isoformat(timespec="seconds")
    pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT)
    return pdf


# Progress through the layout, part by part ----------------------------------------------------


class _Progress:
    """What one render has reported: ``n`` once the layout reaches part ``n``; after the
    last page, one past the highest part (every part laid out). Never backwards, though
    WeasyPrint may lay the pages out again (page-based counters)."""

    def __init__(self, listener: Callable[[int], None]) -> None:
        self.listener = listener
        self.seen = 0
        self.reported = 0

    def page(self, part: int) -> None:
        self.seen = max(self.seen, part)
        self._report(part)

    def laid_out(self) -> None:
        self._report(self.seen + 1)

    def _report(self, part: int) -> None:
        if part > self.reported:
            self.reported = part
            self.listener(part)


#: The progress of the render running in this thread (a worker runs several at once).
_progress: ContextVar[_Progress | None] = ContextVar("packet_progress", default=None)


@contextmanager
def _layout_progress(on_part: Callable[[int], None] | None) -> Iterator[None]:
    """Report the parts of a document as WeasyPrint lays out its pages, in order.

    Laying out pages is most of a long packet's rendering, and WeasyPrint has no public
    hook for it, so its page generator (``weasyprint.layout.make_all_pages``, as in
    WeasyPrint 69) is wrapped once: each page it yields is looked at (the top three levels
    of its boxes) for the ``data-part`` number of the section on it. Should a WeasyPrint
    release drop that function, the PDF renders as before and progress comes at the end
    (``test_weasyprint_keeps_the_layout_hook`` in ``tests/test_packet_builds.py`` notices,
    and so does the 20-memo build in ``tests/packets/test_background_packet.py``).
    """
    if on_part is None:
        yield
        return
    _wrap_page_maker()
    token = _progress.set(_Progress(on_part))
    try:
        yield
    finally:
        _progress.reset(token)


_wrapping = threading.Lock()


def _wrap_page_maker() -> None:
    with _wrapping:
        module: Any = weasyprint_layout
        make_all_pages = getattr(module, "make_all_pages", None)
        if make_all_pages is None or getattr(make_all_pages, "reports_parts", False):
            return
        module.make_all_pages = _reporting(make_all_pages)


def _reporting(make_all_pages: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:

    def reporting(*args: Any, **kwargs: Any) -> Iterator[Any]:
        progress = _progress.get()
        for page in make_all_pages(*args, **kwargs):
            if progress is not None:
                progress.page(_part_on(page))
            yield page
        if progress is not None:
            progress.laid_out()

    reporting.reports_parts = True  # type: ignore[attr-defined]
    return reporting


def _part_on(page: Any) -> int:
    """The highest ``data-part`` among the page's html, body and section boxes (0: none)."""
    found = 0
    level = list(getattr(page, "children", ()))
    for _depth in range(3):
        below: list[Any] = []
        for box in level:
            element = getattr(box, "element", None)
            number = element.get("data-part") if element is not None else None
            if number and number.isdigit():
                found = max(found, int(number))
            below.extend(getattr(box, "children", ()))
        level = below
    return found
