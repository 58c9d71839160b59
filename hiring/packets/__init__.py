"""PDF packets for print: interviews (and, next, decisions, onboarding and positions)."""
