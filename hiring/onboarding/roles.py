"""Whose plans a query reads: a person's part in an onboarding plan."""

from __future__ import annotations

import enum

from sqlalchemy import BindParameter, ColumnElement

from hiring.onboarding.models import OnboardingPlan


class PlanRole(enum.Enum):
    """A person's part in plans (the column naming them): the new hire's own plans, those
    they manage, or those they buddy."""

    NEW_HIRE = "new_hire_id"
    MANAGER = "manager_id"
    BUDDY = "buddy_id"

    def plans_of(self, person_id: int | BindParameter[int]) -> ColumnElement[bool]:
        column: ColumnElement[int] = getattr(OnboardingPlan, self.value)
        return column == person_id
