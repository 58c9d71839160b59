"""Serving a packet over HTTP: cached bytes, an ETag, and 304 when nothing changed."""

from __future__ import annotations

from flask import Response, request

from hiring.packets import render
from hiring.packets.render import Packet


def pdf_response(packet: Packet) -> Response:
    """The packet as a download; a browser revalidating an unchanged packet gets 304 at once."""
    if request.if_none_match.contains_weak(packet.fingerprint):
        return _not_modified(packet.fingerprint, packet.filename)
    return _download(packet.fingerprint, packet.filename, render.pdf(packet))


def stored_pdf_response(fingerprint: str, filename: str) -> Response | None:
    """The PDF cached under ``fingerprint`` (304 if the browser has it), or None."""
    if request.if_none_match.contains_weak(fingerprint):
        return _not_modified(fingerprint, filename)
    data = render.cached(fingerprint)
    return None if data is None else _download(fingerprint, filename, data)


def _headers(filename: str) -> dict[str, str]:
    return {
        "Content-Disposition": f'attachment; filename="{filename}"',
        # Stored by the browser, but always revalidated: an ETag round trip, no re-download.
        "Cache-Control": "private, no-cache",
    }


def _not_modified(fingerprint: str, filename: str) -> Response:
    # Weak comparison: a proxy that compresses the response may weaken the ETag.
    response = Response(status=304, headers=_headers(filename))
    response.set_etag(fingerprint)
    return response


def _download(fingerprint: str, filename: str, data: bytes) -> Response:
    response = Response(data, mimetype="application/pdf", headers=_headers(filename))
    response.set_etag(fingerprint)
    return response
