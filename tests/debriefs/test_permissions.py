"""Who reads the reasons drawn from the panel (decision, rejection, hold) on an application."""

from __future__ import annotations

from hiring.applications.models import Application, ApplicationEvent
from hiring.auth.models import User
from hiring.db import db
from hiring.debriefs.permissions import sees_decision_reason
from tests.builders import submit_scorecard


def test_an_interviewer_reads_the_reasons_only_once_their_card_is_in(
    app, client, login, make_user, make_position, make_application, schedule
):
    manager = make_user(roles=["hiring_manager"])
    jamie, sam = make_user(roles=["interviewer"]), make_user(roles=["interviewer"])
    recruiter, outsider = make_user(roles=["recruiter"]), make_user(roles=["hiring_manager"])
    application = make_application(position=make_position(manager=manager))
    interview = schedule([jamie, sam], application=application, stage=1)
    login(jamie)
    submit_scorecard(app, client, interview.id, {}, "no")
    with app.app_context():
        row = db.session.get(Application, application.id)

        def sees(person):
            return sees_decision_reason(db.session.get(User, person.id), row)

        assert sees(manager) and sees(recruiter) and sees(jamie)
        assert not sees(sam)  # still owes a scorecard
        assert not sees(outsider)


def test_which_history_entries_quote_the_panel():
    quoting = {"decision_hire", "decision_reject", "decision_hold", "rejected", "on_hold"}
    for kind in quoting | {"created", "moved", "withdrawn", "reactivated"}:
        assert ApplicationEvent(kind=kind).quotes_panel == (kind in quoting), kind
