"""Signing in and out, safe redirects, throttling, sessions and set-password links."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from hiring.audit.models import AuditEvent
from hiring.auth.models import User
from hiring.db import db
from tests.support.harness import sign_in

GENERIC_ERROR = "That e-mail and password do not match an active account."


def test_login_page_is_public_and_has_the_form(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'name="email"' in page and 'name="password"' in page
    assert "<h2>Sign in</h2>" in page


def test_good_credentials_sign_in_and_land_on_home(client, make_user):
    user = make_user(roles=["recruiter"], name="Riley Brooks")
    response = sign_in(client, user.email.upper(), user.password)  # e-mail is case-insensitive
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "Hello, Riley" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("case", ["wrong password", "unknown e-mail", "inactive", "no password"])
def test_every_failure_shows_the_same_generic_message(client, make_user, case):
    if case == "wrong password":
        email, password = make_user().email, "not the password"
    elif case == "unknown e-mail":
        email, password = "nobody@example.test", "whatever it is"
    elif case == "inactive":
        user = make_user(active=False)
        email, password = user.email, user.password
    else:
        email, password = make_user(password=None).email, ""
        password = "anything at all"
    response = sign_in(client, email, password)
    assert response.status_code == 200
    assert GENERIC_ERROR in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_failed_logins_are_audited_and_successful_ones_stamp_last_login(app, client, make_user):
    user = make_user()
    sign_in(client, user.email, "wrong password")
    sign_in(client, user.email, user.password)
    with app.app_context():
        actions = [e.action for e in db.session.query(AuditEvent).order_by(AuditEvent.id)]
        assert actions == ["auth.login_failed", "auth.login"]
        assert db.session.get(User, user.id).last_login_at is not None


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/admin/users/?q=a", "/admin/users/?q=a"),
        ("/account", "/account"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("account", "/"),
    ],
)
def test_next_only_redirects_within_the_site(client, make_user, target, expected):
    user = make_user(roles=["admin"])
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": user.email, "password": user.password},
    )
    assert response.headers["Location"] == expected


def test_login_required_redirect_carries_next_and_returns_there(client, make_user):
    user = make_user(roles=["admin"])
    response = client.get("/admin/users/?role=admin")
    assert response.headers["Location"] == "/login?next=/admin/users/?role%3Dadmin"
    response = client.post(
        response.headers["Location"], data={"email": user.email, "password": user.password}
    )
    assert response.headers["Location"] == "/admin/users/?role=admin"


def test_signed_in_user_visiting_login_goes_home(client, login):
    login()
    assert client.get("/login").headers["Location"] == "/"


def test_logout_needs_a_post_and_ends_the_session(client, login):
    login()
    confirm = client.get("/logout")
    assert confirm.status_code == 200 and "Sign out?" in confirm.get_data(as_text=True)
    assert client.get("/").status_code == 200  # GET did not sign out
    response = client.post("/logout", follow_redirects=True)
    assert "You are signed out." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


class TestThrottling:
    @pytest.fixture
    def app_config(self):
        return {
            "RATELIMIT_ENABLED": True,
            "LOGIN_RATE_LIMIT": "8 per minute",
            "LOGIN_ACCOUNT_RATE_LIMIT": "3 per minute",
        }

    def test_repeated_failures_for_one_account_are_throttled(self, client, make_user):
        user = make_user()
        for _ in range(3):
            assert sign_in(client, user.email, "bad password").status_code == 200
        blocked = sign_in(client, user.email, user.password)
        assert blocked.status_code == 429
        assert "Too many attempts" in blocked.get_data(as_text=True)
        # Another account from the same address is still allowed, up to the address limit.
        other = make_user()
        assert sign_in(client, other.email, other.password).status_code == 302

    def test_successful_logins_do_not_use_up_the_account_allowance(self, client, make_user):
        user = make_user()
        for _ in range(4):
            assert sign_in(client, user.email, user.password).status_code == 302
            client.post("/logout")

    def test_one_address_is_throttled_across_accounts(self, client):
        statuses = [sign_in(client, f"x{i}@example.test", "nope").status_code for i in range(9)]
        assert statuses[:8] == [200] * 8
        assert statuses[8] == 429


def test_changing_password_signs_out_other_sessions_but_keeps_this_one(app, make_user):
    user = make_user()
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, user.email, user.password)
    sign_in(phone, user.email, user.password)
    response = laptop.post(
        "/account/password",
        data={
            "current_password": user.password,
            "password": "a brand new passphrase",
            "confirm": "a brand new passphrase",
        },
    )
    assert response.headers["Location"] == "/account"
    assert laptop.get("/").status_code == 200
    assert phone.get("/").status_code == 302
    assert sign_in(phone, user.email, "a brand new passphrase").status_code == 302


@pytest.mark.parametrize(
    ("current", "new", "confirm", "message"),
    [
        (
            "wrong one",
            "a brand new passphrase",
            "a brand new passphrase",
            "That is not your current password.",
        ),
        (None, "short", "short", "Use at least 10 characters."),
        (None, "a brand new passphrase", "different passphrase", "The two passwords differ."),
        (None, None, None, "Choose a password different from the current one."),
    ],
)
def test_change_password_validation(client, login, current, new, confirm, message):
    user = login()
    response = client.post(
        "/account/password",
        data={
            "current_password": current or user.password,
            "password": new or user.password,
            "confirm": confirm or user.password,
        },
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)


def test_remember_me_sets_a_secure_httponly_cookie_in_production_settings(app, make_user):
    app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    client = app.test_client()
    user = make_user()
    response = client.post(
        "/login",
        data={"email": user.email, "password": user.password, "remember": "y"},
        base_url="https://localhost",
    )
    cookies = response.headers.getlist("Set-Cookie")
    session = next(c for c in cookies if c.startswith("session="))
    remember = next(c for c in cookies if c.startswith("remember_token="))
    for cookie in (session, remember):
        assert "Secure" in cookie and "HttpOnly" in cookie
    assert "SameSite=Lax" in session


# Set-password links ------------------------------------------------------------------


def _link_for(app, user_id: int, purpose: str = "invite") -> str:
    from hiring.auth.tokens import make_set_password_token

    with app.app_context(), app.test_request_context():
        return "/set-password/" + make_set_password_token(db.session.get(User, user_id), purpose)


def test_invitation_link_sets_the_password_signs_in_and_works_once(app, client, make_user):
    user = make_user(password=None, name="Noah Kim")
    link = _link_for(app, user.id)
    page = client.get(link).get_data(as_text=True)
    assert "Welcome, Noah" in page
    response = client.post(
        link, data={"password": "my first passphrase", "confirm": "my first passphrase"}
    )
    assert response.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    again = app.test_client().get(link)
    assert again.status_code == 404
    assert "This link is not valid" in again.get_data(as_text=True)


def test_set_password_link_expires(app, client, make_user):
    user = make_user(password=None)
    with freeze_time("2026-01-01 09:00:00"):
        link = _link_for(app, user.id, "reset")
    with freeze_time("2026-01-02 09:00:01"):  # resets live 24 hours
        response = client.get(link)
    assert response.status_code == 410
    assert "This link has expired" in response.get_data(as_text=True)


@pytest.mark.parametrize("mangle", ["tamper", "deactivated"])
def test_tampered_links_and_deactivated_accounts_are_refused(app, client, make_user, mangle):
    user = make_user(password=None)
    link = _link_for(app, user.id)
    if mangle == "tamper":
        # Change one character of the signed payload (the user id lives there).
        cut = len("/set-password/") + 5
        link = link[:cut] + ("A" if link[cut] != "A" else "B") + link[cut + 1 :]
    else:
        with app.app_context():
            db.session.get(User, user.id).active = False
            db.session.commit()
    assert client.get(link).status_code == 404


def test_set_password_rejects_weak_passwords_with_a_clear_message(app, client, make_user):
    user = make_user(password=None)
    link = _link_for(app, user.id)
    response = client.post(link, data={"password": "short", "confirm": "short"})
    assert "Use at least 10 characters." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, user.id).password_hash is None


class TestThrottleWait:
    @pytest.fixture
    def app_config(self):
        return {"RATELIMIT_ENABLED": True, "LOGIN_ACCOUNT_RATE_LIMIT": "3 per hour"}

    def test_the_throttle_page_says_how_long_to_wait(self, client, make_user):
        user = make_user()
        with freeze_time("2026-03-02 09:00:00"):
            for _ in range(3):
                sign_in(client, user.email, "bad password")
        with freeze_time("2026-03-02 09:13:00"):
            blocked = sign_in(client, user.email, user.password)
        assert blocked.status_code == 429
        wait = int(blocked.headers["Retry-After"])
        assert 46 * 60 < wait <= 47 * 60 + 1
        page = blocked.get_data(as_text=True)
        assert "Try again in 47 minutes." in page and "Wait a minute" not in page
