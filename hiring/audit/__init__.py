"""The audit log of changes that matter."""

from hiring.audit.views import bp

__all__ = ["bp"]
