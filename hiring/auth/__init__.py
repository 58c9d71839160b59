"""Accounts, sign-in and passwords."""

from hiring.auth.views import bp

__all__ = ["bp"]
