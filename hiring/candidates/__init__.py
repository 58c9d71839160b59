"""Candidates, resumes, applications and the pipeline."""
