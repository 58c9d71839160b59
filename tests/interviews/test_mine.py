"""Long histories on "my interviews" and the home: each list shows its first few with the full
count, the rest are a click away on paged lists, and the cost stays the same whatever the
history (issue #14)."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import update

from hiring.db import db, utcnow
from hiring.home.queries import HOME_ROWS
from hiring.scorecards.mine import RECENTLY_SUBMITTED
from hiring.scorecards.models import Scorecard
from tests import builders

DAY = timedelta(days=1)


def _history(app, application, person, starts, *, submitted):
    with app.app_context():
        return builders.interview_history(application, person, starts, submitted=submitted)


def test_a_long_history_shows_its_first_ten_and_counts_the_rest(
    app, client, login, make_user, make_application, count_queries
):
    jamie = make_user(roles=["interviewer"], name="Jamie Ortiz")
    application = make_application(name="Marcus Bell")
    _history(app, application, jamie, [-3 * DAY], submitted=False)
    _history(app, application, jamie, [2 * DAY], submitted=False)
    _history(app, application, jamie, [-10 * DAY], submitted=True)
    login(jamie)
    with count_queries() as few:
        small = client.get("/interviews/mine").get_data(as_text=True)
    assert "Scorecards due (1)" in small and "Upcoming (1)" in small
    assert "Showing" not in small
    assert "All 2 past interviews" in small

    _history(app, application, jamie, [-d * DAY for d in range(20, 360)], submitted=True)
    _history(app, application, jamie, [-d * DAY - 4 * DAY for d in range(13)], submitted=False)
    _history(app, application, jamie, [d * DAY for d in range(3, 17)], submitted=False)
    with count_queries() as many:
        page = client.get("/interviews/mine").get_data(as_text=True)
    assert many.count == few.count, many.statements
    assert "Scorecards due (14)" in page
    assert "Showing 10 of 14. " in page and 'href="/interviews/mine/due"' in page
    assert "Upcoming (15)" in page and "Showing 10 of 15. " in page
    assert 'href="/interviews/mine/upcoming"' in page
    assert "All 355 past interviews" in page and 'href="/interviews/mine/past"' in page
    # The latest few cards submitted listed (the rest are on the past list).
    done = page[page.index('id="done-heading"') :]
    assert done.count("submitted ") == RECENTLY_SUBMITTED


def test_past_interviews_are_paged_newest_first(
    app, client, login, make_user, make_application, count_queries
):
    jamie = make_user(roles=["interviewer"], name="Jamie Ortiz")
    application = make_application(name="Marcus Bell")
    ids = _history(app, application, jamie, [-d * DAY for d in range(1, 31)], submitted=True)
    login(jamie)
    with count_queries() as first:
        page = client.get("/interviews/mine/past").get_data(as_text=True)
    assert "Past interviews (30)" in page
    links = re.findall(r'href="/interviews/(\d+)/scorecard"', page)
    assert [int(i) for i in links] == ids[:25]  # newest first, PAGE_SIZE of them
    assert 'href="/interviews/mine/past?page=2"' in page
    with count_queries() as second:
        page = client.get("/interviews/mine/past?page=2").get_data(as_text=True)
    assert [int(i) for i in re.findall(r'href="/interviews/(\d+)/scorecard"', page)] == ids[25:]
    assert "26–30 of 30" in page
    assert second.count == first.count
    assert client.get("/interviews/mine/past?page=3").status_code == 404
    assert client.get("/interviews/mine/later").status_code == 404


def test_every_due_card_is_on_the_due_list_oldest_first(
    app, client, login, make_user, make_application
):
    jamie = make_user(roles=["interviewer"], name="Jamie Ortiz")
    application = make_application(name="Marcus Bell")
    # 27 owed long ago, one that ended an hour ago (due, not overdue), one under way now.
    old = _history(app, application, jamie, [-d * DAY for d in range(40, 13, -1)], submitted=False)
    just_ended = _history(app, application, jamie, [timedelta(minutes=-110)], submitted=False)
    _history(app, application, jamie, [timedelta(minutes=-10)], submitted=False)
    login(jamie)
    first = client.get("/interviews/mine/due").get_data(as_text=True)
    second = client.get("/interviews/mine/due?page=2").get_data(as_text=True)
    assert "Scorecards due (28)" in first
    shown = [int(i) for i in re.findall(r'href="/interviews/(\d+)/scorecard"', first + second)]
    assert shown == old + just_ended
    assert second.count("Overdue") == 2  # the last two of the old ones; the newest is not


def test_the_home_shows_the_first_due_and_upcoming_with_see_all_links(
    app, client, login, make_user, make_application
):
    jamie = make_user(roles=["interviewer"], name="Jamie Ortiz")
    application = make_application(name="Marcus Bell")
    _history(app, application, jamie, [-d * DAY for d in range(3, 15)], submitted=False)
    _history(app, application, jamie, [d * DAY for d in range(1, 8)], submitted=False)
    login(jamie)
    page = client.get("/").get_data(as_text=True)
    assert "Scorecards due (12)" in page
    assert f"Showing {HOME_ROWS} of 12. " in page and 'href="/interviews/mine/due"' in page
    assert "Upcoming (7)" in page
    assert "Showing 5 of 7. " in page and 'href="/interviews/mine/upcoming"' in page


def _submitted_history(app, make_user, make_application):
    """Jamie's twelve past cards, the oldest interview's submitted only now, and three
    upcoming interviews; the past interviews' ids, the latest first."""
    jamie = make_user(roles=["interviewer"], name="Jamie Ortiz")
    application = make_application(name="Marcus Bell")
    ids = _history(app, application, jamie, [-d * DAY for d in range(8, 20)], submitted=True)
    _history(app, application, jamie, [d * DAY for d in range(2, 5)], submitted=False)
    with app.app_context():
        db.session.execute(
            update(Scorecard).where(Scorecard.interview_id == ids[-1]).values(submitted_at=utcnow())
        )
        db.session.commit()
    return jamie, ids


