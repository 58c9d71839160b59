"""A shadow's card (an interviewer in training who sat in): filled like any card, kept from the
panel, counted towards the shadow's qualification, never waited for or chased by others."""

from __future__ import annotations

import re

from sqlalchemy import select

from hiring.applications.models import Application
from hiring.auth.models import User
from hiring.db import db
from hiring.interviews.models import Interview
from hiring.mail.models import OutboxMessage
from hiring.scorecards import services
from hiring.scorecards.mine import my_interviews
from hiring.scorecards.permissions import can_see_others_ratings
from hiring.scorecards.queries import overdue_cards
from hiring.training.models import ShadowSession
from tests.builders import amend_scorecard, log_in, shadow_card, submit_scorecard, switch_to

BANNER = "You sat in as a shadow:"


def _sessions(app, user_id: int) -> list[tuple[str, int]]:
    with app.app_context():
        return sorted(
            db.session.execute(
                select(ShadowSession.competency_key, ShadowSession.scorecard_id).where(
                    ShadowSession.user_id == user_id
                )
            ).all()
        )


def _focus(app, interview_id: int) -> list[str]:
    with app.app_context():
        booked = db.session.get(Interview, interview_id)
        return sorted(f.competency.key for f in booked.stage.focus)


def test_submitting_a_shadow_card_counts_each_rated_competency_once(app, client, panel):
    riley = shadow_card(app, client, panel.interview, {"discovery": 2, "resilience": None}, "yes")
    rated = [key for key in _focus(app, panel.interview.id) if key != "resilience"]
    sessions = _sessions(app, riley.id)
    assert [key for key, _ in sessions] == rated  # not assessed: shows nothing, counts nothing
    assert len({card for _, card in sessions}) == 1
    # Amending twice adds only what is newly rated, never a second count of the same one.
    log_in(client, riley)
    amend_scorecard(
        app, client, panel.interview.id, riley, {"discovery": 3}, "yes", "Re-read my notes."
    )
    assert _sessions(app, riley.id) == sessions
    amend_scorecard(
        app, client, panel.interview.id, riley, {"resilience": 2}, "yes", "Rated it after all."
    )
    assert [key for key, _ in _sessions(app, riley.id)] == sorted([*rated, "resilience"])
    # The panel's own cards count towards nobody's qualification.
    assert _sessions(app, panel.jamie.id) == [] and _sessions(app, panel.sam.id) == []


def test_the_shadow_card_page_says_so_and_works_like_any_card(app, client, panel):
    riley = shadow_card(app, client, panel.interview, submit=False)
    log_in(client, riley)
    url = f"/interviews/{panel.interview.id}/scorecard"
    page = client.get(url).get_data(as_text=True)
    assert BANNER in page and "kept out of the debrief" in page
    banner = page.split("shadow-note")[1].split("</p>")[0]
    assert "counts towards your qualification for Closing, Coachability, Discovery" in banner
    # Autosave, as on any card.
    with app.app_context():
        focus = db.session.get(Interview, panel.interview.id).stage.focus
        competency_id = focus[0].competency_id
    version = int(re.search(r'name="version" value="(\d+)"', page).group(1))
    saved = client.post(
        f"{url}/autosave",
        data={
            "version": version,
            f"rating-{competency_id}": "2",
            f"evidence-{competency_id}": "Named one stakeholder, no numbers.",
        },
    )
    assert saved.status_code == 200 and saved.json["version"] == version + 1
    assert "Named one stakeholder, no numbers." in client.get(url).get_data(as_text=True)
    # A panel member's card has no such banner.
    switch_to(client, panel.jamie)
    assert BANNER not in client.get(url).get_data(as_text=True)


def test_the_panel_never_sees_the_shadow_card_the_shadow_sees_their_own(app, client, panel):
    riley = shadow_card(app, client, panel.interview)
    for person in (panel.jamie, panel.manager):
        log_in(client, person)
        detail = client.get(f"/interviews/{panel.interview.id}").get_data(as_text=True)
        statuses = detail.split('class="scorecard-statuses"')[1].split("</ul>")[0]
        assert "Jamie Ortiz" in statuses and "Riley Chen" not in statuses
        application = client.get(f"/applications/{panel.application.id}").get_data(as_text=True)
        listed = application.split('id="interviews"')[1].split("</section>")[0]
        assert "Sam Rivera" in listed and "Riley Chen" not in listed
        client.post("/logout")
    log_in(client, riley)
    detail = client.get(f"/interviews/{panel.interview.id}").get_data(as_text=True)
    statuses = detail.split('class="scorecard-statuses"')[1].split("</ul>")[0]
    assert "Riley Chen" in statuses and "sat in as a shadow: kept out of the debrief" in statuses
    assert "your scorecard" in statuses


def test_the_shadow_sees_others_cards_only_once_their_own_is_in(app, client, panel):
    riley = shadow_card(app, client, panel.interview, submit=False)

    def sees() -> bool:
        with app.app_context():
            person = db.session.get(User, riley.id)
            return can_see_others_ratings(person, db.session.get(Application, panel.application.id))

    assert not sees()  # as any panel member who owes a card
    log_in(client, riley)
    submit_scorecard(app, client, panel.interview.id, {}, "yes")
    assert sees()


def test_a_late_shadow_card_chases_only_its_author(app, client, panel):
    riley = shadow_card(app, client, panel.interview, submit=False)  # ended two days ago
    with app.app_context():
        cards, total = overdue_cards()
        assert total == 0 and cards == []  # the panel's cards are in: nothing is overdue
        person = db.session.get(User, riley.id)
        assert [i.interview.id for i in my_interviews(person).due] == [panel.interview.id]
        assert services.send_reminders() == 1
        db.session.commit()
        reminders = db.session.scalars(
            select(OutboxMessage.to_address).where(
                OutboxMessage.subject.startswith("Scorecard overdue")
            )
        ).all()
        assert reminders == [riley.email]


def test_a_shadows_submitted_card_does_not_hold_the_interview_and_its_reminder_says_why(
    app, make_position
):
    """Cancelling waits only for the panel's cards; the shadow's overdue reminder speaks of
    their qualification, not of the debrief."""
    from hiring.interviews.services import cancel_interview
    from hiring.scorecards.models import Scorecard, ScorecardStatus
    from tests import builders

    opened = make_position()
    with app.app_context():
        booked = builders.interview(
            builders.application(opened.id, name="Cass Doyle"),
            [builders.user(name="Pat Panel")],
            stage=1,
        )
        builders.shadow_seat(booked, builders.user(name="Shay Shadow"))
        services.send_reminders()
        bodies = [m.body_text for m in db.session.scalars(select(OutboxMessage))]
        shadow_mail = next(body for body in bodies if body.startswith("Hello Shay"))
        assert "counts towards your training" in shadow_mail
        assert "makes the debrief fair" not in shadow_mail
        card = db.session.scalars(select(Scorecard).where(Scorecard.shadow.is_(True))).one()
        card.status, card.submitted_at = ScorecardStatus.SUBMITTED, builders.utcnow()
        db.session.commit()
        row = db.session.get(Interview, booked.id)
        cancel_interview(row, reason="The candidate withdrew.", actor=row.created_by)
        db.session.commit()
        assert db.session.get(Interview, booked.id).status.value == "cancelled"
