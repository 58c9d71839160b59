"""What a rep's coaching page shows, gathered in one place so each part (1:1s, ride-alongs,
competencies, motivators, support plans) adds its own piece of the page's context."""

from __future__ import annotations

from typing import Any

from hiring import timezones
from hiring.auth.models import User
from hiring.coaching import queries, ride_along_queries
from hiring.pagination import paginate


def person_context(reader: User, rep: User) -> dict[str, Any]:
    """The template context of ``rep``'s coaching page as ``reader`` sees it."""
    return {
        "rep": rep,
        "open_actions": queries.open_actions(rep.id),
        "today": timezones.today(),
        "next_ride_along": ride_along_queries.next_ride_along(rep.id),
        "ride_alongs": paginate(
            ride_along_queries.history(rep.id),
            per_page=ride_along_queries.HISTORY_PER_PAGE,
            arg="rides_page",
        ),
    }
