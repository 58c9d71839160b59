"""Sessions that end: signing out, a new password and deactivation revoke the session and
remember-me cookies, copies included; the account page lists and ends sessions; loading the
signed-in person stays one query."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask.testing import FlaskClient
from freezegun import freeze_time
from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.auth.models import User, UserSession
from hiring.auth.sessions import describe_device
from hiring.db import db
from tests.support.harness import sign_in

FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def _browser(app, user_agent: str = FIREFOX_WINDOWS) -> FlaskClient:
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = user_agent
    return client


def _copy(app, source: FlaskClient, *names: str) -> FlaskClient:
    """A second browser holding copies of ``source``'s cookies (all of them by default)."""
    thief = app.test_client()
    for name in names or ("session", "remember_token"):
        cookie = source.get_cookie(name)
        if cookie is not None:
            thief.set_cookie(name, cookie.value)
    return thief


def _signed_in(client: FlaskClient) -> bool:
    response = client.get("/")
    if response.status_code == 302:
        assert response.headers["Location"].startswith("/login")
        return False
    assert response.status_code == 200
    return True


def _remembered(app, client: FlaskClient, user) -> FlaskClient:
    response = client.post(
        "/login", data={"email": user.email, "password": user.password, "remember": "y"}
    )
    assert response.status_code == 302
    return _copy(app, client, "remember_token")


def test_a_copied_session_cookie_is_refused_after_signing_out(app, make_user):
    user = make_user()
    laptop = _browser(app)
    sign_in(laptop, user.email, user.password)
    thief = _copy(app, laptop)
    assert _signed_in(thief)  # the copy works while the session lives
    laptop.post("/logout")
    assert not _signed_in(laptop)
    assert not _signed_in(thief)


def test_a_remember_me_cookie_is_refused_after_signing_out(app, make_user):
    user = make_user()
    laptop = _browser(app)
    remembered = _remembered(app, laptop, user)
    assert _signed_in(remembered)  # the remember-me cookie alone signs in...
    laptop.post("/logout")
    assert not _signed_in(_copy(app, laptop, "remember_token"))  # ...until sign-out
    # A browser that came back with the remember cookie holds a session cookie now; both die.
    assert not _signed_in(remembered)


def test_signing_out_ends_only_that_session(app, make_user):
    user = make_user()
    laptop, phone = _browser(app), _browser(app, SAFARI_IPHONE)
    sign_in(laptop, user.email, user.password)
    sign_in(phone, user.email, user.password)
    laptop.post("/logout")
    assert _signed_in(phone)


def test_a_new_password_ends_other_sessions_and_their_remember_cookies(app, make_user):
    user = make_user()
    laptop, phone = _browser(app), _browser(app, SAFARI_IPHONE)
    sign_in(laptop, user.email, user.password)
    remembered = _remembered(app, phone, user)
    laptop.post(
        "/account/password",
        data={
            "current_password": user.password,
            "password": "a new passphrase",
            "confirm": "a new passphrase",
        },
    )
    assert _signed_in(laptop)
    assert not _signed_in(phone)
    assert not _signed_in(remembered)


def test_a_password_reset_link_ends_every_session(app, make_user):
    from hiring.auth.tokens import make_set_password_token

    user = make_user()
    phone = _browser(app, SAFARI_IPHONE)
    remembered = _remembered(app, phone, user)
    with app.app_context(), app.test_request_context():
        link = "/set-password/" + make_set_password_token(db.session.get(User, user.id), "reset")
    desk = _browser(app)
    response = desk.post(link, data={"password": "a new passphrase", "confirm": "a new passphrase"})
    assert response.status_code == 302
    assert _signed_in(desk)
    assert not _signed_in(phone) and not _signed_in(remembered)


def test_a_link_used_where_someone_else_is_signed_in_ends_their_session(app, make_user):
    from hiring.auth.tokens import make_set_password_token

    morgan, noah = make_user(name="Morgan Patel"), make_user(password=None, name="Noah Kim")
    shared = _browser(app)
    sign_in(shared, morgan.email, morgan.password)
    copied = _copy(app, shared)  # a copy of Morgan's cookies, taken before Noah's turn
    with app.app_context(), app.test_request_context():
        link = "/set-password/" + make_set_password_token(db.session.get(User, noah.id), "invite")
    response = shared.post(
        link, data={"password": "a new passphrase", "confirm": "a new passphrase"}
    )
    assert response.status_code == 302
    assert "Welcome, Noah" in shared.get("/", follow_redirects=True).get_data(as_text=True)
    assert not _signed_in(copied)  # Morgan's session ended, not just dropped from this browser
    with app.app_context():
        morgans = db.session.scalars(
            select(UserSession).where(UserSession.user_id == morgan.id)
        ).all()
        assert [s.ended_at is not None for s in morgans] == [True]
        logouts = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "auth.logout")
        ).all()
        assert [event.object_id for event in logouts] == [morgan.id]


