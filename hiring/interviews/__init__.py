"""Scheduled interviews, invitations and the interviewer's own work."""
