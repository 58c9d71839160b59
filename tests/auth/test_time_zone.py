"""Each person's time zone: asked once on the first sign-in (the organisation's zone
suggested, the browser's picked by timezone.js), changed on the account page, and never in
the way of files, feeds or JSON."""

from __future__ import annotations

import pytest

from hiring.auth.models import User
from hiring.db import db
from tests.support.harness import sign_in


@pytest.fixture
def app_config():
    return {"DEFAULT_TIME_ZONE": "America/Chicago"}


def stored_zone(app, user_id: int) -> str | None:
    with app.app_context():
        return db.session.get(User, user_id).time_zone


def test_the_first_sign_in_asks_once_and_keeps_where_the_person_was_going(app, client, make_user):
    newcomer = make_user(roles=["interviewer"], time_zone=None)
    response = sign_in_to(client, newcomer, "/interviews/mine")
    assert response.headers["Location"] == "/interviews/mine"
    asked = client.get("/interviews/mine")
    assert asked.status_code == 302
    assert asked.headers["Location"] == "/account/time-zone?next=/interviews/mine"
    page = client.get(asked.headers["Location"]).get_data(as_text=True)
    assert "<h1>Your time zone</h1>" in page
    # Without JavaScript the organisation's zone is suggested; the script offers the device's.
    assert '<option selected value="America/Chicago">Chicago (UTC-' in page
    assert "js/timezone.js" in page and '<label for="time_zone">Your time zone</label>' in page
    assert 'name="next" type="hidden" value="/interviews/mine"' in page

    saved = client.post(
        "/account/time-zone", data={"time_zone": "Europe/London", "next": "/interviews/mine"}
    )
    assert saved.status_code == 302 and saved.headers["Location"] == "/interviews/mine"
    assert stored_zone(app, newcomer.id) == "Europe/London"
    assert client.get("/interviews/mine").status_code == 200
    client.post("/logout")
    assert sign_in_to(client, newcomer, "/").headers["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200 and "Your time zone" not in home.get_data(as_text=True)


def sign_in_to(client, person, target: str):
    """Sign in from a link to ``target`` (the login page's ``?next=``)."""
    return client.post(
        f"/login?next={target}", data={"email": person.email, "password": person.password}
    )


def test_files_feeds_json_and_posts_are_not_held_up(app, client, make_user, schedule):
    newcomer = make_user(roles=["interviewer"], time_zone=None)
    interview = schedule([newcomer])
    sign_in(client, newcomer.email)
    invite = client.get(f"/interviews/{interview.id}/invite.ics")
    assert invite.status_code == 200 and invite.mimetype == "text/calendar"
    data = client.get("/", headers={"Accept": "application/json"})
    assert data.status_code != 302
    assert client.post("/logout").status_code == 302
    assert stored_zone(app, newcomer.id) is None


def test_the_account_page_changes_the_zone_and_times_follow(app, client, login):
    person = login(roles=["recruiter"], time_zone="America/Chicago")
    page = client.get("/account").get_data(as_text=True)
    assert '<option selected value="America/Chicago">' in page
    assert 'action="/account/time-zone"' in page and "\u00a0CST</time>" in page
    saved = client.post(
        "/account/time-zone", data={"time_zone": "Asia/Kolkata", "next": "/account"}
    )
    assert saved.status_code == 302 and saved.headers["Location"] == "/account"
    assert stored_zone(app, person.id) == "Asia/Kolkata"
    page = client.get("/account").get_data(as_text=True)
    assert "Times now show in your zone, Asia/Kolkata." in page
    assert '<option selected value="Asia/Kolkata">' in page and "\u00a0IST</time>" in page


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "US/Central", ""])
def test_a_zone_not_on_the_list_is_refused_with_a_reason(app, client, login, zone):
    person = login(roles=["interviewer"], time_zone="America/Chicago")
    response = client.post("/account/time-zone", data={"time_zone": zone})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Choose your time zone" in page and 'aria-invalid="true"' in page
    assert stored_zone(app, person.id) == "America/Chicago"


def test_next_never_leaves_the_site(client, login):
    login(roles=["interviewer"], time_zone=None)
    response = client.post(
        "/account/time-zone", data={"time_zone": "Europe/Paris", "next": "https://evil.example/"}
    )
    assert response.headers["Location"] == "/"
