"""Candidates, resumes, applications and the pipeline."""

from hiring.candidates.views import applications_bp, bp

__all__ = ["applications_bp", "bp"]
