"""Outgoing e-mail through an outbox table."""

from hiring.mail.views import bp

__all__ = ["bp"]
