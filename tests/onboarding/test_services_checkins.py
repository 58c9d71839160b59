"""Check-ins at the service level: who rates, who signs off, and when ratings are final."""

from __future__ import annotations

import pytest

from hiring.domain import DomainError
from hiring.onboarding import permissions
from hiring.onboarding.models import Progress
from hiring.onboarding.services import checkins


def _day30(world):
    return next(c for c in world.plan.checkins if c.milestone == 30)


def test_only_the_manager_and_the_new_hire_rate(world):
    checkin = _day30(world)
    assert permissions.can_rate_checkin(world.new_hire, checkin)
    assert permissions.can_rate_checkin(world.manager, checkin)
    assert not permissions.can_rate_checkin(world.buddy, checkin)
    with pytest.raises(DomainError, match="Only the manager and the new hire"):
        checkins.rate_checkin(checkin, by=world.buddy, rating=Progress.ON_TRACK, comment="")


def test_ratings_are_kept_apart_then_signed_off_by_the_manager_only(world):
    checkin = _day30(world)
    checkins.rate_checkin(checkin, by=world.new_hire, rating=Progress.AT_RISK, comment=" CRM ")
    assert checkin.rating_of(world.new_hire.id) == Progress.AT_RISK
    assert checkin.rating_of(world.manager.id) is None
    with pytest.raises(DomainError, match="Both of you rate"):
        checkins.sign_off(checkin, by=world.manager)
    checkins.rate_checkin(checkin, by=world.manager, rating=Progress.ON_TRACK, comment="Good")
    assert checkin.new_hire_comment == "CRM" and checkin.both_rated
    assert not permissions.can_sign_off(world.new_hire, checkin)
    with pytest.raises(DomainError, match="The manager signs off"):
        checkins.sign_off(checkin, by=world.new_hire)
    checkins.sign_off(checkin, by=world.manager)
    assert checkin.signed_off_at is not None
    with pytest.raises(DomainError, match="ratings are final"):
        checkins.rate_checkin(checkin, by=world.new_hire, rating=Progress.OFF_TRACK, comment="")
