"""The competency library: versioned competencies, behavioural questions, role profiles."""

from hiring.library.views import bp

__all__ = ["bp"]