def test_deactivation_ends_every_session_and_remember_cookie(app, client, make_user):
    admin = make_user(roles=["admin"])
    person = make_user()
    phone = _browser(app, SAFARI_IPHONE)
    remembered = _remembered(app, phone, person)
    sign_in(client, admin.email, admin.password)
    client.post(f"/admin/users/{person.id}/deactivate")
    assert not _signed_in(phone) and not _signed_in(remembered)
    client.post(f"/admin/users/{person.id}/reactivate")  # reactivating revives no old session
    assert not _signed_in(phone) and not _signed_in(remembered)
    with app.app_context():
        live = db.session.scalars(
            select(UserSession).where(
                UserSession.user_id == person.id, UserSession.ended_at.is_(None)
            )
        ).all()
        assert live == []


def test_the_account_page_lists_sessions_in_the_readers_zone(app, make_user):
    user = make_user(time_zone="Europe/Berlin")
    with freeze_time("2026-12-02 09:00:00"):
        phone = _browser(app, SAFARI_IPHONE)
        sign_in(phone, user.email, user.password)
    with freeze_time("2026-12-02 10:30:00"):
        laptop = _browser(app)
        sign_in(laptop, user.email, user.password)
        page = laptop.get("/account").get_data(as_text=True)
    sessions = page[page.index('id="sessions"') :]
    assert "Firefox on Windows" in sessions and "Safari on iPhone" in sessions
    assert sessions.count("This device") == 1
    assert sessions.index("Firefox on Windows") < sessions.index("This device")
    assert sessions.index("This device") < sessions.index("Safari on iPhone")
    assert "Wed 2 Dec 2026, 11:30\u00a0CET" in sessions  # this one, in Berlin time
    assert "Wed 2 Dec 2026, 10:00\u00a0CET" in sessions  # the phone's
    assert "Sign out everywhere else" in sessions and ">Sign out everywhere<" in sessions
    assert sessions.count(">Sign out</button>") == 1  # only the other device has its own


def test_signing_out_another_device_from_the_account_page(app, make_user):
    user = make_user()
    laptop, phone = _browser(app), _browser(app, SAFARI_IPHONE)
    sign_in(phone, user.email, user.password)
    sign_in(laptop, user.email, user.password)
    with app.app_context():
        phone_session = db.session.scalar(
            select(UserSession.id).where(UserSession.device == "Safari on iPhone")
        )
    response = laptop.post(f"/account/sessions/{phone_session}/sign-out", follow_redirects=True)
    assert "Signed out Safari on iPhone." in response.get_data(as_text=True)
    assert _signed_in(laptop) and not _signed_in(phone)
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "auth.session_ended")
        ).one()
        assert event.before and event.before["device"] == "Safari on iPhone"


def test_nobody_ends_another_persons_session(app, make_user):
    victim, intruder = make_user(), make_user()
    phone = _browser(app, SAFARI_IPHONE)
    sign_in(phone, victim.email, victim.password)
    with app.app_context():
        victim_session = db.session.scalar(
            select(UserSession.id).where(UserSession.user_id == victim.id)
        )
    other = _browser(app)
    sign_in(other, intruder.email, intruder.password)
    response = other.post(f"/account/sessions/{victim_session}/sign-out", follow_redirects=True)
    assert "That session has already ended." in response.get_data(as_text=True)
    assert _signed_in(phone)


def test_sign_out_everywhere_else_keeps_this_device(app, make_user):
    user = make_user()
    laptop, phone, tablet = _browser(app), _browser(app, SAFARI_IPHONE), _browser(app)
    for browser in (phone, tablet, laptop):
        sign_in(browser, user.email, user.password)
    response = laptop.post("/account/sessions/sign-out-others", follow_redirects=True)
    assert "Signed out 2 other sessions." in response.get_data(as_text=True)
    assert _signed_in(laptop)
    assert not _signed_in(phone) and not _signed_in(tablet)
    page = laptop.get("/account").get_data(as_text=True)
    assert "Safari on iPhone" not in page and "Sign out everywhere else" not in page


