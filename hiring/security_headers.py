"""Response headers that make the browser refuse whole classes of attack."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_login import current_user

#: Everything comes from our own origin: vendored CSS and JS, no inline script or style.
#: Pico's form controls draw their icons with data: SVG images.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

#: Powerful browser features no page of this app uses, switched off for every origin, so an
#: injected script or an embedded page cannot ask for them either. Only names Chromium knows
#: (an unknown name is logged as a console error on every page).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)
#: Browsers that once reached the app over TLS never use plain HTTP for it (or its
#: subdomains) for a year. Sent over TLS only: browsers ignore it on plain HTTP, and a
#: development server on http://localhost must not pin itself to HTTPS.
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"

#: Blueprints whose pages need no account yet carry a person's data or secret link: the
#: candidate's voluntary self-identification form (its URL is the single-use token).
PRIVATE_PUBLIC_PAGES = frozenset({"selfid"})


def register(app: Flask) -> None:
    @app.after_request
    def add_security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # Behind a proxy, is_secure follows X-Forwarded-Proto once TRUSTED_PROXIES is set.
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
        private = current_user.is_authenticated or request.blueprint in PRIVATE_PUBLIC_PAGES
        if request.endpoint != "static" and private:
            # Pages with people's data must not linger in shared or back-button caches.
            headers.setdefault("Cache-Control", "no-store")
        return response
