"""Openings and their structured interview plans."""

from hiring.positions.views import bp

__all__ = ["bp"]
