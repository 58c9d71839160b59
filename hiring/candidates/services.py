"""Candidates and their resumes: the rules. Functions flush, never commit.

Applications (a candidate in a position) are ``hiring.applications``, later in the flow."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select

from hiring.audit.services import record
from hiring.auth.models import User
from hiring.candidates.models import Candidate, Resume
from hiring.candidates.uploads import ResumeFile
from hiring.db import db
from hiring.domain import DomainError, expect_version

logger = logging.getLogger(__name__)

#: Where candidates come from (the order shown in forms and filters).
SOURCES = (
    "Referral",
    "LinkedIn",
    "Careers site",
    "Agency",
    "Event",
    "Sourced by recruiter",
    "Other",
)
MAX_LINKS = 20
MAX_LINK_LENGTH = 500


class DuplicateCandidate(DomainError):
    """Another candidate already has this e-mail; the page lists them and asks to confirm."""

    def __init__(self, email: str, existing: list[Candidate]) -> None:
        names = ", ".join(c.name for c in existing)
        super().__init__(f"{names} already {'has' if len(existing) == 1 else 'have'} {email}.")
        self.email = email
        self.existing = existing


def edit_conflict(candidate: Candidate) -> str:
    """What someone is told when the candidate changed while they were editing."""
    return (
        f"{candidate.name} was changed by someone else while you were editing, so your "
        "changes were not saved. The form now shows the saved values; apply your "
        "changes again."
    )


# Candidates --------------------------------------------------------------------------------


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_link(url: str) -> str | None:
    """Return a problem with ``url`` (or None when it is an acceptable web address)."""
    if len(url) > MAX_LINK_LENGTH:
        return f"is longer than {MAX_LINK_LENGTH} characters"
    if any(ch.isspace() for ch in url):
        return "contains spaces"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "is not a valid web address"
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return "is not a web address starting with http:// or https://"
    return None


def find_duplicates(email: str, exclude: Candidate | None = None) -> list[Candidate]:
    """Other candidates with this e-mail (oldest first)."""
    query = select(Candidate).where(Candidate.email == normalise_email(email))
    if exclude is not None:
        query = query.where(Candidate.id != exclude.id)
    return list(db.session.scalars(query.order_by(Candidate.created_at, Candidate.id)))


def _clean(
    *, name: str, email: str, phone: str, source: str, links: list[str], notes: str
) -> dict[str, Any]:
    name = " ".join(name.split())
    if not name:
        raise DomainError("Enter the candidate's name.", field="name")
    email = normalise_email(email)
    if "@" not in email:
        raise DomainError("Enter a valid e-mail address.", field="email")
    if source and source not in SOURCES:
        raise DomainError("Choose a source from the list.", field="source")
    for link in links:
        problem = check_link(link)
        if problem:
            raise DomainError(f"{link} {problem}.", field="links")
    return {
        "name": name,
        "email": email,
        "phone": phone.strip(),
        "source": source,
        "links": list(links),
        "notes": notes.strip(),
    }


def _snapshot(candidate: Candidate) -> dict[str, Any]:
    return {
        "name": candidate.name,
        "email": candidate.email,
        "phone": candidate.phone,
        "source": candidate.source,
        "links": list(candidate.links or []),
        "notes": candidate.notes,
    }


def create_candidate(
    *,
    name: str,
    email: str,
    phone: str = "",
    source: str = "",
    links: list[str] | None = None,
    notes: str = "",
    resume: ResumeFile | None = None,
    allow_duplicate: bool = False,
    actor: User,
) -> Candidate:
    """Add a candidate (and their first resume). A duplicate e-mail needs ``allow_duplicate``."""
    values = _clean(
        name=name, email=email, phone=phone, source=source, links=links or [], notes=notes
    )
    existing = find_duplicates(values["email"])
    if existing and not allow_duplicate:
        raise DuplicateCandidate(values["email"], existing)
    candidate = Candidate(**values, created_by_id=actor.id)
    db.session.add(candidate)
    db.session.flush()
    record(
        "candidate.created",
        candidate,
        actor=actor,
        label=candidate.name,
        after={**_snapshot(candidate), "duplicate_of": [c.id for c in existing]},
    )
    if resume is not None:
        add_resume(candidate, resume, actor=actor)
    logger.info("candidate %s created by user %s", candidate.id, actor.id)
    return candidate


def update_candidate(
    candidate: Candidate,
    *,
    expected_version: int,
    name: str,
    email: str,
    phone: str,
    source: str,
    links: list[str],
    notes: str,
    allow_duplicate: bool = False,
    actor: User,
) -> Candidate:
    """Change a candidate's details; refuse a stale form and confirm a new duplicate e-mail."""
    expect_version(candidate, expected_version, edit_conflict(candidate))
    values = _clean(name=name, email=email, phone=phone, source=source, links=links, notes=notes)
    if values["email"] != candidate.email:
        existing = find_duplicates(values["email"], exclude=candidate)
        if existing and not allow_duplicate:
            raise DuplicateCandidate(values["email"], existing)
    before = _snapshot(candidate)
    for key, value in values.items():
        setattr(candidate, key, value)
    after = _snapshot(candidate)
    if after != before:
        db.session.flush()
        record(
            "candidate.updated",
            candidate,
            actor=actor,
            label=candidate.name,
            before=before,
            after=after,
        )
    return candidate


def add_resume(candidate: Candidate, upload: ResumeFile, *, actor: User) -> Resume:
    """Store a checked resume as a new version; an identical file is refused."""
    digest = upload.sha256
    same = db.session.scalar(
        select(Resume.filename).where(Resume.candidate_id == candidate.id, Resume.sha256 == digest)
    )
    if same is not None:
        raise DomainError(
            f"This file is identical to {same}, which is already stored.", field="resume"
        )
    resume = Resume(
        candidate=candidate,
        filename=upload.filename,
        content_type=upload.content_type,
        size=upload.size,
        sha256=digest,
        data=upload.data,
        uploaded_by_id=actor.id,
    )
    db.session.add(resume)
    db.session.flush()
    record(
        "candidate.resume_uploaded",
        candidate,
        actor=actor,
        label=candidate.name,
        after={
            "resume_id": resume.id,
            "filename": resume.filename,
            "content_type": resume.content_type,
            "size": resume.size,
            "sha256": resume.sha256,
        },
    )
    return resume
