"""What the application page offers: a step only to someone who manages the application, and
only when the state machine lets it start from the current status."""

from __future__ import annotations

import pytest

from hiring.applications.models import Application, ApplicationStatus
from hiring.applications.permissions import can_take
from hiring.applications.states import TRANSITIONS, Step
from hiring.auth.models import User
from hiring.db import db

OFFERED = {
    ApplicationStatus.ACTIVE: {"move", "hold", "reject", "withdraw"},
    ApplicationStatus.ON_HOLD: {"reactivate", "reject", "withdraw"},
    ApplicationStatus.REJECTED: {"reactivate"},
    ApplicationStatus.WITHDRAWN: {"reactivate"},
    ApplicationStatus.HIRED: set(),
}
ACTIONS = ("move", "hold", "reactivate", "reject", "withdraw")


@pytest.mark.parametrize("status", list(ApplicationStatus))
def test_can_take_offers_what_the_state_machine_allows(
    app, add_application, make_user, status
) -> None:
    ref = add_application(stage_index=0, status=status)
    recruiter, interviewer = make_user(roles=["recruiter"]), make_user(roles=["interviewer"])
    with app.app_context():
        application = db.session.get(Application, ref.id)
        manager, reader = db.session.get(User, recruiter.id), db.session.get(User, interviewer.id)
        offered = {action for action in ACTIONS if can_take(manager, application, action)}
        assert offered == OFFERED[status]
        assert offered == {
            action for action in ACTIONS if status in TRANSITIONS[Step[action.upper()]].sources
        }
        assert can_take(manager, application, Step.MOVE) == ("move" in offered)
        assert not any(can_take(reader, application, action) for action in ACTIONS)
