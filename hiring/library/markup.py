"""A competency's anchored scale as the ``<option>``s of a rating ``<select>``, kept once made.

The plan page offers each check-in the plan has reached a form rating every competency of the
role on the interview's anchors: seven selects of four levels each, every level carrying its
anchor as a tooltip. Drawn by the template, those options were a sixth of the page's work
(each anchor escaped again on every page). A competency version's levels and anchors never
change (a new version is a new row, with a new content hash), so the markup for each level
that may be chosen is made once and kept.
"""

from __future__ import annotations

from threading import Lock

from cachetools import LRUCache, cached
from markupsafe import Markup

from hiring.library.models import Competency

#: Kept option lists: one per competency version and chosen level (or none chosen).
KEPT = 1024


def _version_and_choice(competency: Competency, chosen: str = "") -> tuple[int, str, str]:
    return (competency.id, competency.content_hash, chosen)


@cached(LRUCache(maxsize=KEPT), key=_version_and_choice, lock=Lock())
def rating_options(competency: Competency, chosen: str = "") -> Markup:
    """``<option>``s for each level of ``competency`` from the lowest up ("3 Solid", its
    anchor as the title), the level ``chosen`` (its number as text) selected."""
    return Markup("").join(
        Markup('<option value="{}" title="{}"{}>{} {}</option>').format(
            level, text, Markup(" selected") if str(level) == chosen else "", level, label
        )
        for level, label, text in competency.levels
    )