def test_sign_out_everywhere_ends_this_session_too(app, make_user):
    user = make_user()
    laptop = _browser(app)
    remembered = _remembered(app, laptop, user)
    phone = _browser(app, SAFARI_IPHONE)
    sign_in(phone, user.email, user.password)
    response = laptop.post("/account/sessions/sign-out-everywhere", follow_redirects=True)
    assert "You are signed out everywhere." in response.get_data(as_text=True)
    assert not any(_signed_in(b) for b in (laptop, phone, remembered))
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        assert actions[-1] == "auth.all_sessions_ended"


def test_signing_in_and_out_are_audited_with_the_device(app, make_user):
    user = make_user()
    laptop = _browser(app)
    sign_in(laptop, user.email, user.password)
    laptop.post("/logout")
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        assert [e.action for e in events] == ["auth.login", "auth.logout"]
        assert events[0].after == {"device": "Firefox on Windows"}


def test_the_cookie_carries_a_secret_whose_hash_alone_is_stored(app, make_user):
    user = make_user()
    laptop = _browser(app)
    sign_in(laptop, user.email, user.password)
    with laptop.session_transaction() as stored:
        secret = stored["_user_id"]
    assert secret and str(user.id) != secret
    with app.app_context():
        row = db.session.scalars(select(UserSession)).one()
        assert row.secret_hash != secret and secret not in row.secret_hash
        assert row.user_id == user.id


def test_signing_in_never_writes_the_user_row(app, make_user, count_queries):
    user = make_user()
    with count_queries() as q:
        sign_in(_browser(app), user.email, user.password)
    writes = [s for s in q.statements if s.lstrip().upper().startswith(("UPDATE", "INSERT"))]
    assert not [s for s in writes if "users" in s.split("SET")[0] and "user_sessions" not in s]
    assert any("INSERT INTO user_sessions" in s for s in writes)
    with app.app_context():
        stored = db.session.get(User, user.id)
        assert stored is not None and stored.version == 1  # no version bump to race on
        assert stored.last_login_at is not None  # read from the new session


def test_loading_the_signed_in_person_is_one_query(app, make_user, count_queries):
    user = make_user(roles=["recruiter", "interviewer"])
    laptop = _browser(app)
    sign_in(laptop, user.email, user.password)
    with count_queries() as q:
        # The sign-in page only reads who is signed in, then sends them home.
        assert laptop.get("/login").status_code == 302
    assert q.count == 1, q
    assert "user_sessions" in q.statements[0] and "user_roles" in q.statements[0]


def test_last_active_moves_at_most_every_few_minutes(app, make_user, count_queries):
    user = make_user()
    laptop = _browser(app)
    with freeze_time("2026-12-02 09:00:00"):
        sign_in(laptop, user.email, user.password)
    with freeze_time("2026-12-02 09:04:00"), count_queries() as soon:
        laptop.get("/login")
    assert not [s for s in soon.statements if s.startswith("UPDATE")]
    with freeze_time("2026-12-02 09:06:00"), count_queries() as later:
        laptop.get("/login")
    assert len([s for s in later.statements if s.startswith("UPDATE user_sessions")]) == 1
    with app.app_context():
        row = db.session.scalars(select(UserSession)).one()
        assert row.last_seen_at.replace(tzinfo=UTC) == datetime(2026, 12, 2, 9, 6, tzinfo=UTC)


def test_sessions_unused_for_longer_than_their_cookies_last_have_ended(app, make_user):
    user = make_user()
    with freeze_time("2026-12-01 09:00:00") as frozen:
        laptop, phone = _browser(app), _browser(app, SAFARI_IPHONE)
        remembered = _remembered(app, laptop, user)
        sign_in(phone, user.email, user.password)
        frozen.tick(timedelta(hours=13))  # past Flask's 12-hour session cookie
        page = remembered.get("/account").get_data(as_text=True)
        assert "Firefox on Windows" in page and "Safari on iPhone" not in page
        frozen.tick(timedelta(days=13))
        assert _signed_in(remembered)  # used on day 14, so it lives on
        frozen.tick(timedelta(days=14, minutes=1))
        assert not _signed_in(_copy(app, laptop, "remember_token"))


@pytest.mark.parametrize(
    ("user_agent", "expected"),
    [
        (FIREFOX_WINDOWS, "Firefox on Windows"),
        (SAFARI_IPHONE, "Safari on iPhone"),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
            "Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
            "Edge on macOS",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Mobile Safari/537.36",
            "Chrome on Android",
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
            "Firefox on Linux",
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "HeadlessChrome/130.0.0.0 Safari/537.36",
            "Chrome on Linux",
        ),
        ("curl/8.5.0", "curl/8.5.0"),
        ("", "Unknown device"),
    ],
)
def test_device_descriptions(user_agent, expected):
    assert describe_device(user_agent) == expected
