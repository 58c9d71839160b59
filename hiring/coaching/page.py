"""What a rep's coaching page shows, gathered in one place so each part (1:1s, ride-alongs,
competencies, motivators, support plans) adds its own piece of the page's context."""

from __future__ import annotations

from typing import Any

from hiring import timezones
from hiring.auth.models import User
from hiring.coaching import (
    competency_queries,
    motivator_queries,
    one_on_ones_page,
    queries,
    ride_along_queries,
    support_queries,
)
from hiring.pagination import paginate


def person_context(reader: User, rep: User) -> dict[str, Any]:
    """The template context of ``rep``'s coaching page as ``reader`` sees it."""
    return {
        "rep": rep,
        "open_actions": queries.open_actions(rep.id),
        "today": timezones.today(),
        "competencies": competency_queries.competencies(rep),
        "current_goals": competency_queries.current_goals(rep),
        "motivators": motivator_queries.motivators(rep.id),
        "next_one_on_one": one_on_ones_page.next_one_on_one(reader, rep),
        "one_on_ones": one_on_ones_page.history(reader, rep),
        "cadence": one_on_ones_page.cadence(reader, rep),
        "support_banner": support_queries.banner(reader, rep, timezones.today()),
        "support_history": support_queries.history(reader, rep),
        "next_ride_along": ride_along_queries.next_ride_along(rep.id),
        "ride_alongs": paginate(
            ride_along_queries.history(rep.id),
            per_page=ride_along_queries.HISTORY_PER_PAGE,
            arg="rides_page",
        ),
    }
