"""A competency's anchored scale as the ``<option>``s of a rating ``<select>``, kept once made.

The plan page offers each check-in the plan has reached a form rating every competency of the
role on the interview's anchors: seven selects of four levels each, every level carrying its
anchor as a tooltip. Drawn by the template, those options were a sixth of the page's work
(each anchor escaped again on every page). A competency version's levels and anchors never
change (a new version is a new row, with a new content hash), so the markup for each level
that may be chosen is made once and kept.
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock

from markupsafe import Markup

from hiring.library.models import Competency

#: Kept option lists: one per competency version and chosen level (or none chosen).
KEPT = 1024
_kept: OrderedDict[tuple[int, str, str], Markup] = OrderedDict()
_lock = Lock()


def rating_options(competency: Competency, chosen: str = "") -> Markup:
    """``<option>``s for each level of ``competency`` from the lowest up ("3 Solid", its
    anchor as the title), the level ``chosen`` (its number as text) selected."""
    key = (competency.id, competency.content_hash, chosen)
    with _lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    made = Markup("").join(
        Markup('<option value="{}" title="{}"{}>{} {}</option>').format(
            level, text, Markup(" selected") if str(level) == chosen else "", level, label
        )
        for level, label, text in competency.levels
    )
    with _lock:
        _kept[key] = made
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return made
