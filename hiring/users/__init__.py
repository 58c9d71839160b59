"""Administering accounts: invitations, roles, reporting lines, deactivation."""

from hiring.users.views import bp

__all__ = ["bp"]
