"""Role-aware navigation: each entry names an endpoint and who may see it.

Entries whose endpoint is not registered are skipped, so later features add their links
here and the menu never shows a link that leads nowhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from flask import Flask, g, request, url_for
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

    def shown_to(self, user: User) -> bool:
        if self.roles is None or user.has_role(*self.roles):
            return True
        return self.also is not None and self.also(user)

    def is_current(self, endpoint: str) -> bool:
        """Whether the page at ``endpoint`` is this entry's (its area's, but for Home)."""
        area = self.endpoint.split(".")[0]
        return endpoint == self.endpoint or (endpoint.split(".")[0] == area and area != "home")


class NavLink(NamedTuple):
    """An entry as the menu draws it."""

    label: str
    url: str
    current: bool


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


_SIGNED_OUT: dict[str, object] = {"nav_main": (), "nav_admin": (), "nav_admin_active": False}


def register(app: Flask) -> None:
    # The menu is drawn on every page, and neither which entries this app serves nor their
    # addresses change while it runs: both are worked out once (addresses per mount point).
    known: dict[str, tuple[NavItem, ...]] = {}
    urls: dict[tuple[str, str], str] = {}

    def url(endpoint: str) -> str:
        key = (request.script_root, endpoint)
        if key not in urls:
            urls[key] = url_for(endpoint)
        return urls[key]

    @app.context_processor
    def navigation() -> dict[str, object]:
        if not current_user.is_authenticated:
            return _SIGNED_OUT
        # setdefault stores one tuple even when two threads draw their first page at once.
        served = known.get("served") or known.setdefault(
            "served", tuple(item for item in ITEMS if item.endpoint in app.view_functions)
        )
        user, endpoint = current_user._get_current_object(), request.endpoint or ""
        links: dict[str, list[NavLink]] = {"main": [], "admin": []}
        for item in served:
            if item.shown_to(user):
                links[item.section].append(
                    NavLink(item.label, url(item.endpoint), item.is_current(endpoint))
                )
        return {
            "nav_main": links["main"],
            "nav_admin": links["admin"],
            "nav_admin_active": any(link.current for link in links["admin"]),
        }
