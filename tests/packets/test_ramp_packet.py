"""The onboarding packet of a plan with the months 4-6 ramp (issue 16, item 7): six months on
paper, the ramp phase with its items, the ramp goals and the day-120/150/180 check-ins."""

from __future__ import annotations

from tests import builders
from tests.builders import PLAN_START
from tests.support.pdf import flat, text_of


def test_a_ramp_plan_prints_six_months(app, client, login, loaded_library):
    with app.app_context():
        ref = builders.onboarding_plan(
            template=builders.shipped_onboarding("account_executive"), start=PLAN_START
        )
    login(ref.manager)
    response = client.get(f"/onboarding/plans/{ref.plan_id}/packet.pdf")
    assert response.status_code == 200
    words = flat(text_of(response.data)[0])
    assert "30/60/90-DAY ONBOARDING PLAN WITH THE MONTHS 4–6 RAMP" in words  # the eyebrow
    assert "These are your first six months, from Monday 11 January 2027 to" in words
    assert "How the six months work" in words
    assert "Monthly check-ins at days 120, 150 and 180, each signed off" in words
    assert "What success looks like by day 180" in words
    assert "Ramp: months 4–6 · days 91–180" in words
    assert "Weekly 1:1s continue on the coaching page after day 90" in words
    assert "Multi-threaded deal map" in words and "Reach full quota" in words
    for milestone, month in ((120, 4), (150, 5), (180, 6)):
        assert f"Day {milestone} · Ramp month {month}" in words


def test_a_plan_without_a_ramp_prints_ninety_days(app, client, login, loaded_library, make_plan):
    manager, _new_hire, plan_id = make_plan()
    login(manager)
    words = flat(text_of(client.get(f"/onboarding/plans/{plan_id}/packet.pdf").data)[0])
    assert "How the ninety days work" in words and "What success looks like by day 90" in words
    assert "Ramp" not in words and "Day 180" not in words
