"""What every analytics page (and the report that prints them) shares: who may read
analytics, the sections, and the filters read from the query string."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, request
from flask_login import current_user

from hiring.analytics import permissions
from hiring.analytics.forms import ScopeForm
from hiring.analytics.scope import Scope, role_profiles, visible_positions
from hiring.auth.models import Role

#: Everyone who may open ``/analytics/`` at all (each section narrows it further).
READERS = (Role.ADMIN, Role.HIRING_MANAGER, Role.RECRUITER)


@dataclass(frozen=True)
class Section:
    endpoint: str
    title: str
    question: str

    def shown_to(self, user: Any) -> bool:
        if self.endpoint == "analytics.calibration":
            return permissions.can_see_calibration(user)
        if self.endpoint == "analytics.impact":
            return permissions.can_see_impact(user)
        return True


SECTIONS = (
    Section("analytics.agreement", "Agreement", "Do the interviewers rate the same way?"),
    Section("analytics.calibration", "Interviewer calibration", "Who rates high, low or late?"),
    Section("analytics.impact", "Adverse impact", "Does any group pass at a lower rate?"),
    Section("analytics.funnel", "Funnel", "Where do candidates drop out, and how fast?"),
    Section("analytics.quality", "Quality of hire", "Do interview scores predict success?"),
)


@dataclass(frozen=True)
class Filters:
    """What a section page's filter bar shows and what its queries read."""

    form: ScopeForm
    scope: Scope
    problems: list[str]
    positions: list[Any]
    roles: list[tuple[str, str]]

    def context(self) -> dict[str, Any]:
        return {
            "filters": self,
            "scope": self.scope,
            "sections": [s for s in SECTIONS if s.shown_to(current_user)],
        }


def page_filters(*, readers_only: bool = True) -> Filters:
    """The reader's filters from the query string: 403 for readers of no analytics, unless
    ``readers_only`` is False (an interviewer reading their own calibration page, whose view
    checks who may read it)."""
    if readers_only and not permissions.can_open_analytics(current_user):
        abort(403)
    positions = visible_positions(current_user)
    visible = {p.id for p in positions}
    form = ScopeForm(formdata=request.args)
    problems = form.problems(visible)
    return Filters(form, form.scope(current_user, visible), problems, positions, role_profiles())
