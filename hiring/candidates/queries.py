"""Read-side helpers for candidate pages (their applications are read in
``hiring.applications.queries``)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from hiring.candidates.models import Candidate, Resume
from hiring.db import db


def resumes(candidate: Candidate) -> list[Resume]:
    """Every stored version, newest first, without their bytes."""
    return list(
        db.session.scalars(
            select(Resume)
            .where(Resume.candidate_id == candidate.id)
            .options(joinedload(Resume.uploaded_by))
            .order_by(Resume.uploaded_at.desc(), Resume.id.desc())
        )
    )
