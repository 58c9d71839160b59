"""A rep's own ranking of what drives them, with their words. Each revisit is a new row, so
the history stays. Only the rep records it. Flush, never commit."""

from __future__ import annotations

from collections.abc import Sequence

from hiring.audit.services import record
from hiring.auth.models import User
from hiring.coaching.models import MOTIVATORS, MotivatorProfile
from hiring.db import db
from hiring.domain import DomainError

#: The fewest ranked: a top three is what the 1:1 page shows, so at least that is asked for.
MINIMUM_RANKED = 3


def record_motivators(
    rep: User, *, ranking: Sequence[str], own_words: str, by: User
) -> MotivatorProfile:
    """``rep``'s ranking (keys of ``MOTIVATORS``, most important first) and own words."""
    if by.id != rep.id:
        raise DomainError(f"Only {rep.name} ranks what drives them.")
    unknown = [key for key in ranking if key not in MOTIVATORS]
    if unknown:
        raise DomainError("Choose each motivator from the list.", field="rank_1")
    if len(set(ranking)) != len(ranking):
        raise DomainError("Each motivator can take one place only.", field="rank_1")
    if len(ranking) < MINIMUM_RANKED:
        raise DomainError(
            f"Rank at least your top {MINIMUM_RANKED} motivators.", field=f"rank_{len(ranking) + 1}"
        )
    profile = MotivatorProfile(
        rep_id=rep.id,
        ranking=list(ranking),
        own_words=own_words.strip(),
        recorded_by_id=by.id,
    )
    db.session.add(profile)
    db.session.flush()
    record(
        "coaching.motivators_recorded",
        profile,
        actor=by,
        label=rep.name,
        # How many were ranked, never which: what drives a rep is not for the admins' log.
        after={"ranked": len(ranking)},
    )
    return profile
