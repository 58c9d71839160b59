"""Scheduled interviews, invitations and the interviewer's own work."""

from hiring.interviews.views import bp

__all__ = ["bp"]
