"""The one plural rule every page uses (``hiring/wording.py``)."""

from __future__ import annotations

import pytest

from hiring.wording import counted, plural


@pytest.mark.parametrize(
    ("count", "word", "said"),
    [
        (1, "deal", "1 deal"),
        (2, "deal", "2 deals"),
        (1, "opportunity", "1 opportunity"),
        (2, "opportunity", "2 opportunities"),
        (0, "minute", "0 minutes"),
        (1, "minute", "1 minute"),
        (3, "day", "3 days"),  # a vowel before the y: only an s
        (2, "box", "2 boxes"),
        (2, "hire", "2 hires"),
    ],
)
def test_counted_says_the_number_with_its_word(count: int, word: str, said: str) -> None:
    assert counted(count, word) == said


def test_plural_takes_an_irregular_form_when_given() -> None:
    assert plural(1, "person", "people") == "person"
    assert plural(4, "person", "people") == "people"
    assert counted(0, "person", "people") == "0 people"
