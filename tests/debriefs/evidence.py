"""Completing the evidence for a debrief test: the ``panel`` fixture books only the
behavioural stage, so the rest of the plan is called off (cancelled interviews), which the
minimum-evidence rule counts as in."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from hiring.auth.models import User
from hiring.db import db
from hiring.interviews.models import Interview
from hiring.interviews.services import cancel_interview
from hiring.positions.models import Position
from tests import builders


def other_stages_cancelled(app: Flask, panel: builders.Panel) -> None:
    with app.app_context():
        position = db.session.get(Position, panel.position.id)
        assert position is not None and position.current_plan is not None
        for index in range(len(position.current_plan.stages)):
            if index == 1:  # the panel's behavioural stage
                continue
            booked = builders.interview(
                panel.application, [panel.jamie], stage=index, starts_in=timedelta(days=3)
            )
            interview = db.session.get(Interview, booked.id)
            actor = db.session.get(User, panel.jamie.id)
            assert interview is not None and actor is not None
            cancel_interview(interview, reason="Not needed: the panel had enough.", actor=actor)
        db.session.commit()
