"""What a statistic returns: a number with its interval and n, or a plain "not enough data"."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Estimate:
    """A computed figure; ``ci95`` is its 95% interval where one exists, ``n`` what it rests on
    (candidates for agreement, pairs for a correlation)."""

    value: float
    ci95: tuple[float, float] | None
    n: int


@dataclass(frozen=True)
class NotEnoughData:
    """Why there is no figure: ``what`` was counted, ``minimum`` needed, ``actual`` found."""

    what: str
    minimum: int
    actual: int

    @property
    def words(self) -> str:
        """A sentence a page can show as it is."""
        return f"Not enough data: {self.actual} {self.what}, at least {self.minimum} needed."


Result = Estimate | NotEnoughData


def no_spread() -> NotEnoughData:
    """Every value was the same, so agreement (or a correlation) is 0/0: undefined, not 1."""
    return NotEnoughData("distinct values", 2, 1)
