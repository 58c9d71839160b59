"""30/60/90-day onboarding plans owned by the new hire's manager."""

from hiring.onboarding.views import bp, calendar_bp

__all__ = ["bp", "calendar_bp"]
