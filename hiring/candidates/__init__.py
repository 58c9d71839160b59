"""Candidates (people applying) and their resumes; applications live in ``hiring.applications``."""
