"""Serving a packet over HTTP: cached bytes, an ETag, and 304 when nothing changed."""

from __future__ import annotations

from flask import Response, request

from hiring.packets import render
from hiring.packets.render import Packet


def pdf_response(packet: Packet) -> Response:
    """The packet as a download; a browser revalidating an unchanged packet gets 304 at once."""
    etag = packet.fingerprint
    headers = {
        "Content-Disposition": f'attachment; filename="{packet.filename}"',
        # Stored by the browser, but always revalidated: an ETag round trip, no re-download.
        "Cache-Control": "private, no-cache",
    }
    # Weak comparison: a proxy that compresses the response may weaken the ETag.
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304, headers=headers)
        response.set_etag(etag)
        return response
    data = render.pdf(packet)
    response = Response(data, mimetype="application/pdf", headers=headers)
    response.set_etag(etag)
    return response
