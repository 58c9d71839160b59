"""Building packets and caching their PDFs.

A packet is rendered to HTML here, in the app; the HTML is fingerprinted, and the PDF made
from it (``hiring.packets.pdf``) is cached under that fingerprint.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from flask import current_app, has_app_context, has_request_context, render_template

from hiring.extensions import cache
from hiring.packets.pdf import PDF_VARIANT, html_to_pdf

__all__ = ["Bundle", "Packet", "build", "html_to_pdf", "pdf"]

logger = logging.getLogger(__name__)

PAGE_SIZES = {"a4": "A4", "letter": "Letter"}


@dataclass(frozen=True)
class Packet:
    """A packet ready to print: its HTML holds everything in it, so its hash (taken when it
    is built, with the app's renderer identity) is its identity."""

    html: str
    title: str
    filename: str
    fingerprint: str


@functools.cache
def renderer_identity(static_folder: str) -> str:
    """What else shapes a PDF besides its HTML: the libraries that lay it out and write it,
    the PDF variant they write, and every file the renderer may fetch. An upgrade, a new
    variant or a new logo re-renders everything."""
    libraries = ("weasyprint", "pydyf", "tinycss2", "cssselect2")
    digest = hashlib.sha256(" ".join(f"{n} {version(n)}" for n in libraries).encode())
    digest.update(PDF_VARIANT.encode())
    folder = Path(static_folder) if static_folder else None
    if folder is not None and folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def fingerprint(html: str) -> str:
    """A short content hash of ``html`` and of the app's renderer identity."""
    return digest(renderer_identity(static_folder()), html)


def digest(*parts: str) -> str:
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(part.encode() + b"\0")
    return hashed.hexdigest()[:40]


def page_size() -> str:
    return PAGE_SIZES.get(str(current_app.config.get("PACKET_PAGE_SIZE", "A4")).lower(), "A4")


def build(template: str, *, title: str, filename: str, **context: Any) -> Packet:
    """Render ``templates/packets/<template>`` to HTML (cheap); PDF rendering comes later."""
    context.update(packet_title=title, page_size=page_size())
    if has_request_context():
        html = render_template(f"packets/{template}", **context)
    else:  # the CLI: templates' context processors expect a request
        with current_app.test_request_context():
            html = render_template(f"packets/{template}", **context)
    return Packet(html=html, title=title, filename=filename, fingerprint=fingerprint(html))


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


def pdf(packet: Packet, on_part: Callable[[int], None] | None = None) -> bytes:
    """The packet's PDF: from the cache when nothing in it changed, else rendered and kept
    (``on_part``: see ``html_to_pdf``)."""
    key = packet.fingerprint
    data = cached(key)
    if data is None:
        data = html_to_pdf(packet.html, static_folder(), on_part)
        remember(key, data)
    return data


@dataclass(frozen=True)
class Bundle:
    """A packet of several parts: ``whole`` prints them as one document (page numbers run
    across it, and it keeps its language and structure); ``parts``, when asked for, are the
    same parts as documents of their own, to be rendered side by side on every core."""

    whole: Packet
    parts: list[Packet]
