"""The audit log of changes that matter."""
