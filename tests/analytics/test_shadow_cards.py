"""A shadow's card is no rating for the analytics: agreement, calibration, the funnel's card
latency and the quality of hire read the same with a shadow on every interview."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from hiring.analytics.ratings import rated_on_positions
from hiring.analytics.scope import Scope
from hiring.db import db
from hiring.interviews.models import Interview, InterviewStatus
from hiring.onboarding.models import Progress
from hiring.scorecards.models import Recommendation
from tests import builders

EXPORTS = (
    "/analytics/agreement.csv",
    "/analytics/calibration.csv",
    "/analytics/funnel.csv",
    "/analytics/funnel-stages.csv",
    "/analytics/quality.csv",
)
#: Behavioural and screen discovery, closing, day-85 actual of 10, day-90 rating.
HIRES = [
    (4, 3, 3, 12.0, Progress.ON_TRACK),
    (3, 3, 2, 9.0, Progress.ON_TRACK),
    (2, 2, 4, 5.0, Progress.AT_RISK),
    (4, 4, 3, 11.0, Progress.ON_TRACK),
    (1, 2, 2, 4.0, Progress.OFF_TRACK),
    (3, 2, 3, 8.0, Progress.AT_RISK),
    (2, 3, 1, 7.0, Progress.ON_TRACK),
    (4, 3, 4, 10.0, Progress.AT_RISK),
]


def _exports(client) -> list[str]:
    found = []
    for url in EXPORTS:
        response = client.get(url)
        assert response.status_code == 200, url
        found.append(response.get_data(as_text=True))
    return found


def test_every_analysis_reads_the_same_with_shadows_on_every_interview(
    app, client, login, loaded_library
):
    with app.app_context():
        admin = builders.user(roles=["admin"], name="Alex Admin")
        morgan = builders.user(roles=["hiring_manager"], name="Morgan Patel")
        jamie = builders.user(roles=["interviewer"], name="Jamie Ortiz")
        sam = builders.user(roles=["interviewer"], name="Sam Rivera")
        ava = builders.user(roles=["interviewer"], name="Ava Lee")
        riley = builders.user(roles=["interviewer"], name="Riley Chen")
        opened = builders.position(manager=morgan, title="Account Executive")
        for n in range(12):
            applied = builders.rated_candidate(
                opened.id,
                [
                    (jamie, {"discovery": 3, "closing": 4, "resilience": None}, Recommendation.YES),
                    (sam, {"discovery": 2 + n % 2, "closing": 3}, Recommendation.NO),
                ],
                hours_to_submit=5,
            )
            if n < 2:
                builders.hire(applied, morgan)
        builders.hires_with_outcomes(opened.id, [morgan, jamie, ava], HIRES)
    login(admin)
    before = _exports(client)
    assert "Riley Chen" not in before[1]
    with app.app_context():
        held = db.session.execute(
            select(Interview.id, Interview.application_id).where(
                Interview.status == InterviewStatus.SCHEDULED
            )
        ).all()
        for interview_id, application_id in held:
            booked = builders.InterviewRef(interview_id, application_id, opened.id, ())
            ends = db.session.get(Interview, interview_id).ends_at
            builders.shadow_scored_card(booked, riley, submitted_at=ends + timedelta(hours=50))
        everything = Scope(admin.id, True, None, None, date(2000, 1, 1), date(2100, 1, 1), "UTC")
        assert not rated_on_positions(everything, riley.id)
        assert rated_on_positions(everything, jamie.id)
    assert _exports(client) == before
