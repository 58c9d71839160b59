"""Openings and their structured interview plans."""
