"""Plumbing for saying how many: "1 deal", "2 deals", "1 opportunity", "0 minutes".

One place for the plural rule, so the throttle page, the headcount warning and the onboarding
pages agree; any area may import it (it imports nothing of the app's).
"""

from __future__ import annotations

_VOWELS = frozenset("aeiou")


def plural(count: float, word: str, plural: str | None = None) -> str:
    """``word`` (singular) as it reads beside ``count``: itself for exactly one, else its
    plural: ``plural`` when given (irregular words: "person", "people"), else the regular
    English ending ("deals", "opportunities", "boxes")."""
    if count == 1:
        return word
    if plural is not None:
        return plural
    if word.endswith("y") and len(word) > 1 and word[-2].lower() not in _VOWELS:
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def counted(count: int, word: str, plural_form: str | None = None) -> str:
    """``count`` and the word that goes with it: "1 day", "7 days", "0 minutes"."""
    return f"{count} {plural(count, word, plural_form)}"
