"""What the app tells browsers and proxies: compression, caching of static files, the favicon,
HSTS over TLS and the Permissions-Policy."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

import brotli
import pytest

from hiring.static_files import VERSIONED_CACHE_CONTROL

STATIC = Path(__file__).resolve().parent.parent / "hiring" / "static"


def _static_urls(page: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', page)


@pytest.mark.parametrize(
    ("accept", "decompress"), [("gzip", gzip.decompress), ("br", brotli.decompress)]
)
def test_css_is_compressed_when_the_browser_accepts_it(client, accept, decompress):
    css = client.get("/static/css/app.css", headers={"Accept-Encoding": f"{accept}, deflate"})
    body = css.get_data()
    assert css.headers["Content-Encoding"] == accept
    assert "Accept-Encoding" in css.headers["Vary"]
    assert decompress(body) == (STATIC / "css" / "app.css").read_bytes()
    assert len(body) < (STATIC / "css" / "app.css").stat().st_size / 3


@pytest.mark.parametrize("accept", ["gzip", "br"])
def test_pages_with_secrets_are_never_compressed(client, login, accept):
    """BREACH: a compressed page's length leaks its CSRF token and the calendar feed's
    private address, so HTML goes out plain even to a browser that asks."""
    login(roles=["admin"])
    for url in ("/admin/users/", "/account"):
        page = client.get(url, headers={"Accept-Encoding": accept})
        assert page.status_code == 200 and page.mimetype == "text/html", url
        assert "Content-Encoding" not in page.headers, url
        assert b'name="csrf-token"' in page.get_data(), url


def test_nothing_is_compressed_for_a_client_that_did_not_ask(client):
    response = client.get("/login")
    assert "Content-Encoding" not in response.headers
    assert b"<form" in response.get_data()


def test_static_urls_carry_a_content_hash_and_are_cached_for_a_year(client, login):
    login(roles=["admin"])
    urls = _static_urls(client.get("/").get_data(as_text=True))
    assert any("css/app.css?v=" in url for url in urls)
    for url in urls:
        path, _, version = url.partition("?v=")
        file = STATIC / path.removeprefix("/static/")
        assert version == hashlib.sha256(file.read_bytes()).hexdigest()[:12], url
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == VERSIONED_CACHE_CONTROL


def test_static_files_without_their_current_hash_are_revalidated(client):
    for url in ("/static/css/app.css", "/static/css/app.css?v=000000000000"):
        response = client.get(url)
        assert response.status_code == 200
        cache_control = response.headers["Cache-Control"]
        assert "immutable" not in cache_control and "max-age=31536000" not in cache_control
        assert "no-cache" in cache_control and response.headers["ETag"]


def test_the_favicon_is_served_at_the_conventional_address_without_signing_in(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.cache_control.public and response.cache_control.max_age == 86400
    assert not response.cache_control.no_cache
    assert response.mimetype == "image/vnd.microsoft.icon"
    assert response.get_data()[:4] == b"\x00\x00\x01\x00"  # the ICO header
    page = client.get("/login").get_data(as_text=True)
    assert '<link rel="icon" href="/favicon.ico" sizes="32x32">' in page
    assert re.search(r'<link rel="icon" href="/static/img/favicon.svg\?v=\w{12}"', page)


def test_permissions_policy_denies_powerful_features_everywhere(client, login):
    login()
    for response in (client.get("/login"), client.get("/"), client.get("/static/css/app.css")):
        policy = response.headers["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in policy


def test_hsts_only_over_tls(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    secure = client.get("/login", base_url="https://hiring.example.com")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


class TestBehindAProxy:
    @pytest.fixture
    def app_config(self):
        return {"TRUSTED_PROXIES": 1}

    def test_hsts_when_the_proxy_says_the_visit_was_over_tls(self, client):
        forwarded = client.get("/login", headers={"X-Forwarded-Proto": "https"})
        assert "max-age=31536000" in forwarded.headers["Strict-Transport-Security"]
        plain = client.get("/login", headers={"X-Forwarded-Proto": "http"})
        assert "Strict-Transport-Security" not in plain.headers


def test_the_favicon_is_cached_for_a_day_for_signed_in_people_too(client, login):
    login()
    response = client.get("/favicon.ico")
    assert response.headers["Cache-Control"] in (
        "public, max-age=86400",
        "max-age=86400, public",
    )
