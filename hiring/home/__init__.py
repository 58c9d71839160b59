"""The home page and the health check."""

from hiring.home.views import bp

__all__ = ["bp"]
