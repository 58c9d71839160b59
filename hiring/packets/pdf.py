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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint import HTML, URLFetcher
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


def html_to_pdf(html: str, static_folder: str) -> bytes:
    """The expensive part, with no app or database: pool workers run exactly this."""
    fetcher = StaticOnlyFetcher(static_folder)
    document = HTML(string=html, base_url=STATIC_BASE, url_fetcher=fetcher).render(
        pdf_variant=PDF_VARIANT
    )
    # The moment of rendering, set here rather than in the HTML so that the packet's
    # fingerprint (its cache key) stays the same for the same content.
    document.metadata.created = datetime.now(UTC).isoformat(timespec="seconds")
    pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT)
    return pdf
