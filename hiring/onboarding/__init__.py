"""30/60/90-day onboarding plans owned by the new hire's manager."""
