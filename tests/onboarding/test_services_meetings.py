"""1:1s and ride-alongs at the service level."""

from __future__ import annotations

from datetime import date

import pytest

from hiring.domain import DomainError
from hiring.onboarding import permissions
from hiring.onboarding.models import MeetingKind
from hiring.onboarding.services import meetings


def test_action_items_carry_forward_from_the_last_one_on_one(world):
    assert meetings.open_action_items(world.plan) == []
    meetings.record_meeting(
        world.plan,
        kind=MeetingKind.ONE_ON_ONE,
        held_on=date(2027, 1, 18),
        by=world.new_hire,
        agenda=" Week 1 ",
        action_items=[" Book calls ", "", "Finish course"],
    )
    assert meetings.open_action_items(world.plan) == ["Book calls", "Finish course"]
    assert world.plan.meetings[0].agenda == "Week 1"


@pytest.mark.parametrize(
    ("points", "message"), [("  \n ", "Agree one or two"), ("a\nb\nc", "Keep the debrief")]
)
def test_a_ride_along_debrief_has_one_or_two_focus_points(world, points, message):
    with pytest.raises(DomainError, match=message) as refused:
        meetings.record_meeting(
            world.plan,
            kind=MeetingKind.RIDE_ALONG,
            held_on=date(2027, 1, 20),
            by=world.manager,
            focus_points=points,
        )
    assert refused.value.field == "focus_points"


def test_meetings_are_private_and_the_manager_rides_along(world):
    assert permissions.can_see_meetings(world.new_hire, world.plan)
    assert not permissions.can_see_meetings(world.buddy, world.plan)
    assert permissions.can_record_ride_along(world.manager, world.plan)
    assert not permissions.can_record_ride_along(world.new_hire, world.plan)
