"""Debriefs, the formula, hiring decisions and candidate comparison."""
