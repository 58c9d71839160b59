"""Debriefs, the formula, hiring decisions and candidate comparison."""

from hiring.debriefs.views import bp

__all__ = ["bp"]
