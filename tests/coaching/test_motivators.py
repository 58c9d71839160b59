"""Motivators: the rep ranks what drives them (no motivator twice, no gaps, at least a top
three) with their own words; each save is a new row, so the history stays; after a quarter the
page prompts the rep and tells the manager. Only the rep records; manager and skip-level read."""

from __future__ import annotations

import pytest
from flask import render_template
from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.auth.models import User
from hiring.coaching import motivator_queries
from hiring.coaching.models import MotivatorProfile
from hiring.coaching.services.motivators import record_motivators
from hiring.db import db
from hiring.domain import DomainError
from tests import builders


def _form(ranking, words=""):
    data = {f"rank_{n}": key for n, key in enumerate(ranking, start=1)}
    return {**data, "own_words": words}


def _profiles(app, rep):
    with app.app_context():
        return [
            (p.ranking, p.own_words)
            for p in db.session.scalars(
                select(MotivatorProfile)
                .where(MotivatorProfile.rep_id == rep.id)
                .order_by(MotivatorProfile.id)
            )
        ]


def test_the_rep_ranks_with_their_own_words_and_each_save_is_kept(app, client, login, team):
    login(team.rep)
    url = f"/coaching/people/{team.rep.id}/motivators"
    form = client.get(url).get_data(as_text=True)
    assert (
        '<label for="rank_1">1st place</label>' in form
        and "4th place <span class" in form
        and "8th place" in form
    )
    response = client.post(
        url, data=_form(["mastery", "team", "money"], "Getting better at discovery.")
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/coaching/people/{team.rep.id}#motivators")
    # A revisit starts from the last ranking, and is a new row.
    again = client.get(url).get_data(as_text=True)
    assert '<option selected value="mastery">' in again
    client.post(url, data=_form(["team", "mastery", "money", "purpose"], "Winning together."))
    assert _profiles(app, team.rep) == [
        (["mastery", "team", "money"], "Getting better at discovery."),
        (["team", "mastery", "money", "purpose"], "Winning together."),
    ]
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "coaching.motivators_recorded")
        ).all()
        assert len(events) == 2 and {e.actor_id for e in events} == {team.rep.id}
    page = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    section = page.split('id="motivators"', 1)[1]
    assert "What drives you" in section
    top = section.split('class="motivator-top"', 1)[1].split("</ol>", 1)[0]
    assert top.index("Team") < top.index("Mastery") < top.index("Money")
    assert "Winning together." in section and "4. Purpose" in section
    history = section.split('class="motivator-history"', 1)[1]
    assert "Earlier rankings (1)" in history and "Getting better at discovery." in history
    assert "1. Mastery · 2. Team · 3. Money" in history


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_form(["money", "team", "money"]), "Already ranked 1st."),
        (_form(["money", "team"]), "Choose your 3rd motivator: a top 3 leads your 1:1s."),
        (
            {"rank_1": "money", "rank_2": "team", "rank_3": "mastery", "rank_5": "purpose"},
            "Fill the 4th place before the 5th.",
        ),
        (_form(["money", "team", "fame"]), "Choose a motivator from the list."),
        (
            _form(["money", "team", "mastery"], "x" * 2001),
            "Your words can be at most 2,000 characters.",
        ),
    ],
)
def test_a_ranking_with_a_duplicate_a_gap_or_too_few_is_refused(
    app, client, login, team, data, message
):
    login(team.rep)
    response = client.post(f"/coaching/people/{team.rep.id}/motivators", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _profiles(app, team.rep) == []


def test_the_service_refuses_anyone_but_the_rep_and_a_bad_ranking(app, team):
    with app.app_context():
        rep = db.session.get(User, team.rep.id)
        manager = db.session.get(User, team.manager.id)
        with pytest.raises(DomainError, match="Only Noah Kim ranks"):
            record_motivators(rep, ranking=["money", "team", "mastery"], own_words="", by=manager)
        for ranking in (["money", "money", "team"], ["money", "team"], ["money", "x", "team"]):
            with pytest.raises(DomainError):
                record_motivators(rep, ranking=ranking, own_words="", by=rep)


@pytest.mark.parametrize(
    "who", ["manager", "skip_level", "peer", "other_manager", "admin", "interviewer", "buddy"]
)
def test_only_the_rep_records_their_ranking(app, client, login, team, who):
    with app.app_context():
        buddy = builders.user(name="Jamie Buddy")
    login(buddy if who == "buddy" else getattr(team, who))
    url = f"/coaching/people/{team.rep.id}/motivators"
    assert client.get(url).status_code == 403
    assert client.post(url, data=_form(["money", "team", "mastery"])).status_code == 403
    assert _profiles(app, team.rep) == []


def test_the_manager_and_skip_level_read_nobody_else_does(app, client, login, team):
    with app.app_context():
        builders.motivator_profile(team.rep, ["purpose", "team", "money"], own_words="Helping.")
        buddy = builders.user(name="Jamie Buddy")
    for reader in (team.manager, team.skip_level):
        login(reader)
        page = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
        assert "What drives Noah" in page and "Helping." in page
        assert f"/coaching/people/{team.rep.id}/motivators" not in page
    for outsider in (team.peer, team.other_manager, team.admin, team.interviewer, buddy):
        login(outsider)
        assert client.get(f"/coaching/people/{team.rep.id}").status_code == 403


def test_a_revisit_is_due_after_a_quarter(app, client, login, team):
    with app.app_context():
        builders.motivator_profile(team.rep, ["money", "team", "mastery"], days_ago=89)
    login(team.rep)
    page = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    assert "Revisit due" not in page and "Change your ranking" in page
    with app.app_context():
        row = db.session.scalar(select(MotivatorProfile))
        row.recorded_at = row.recorded_at - __import__("datetime").timedelta(days=2)
        db.session.commit()
    page = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    assert "Revisit due" in page
    assert "It is over a quarter since you ranked these." in page
    assert "Revisit your ranking" in page
    login(team.manager)
    page = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    assert "Noah's ranking is over a quarter old: ask them to revisit it in your next 1:1." in page
    login(team.skip_level)
    page = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    assert "ask them to revisit it." in page and "in your next 1:1" not in page


def test_before_the_first_ranking_the_rep_is_asked_and_the_manager_told(app, client, login, team):
    login(team.rep)
    page = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    assert "rank your motivators" in page
    login(team.manager)
    page = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    assert "Noah has not ranked their motivators yet: ask them to" in page


def test_the_brief_partial_shows_the_top_three_for_the_one_on_one_page(app, team):
    with app.app_context():
        builders.motivator_profile(
            team.rep, ["autonomy", "money", "security", "team"], own_words="My own territory."
        )
        with app.test_request_context():
            html = render_template(
                "coaching/_motivators_brief.html",
                motivators=motivator_queries.motivators(team.rep.id),
            )
    assert "<strong>Autonomy</strong>" in html and "<strong>Security</strong>" in html
    assert "Team" not in html and "My own territory." in html


def test_every_1_1_page_shows_the_reps_motivators(app, client, login, team, count_queries):
    from datetime import timedelta

    from hiring.db import utcnow

    with app.app_context():
        meeting = builders.one_on_one(team.rep, at=utcnow() + timedelta(days=1))
    login(team.manager)
    with count_queries() as before:
        page = client.get(f"/coaching/one-on-ones/{meeting}").get_data(as_text=True)
    assert "What drives Noah" in page and "Not ranked yet." in page
    with app.app_context():
        builders.motivator_profile(
            team.rep, ["autonomy", "mastery", "money", "team"], own_words="My own territory."
        )
        builders.motivator_profile(team.rep, ["money", "team", "purpose"], days_ago=120)
    with count_queries() as after:
        page = client.get(f"/coaching/one-on-ones/{meeting}").get_data(as_text=True)
    section = page.split('id="motivators"', 1)[1].split("</section>", 1)[0]
    top = section.split('class="motivator-top"', 1)[1].split("</ol>", 1)[0]
    assert top.index("Autonomy") < top.index("Mastery") < top.index("Money")
    assert "Team" not in top and "My own territory." in section
    assert after.count == before.count
    login(team.rep)
    page = client.get(f"/coaching/one-on-ones/{meeting}").get_data(as_text=True)
    assert "What drives you" in page and "Change your ranking" in page
