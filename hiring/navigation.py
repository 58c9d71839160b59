"""Role-aware navigation: each entry names an endpoint and who may see it.

Entries whose endpoint is not registered are skipped, so later features add their links
here and the menu never shows a link that leads nowhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app, g, request
from flask_login import current_user

from hiring.auth.models import HIRING_TEAM, PANEL, PEOPLE_MANAGERS, Role, User
from hiring.onboarding import queries as onboarding_queries


def is_buddy(user: User) -> bool:
    """Whether ``user`` buddies an active plan, asked once per request: the menu is built
    for every template rendered (a page, its flashed partials, an e-mail sent on the way),
    and the answer does not change within one request."""
    if "nav_is_buddy" not in g:
        g.nav_is_buddy = onboarding_queries.is_buddy(user)
    return bool(g.nav_is_buddy)


@dataclass(frozen=True)
class NavItem:
    label: str
    endpoint: str
    roles: frozenset[Role] | None = None  # None: every signed-in user
    section: str = "main"  # "main" or "admin"
    #: Who else sees it, whatever their roles (asked only of those the roles leave out).
    also: Callable[[User], bool] | None = None

    def visible(self) -> bool:
        if self.endpoint not in current_app.view_functions:
            return False
        if self.roles is None or current_user.has_role(*self.roles):
            return True
        return self.also is not None and self.also(current_user)

    def active(self) -> bool:
        endpoint = request.endpoint or ""
        return endpoint == self.endpoint or (
            endpoint.split(".")[0] == self.endpoint.split(".")[0]
            and self.endpoint.split(".")[0] != "home"
        )


ITEMS: tuple[NavItem, ...] = (
    NavItem("Home", "home.index"),
    NavItem(
        "Library",
        "library.index",
        frozenset(PANEL),
    ),
    NavItem("Positions", "positions.index", frozenset(HIRING_TEAM)),
    NavItem("Candidates", "candidates.index", frozenset(HIRING_TEAM)),
    NavItem("My interviews", "interviews.mine", frozenset({Role.INTERVIEWER, Role.HIRING_MANAGER})),
    NavItem("Training", "training.index", frozenset(PANEL)),
    NavItem(
        "Onboarding",
        "onboarding.index",
        frozenset({*PEOPLE_MANAGERS, Role.NEW_HIRE}),
        # Buddies hold no role of their own: being named on an active plan is what counts.
        also=is_buddy,
    ),
    NavItem(
        "Coaching",
        "coaching.index",
        frozenset(PEOPLE_MANAGERS),
        # Anyone with a manager is coached: their own page is one click away.
        also=lambda user: user.manager_id is not None,
    ),
    NavItem(
        "Analytics",
        "analytics.index",
        frozenset({Role.ADMIN, Role.HIRING_MANAGER, Role.RECRUITER}),
    ),
    NavItem("Users", "users.index", frozenset({Role.ADMIN}), section="admin"),
    NavItem("Audit log", "audit.index", frozenset({Role.ADMIN}), section="admin"),
    NavItem("Outbox", "mail.index", frozenset({Role.ADMIN}), section="admin"),
)


def register(app: Flask) -> None:
    @app.context_processor
    def navigation() -> dict[str, object]:
        if not current_user.is_authenticated:
            return {"nav_main": [], "nav_admin": [], "nav_admin_active": False}
        visible = [item for item in ITEMS if item.visible()]
        admin = [i for i in visible if i.section == "admin"]
        return {
            "nav_main": [i for i in visible if i.section == "main"],
            "nav_admin": admin,
            "nav_admin_active": any(item.active() for item in admin),
        }
