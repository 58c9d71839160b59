"""Every error is a styled page (or JSON for data requests), never a stack trace."""

from __future__ import annotations

import pytest
from flask import Blueprint, abort

from hiring.errors import wait_text


@pytest.fixture
def app(app):
    """Add routes that fail on purpose (registered before the first request)."""
    boom = Blueprint("boom", __name__)

    @boom.route("/boom/<int:code>")
    def fail(code: int):
        if code == 500:
            raise RuntimeError("secret internal detail")
        abort(code)

    app.register_blueprint(boom)
    return app


@pytest.mark.parametrize(
    ("code", "title"),
    [
        (400, "Bad request"),
        (403, "Not allowed"),
        (404, "Not found"),
        (413, "File too large"),
        (429, "Too many attempts"),
        (500, "Something went wrong"),
    ],
)
def test_error_pages_are_styled_and_leak_nothing(client, login, code, title):
    login()
    response = client.get(f"/boom/{code}")
    page = response.get_data(as_text=True)
    assert response.status_code == code
    assert f"<h1>{title}</h1>" in page and 'class="app-header"' in page
    assert "Traceback" not in page and "secret internal detail" not in page


def test_unknown_urls_give_the_styled_404_even_when_signed_out(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "<h1>Not found</h1>" in response.get_data(as_text=True)


def test_wrong_method_gives_405_with_allow_header(client, login):
    login()
    response = client.get("/admin/users/1/deactivate")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert "<h1>Method not allowed</h1>" in response.get_data(as_text=True)


def test_json_clients_get_json_errors(client, login):
    login()
    response = client.get("/no/such", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json == {"error": "Not found", "message": response.json["message"]}


def test_oversized_request_gives_413(app, client, login):
    login()
    app.config["MAX_CONTENT_LENGTH"] = 100
    response = client.post("/account/password", data={"current_password": "x" * 500})
    assert response.status_code == 413
    assert "File too large" in response.get_data(as_text=True)


class TestCsrf:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_forms_without_a_csrf_token_are_refused_with_a_clear_page(self, client, make_user):
        user = make_user()
        response = client.post("/login", data={"email": user.email, "password": user.password})
        assert response.status_code == 400
        assert "Form expired" in response.get_data(as_text=True)
        assert client.get("/").status_code == 302  # not signed in

    def test_forms_with_the_token_work(self, client, make_user):
        import re

        user = make_user()
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        response = client.post(
            "/login", data={"email": user.email, "password": user.password, "csrf_token": token}
        )
        assert response.status_code == 302

    def test_logout_without_token_is_refused(self, client, make_user):
        import re

        user = make_user()
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        client.post(
            "/login", data={"email": user.email, "password": user.password, "csrf_token": token}
        )
        assert client.post("/logout").status_code == 400
        assert client.get("/").status_code == 200


def test_security_headers_on_every_page(client, login):
    for response in (client.get("/login"), client.get("/healthz")):
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
    login()
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_pages_carry_no_inline_script_or_style(client, login):
    """The CSP forbids inline code, so templates must not rely on it."""
    login(roles=["admin"])
    for url in ("/", "/admin/users/", "/admin/audit/", "/account", "/no-such-page"):
        page = client.get(url).get_data(as_text=True)
        assert " style=" not in page, url
        assert " onclick=" not in page and " onsubmit=" not in page, url
        assert "<script>" not in page, url


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (0.2, "1 second"),
        (30, "30 seconds"),
        (61, "1 minute"),
        (2821, "47 minutes"),
        (3600, "60 minutes"),
        (3 * 3600 + 100, "3 hours"),
    ],
)
def test_waits_are_said_in_words(seconds, said):
    assert wait_text(seconds) == said
