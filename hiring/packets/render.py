"""Rendering packets to PDF with WeasyPrint, fetching nothing but the app's own static files.

Packets contain text people typed (names, notes, evidence). Templates escape it, and the URL
fetcher below is the second line of defence: a stray ``<img src="file:///etc/passwd">`` or
an external URL can never be read, and ``data:`` is allowed only for small images.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import logging
import mimetypes
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from flask import current_app, has_app_context, has_request_context, render_template
from pypdf import PdfWriter
from weasyprint import HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse

from hiring.extensions import cache

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


PAGE_SIZES = {"a4": "A4", "letter": "Letter"}


@dataclass(frozen=True)
class Packet:
    """A packet ready to print: its HTML holds everything in it, so its hash is its identity."""

    html: str
    title: str
    filename: str

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.html)


@functools.cache
def renderer_identity(static_folder: str) -> str:
    """What else shapes a PDF besides its HTML: the libraries that lay it out and merge it,
    and every file the renderer may fetch. An upgrade or a new logo re-renders everything."""
    libraries = ("weasyprint", "pydyf", "pypdf", "tinycss2", "cssselect2")
    digest = hashlib.sha256(" ".join(f"{n} {version(n)}" for n in libraries).encode())
    folder = Path(static_folder) if static_folder else None
    if folder is not None and folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def fingerprint(*parts: str) -> str:
    """A short content hash of ``parts`` and the renderer's identity."""
    digest = hashlib.sha256(renderer_identity(static_folder()).encode())
    for part in parts:
        digest.update(b"\0" + part.encode())
    return digest.hexdigest()[:40]


def page_size() -> str:
    return PAGE_SIZES.get(str(current_app.config.get("PACKET_PAGE_SIZE", "A4")).lower(), "A4")


def build(template: str, *, title: str, filename: str, **context: Any) -> Packet:
    """Render ``templates/packets/<template>`` to HTML (cheap); PDF rendering comes later."""
    context.update(static_base=STATIC_BASE, packet_title=title, page_size=page_size())
    if has_request_context():
        html = render_template(f"packets/{template}", **context)
    else:  # the CLI: templates' context processors expect a request
        with current_app.test_request_context():
            html = render_template(f"packets/{template}", **context)
    return Packet(html=html, title=title, filename=filename)


def html_to_pdf(html: str, static_folder: str) -> bytes:
    """The expensive part, with no app or database: pool workers run exactly this."""
    fetcher = StaticOnlyFetcher(static_folder)
    pdf: bytes = HTML(string=html, base_url=STATIC_BASE, url_fetcher=fetcher).write_pdf()
    return pdf


def static_folder() -> str:
    return (current_app.static_folder or "") if has_app_context() else ""


def _cache_key(packet_fingerprint: str) -> str:
    return f"packet:{packet_fingerprint}"


def cached(packet_fingerprint: str) -> bytes | None:
    data = cache.get(_cache_key(packet_fingerprint))
    return data if isinstance(data, bytes) else None


def remember(packet_fingerprint: str, data: bytes) -> None:
    if not cache.set(_cache_key(packet_fingerprint), data):
        logger.warning("could not cache packet %s", packet_fingerprint)


def pdf(packet: Packet) -> bytes:
    """The packet's PDF: from the cache when nothing in it changed, else rendered and kept."""
    key = packet.fingerprint
    data = cached(key)
    if data is None:
        data = html_to_pdf(packet.html, static_folder())
        remember(key, data)
    return data


@dataclass(frozen=True)
class Bundle:
    """Several packets printed as one PDF: each part opens with a bookmark of its own."""

    parts: list[tuple[str, Packet]]
    title: str
    filename: str
    author: str

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.title, *(f"{label}\0{p.fingerprint}" for label, p in self.parts))


def merge(bundle: Bundle, pdfs: list[bytes]) -> bytes:
    """Concatenate the parts' PDFs; each part's bookmarks (its title, then its sections)
    come along, so the merged outline reads like a table of contents."""
    writer = PdfWriter()
    for data in pdfs:
        writer.append(io.BytesIO(data), import_outline=True)
    writer.add_metadata(
        {"/Title": bundle.title, "/Author": bundle.author, "/Creator": bundle.author}
    )
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def bundle_pdf(bundle: Bundle) -> bytes:
    """The bundle's PDF, from the cache when nothing in any part changed."""
    key = bundle.fingerprint
    data = cached(key)
    if data is None:
        data = merge(bundle, [pdf(part) for _label, part in bundle.parts])
        remember(key, data)
    return data