def test_recently_submitted_lists_the_latest_submitted_first(
    app, client, login, make_user, make_application
):
    """ "Recently submitted" is by submission: a card for an old interview submitted today
    comes before last week's."""
    jamie, ids = _submitted_history(app, make_user, make_application)
    login(jamie)
    page = client.get("/interviews/mine").get_data(as_text=True)
    done = page[page.index('id="done-heading"') :]
    links = re.findall(r'href="/interviews/(\d+)/scorecard"', done)
    assert [int(i) for i in links] == [ids[-1], *ids[: RECENTLY_SUBMITTED - 1]]
    with app.app_context():  # a card marked submitted without the moment (old data)
        db.session.execute(
            update(Scorecard).where(Scorecard.interview_id == ids[-1]).values(submitted_at=None)
        )
        db.session.commit()
    page = client.get("/interviews/mine").get_data(as_text=True)
    done = page[page.index('id="done-heading"') :]
    links = re.findall(r'href="/interviews/(\d+)/scorecard"', done)
    assert [int(i) for i in links] == ids[:RECENTLY_SUBMITTED]  # it is not "recent"


def test_recently_submitted_and_upcoming_are_read_along_indexes(
    app, client, login, make_user, make_application, count_queries, query_plan
):
    """SQLite reads the interviewer's latest cards and the upcoming interviews along indexes
    (``ix_scorecards_submitted``, ``ix_interviews_starts_at``) rather than reading and
    sorting the interviewer's whole history."""
    jamie, _ids = _submitted_history(app, make_user, make_application)
    login(jamie)
    with count_queries() as counted:
        client.get("/interviews/mine")
    ((statement, parameters),) = counted.ran("UNION ALL")
    plan = query_plan(statement, parameters)
    assert any("ix_scorecards_submitted" in step for step in plan), plan
    assert any("ix_interviews_starts_at (starts_at>?)" in step for step in plan), plan
