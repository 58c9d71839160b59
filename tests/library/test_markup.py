"""A competency's anchored scale as rating options, made once per version and chosen level."""

from __future__ import annotations

import re

from hiring.library.markup import rating_options
from hiring.library.models import Competency
from hiring.library.schema import Scale

ANCHORS = {"1": "No example.", "2": 'Said "we" <always>.', "3": "Clear example.", "4": "Measured."}


def _competency(content_hash: str, anchors: dict[str, str] = ANCHORS) -> Competency:
    return Competency(
        id=7, key="discovery", content_hash=content_hash, scale=Scale.FOUR_LEVEL, anchors=anchors
    )


def test_each_level_is_an_option_with_its_anchor_escaped_and_the_chosen_one_selected():
    options = str(rating_options(_competency("v1"), "2"))
    found = re.findall(
        r'<option value="(\d)" title="([^"]*)"( selected)?>([^<]*)</option>', options
    )
    assert [(value, label) for value, _title, _selected, label in found] == [
        ("1", "1 Poor"),
        ("2", "2 Mixed"),
        ("3", "3 Solid"),
        ("4", "4 Outstanding"),
    ]
    assert found[1][1] == "Said &#34;we&#34; &lt;always&gt;."
    assert [selected for _v, _t, selected, _l in found] == ["", " selected", "", ""]
    assert " selected" not in str(rating_options(_competency("v1")))


def test_options_are_kept_per_version_and_choice():
    first = rating_options(_competency("v2"), "3")
    assert rating_options(_competency("v2"), "3") is first
    assert rating_options(_competency("v2"), "4") is not first
    changed = _competency("v3", {**ANCHORS, "3": "A new anchor."})
    assert "A new anchor." in rating_options(changed, "3")
