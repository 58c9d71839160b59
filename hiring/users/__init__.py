"""Administering accounts: invitations, roles, reporting lines, deactivation."""
