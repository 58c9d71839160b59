"""Candidates (people applying) and their resumes; their applications are ``hiring.applications``."""
