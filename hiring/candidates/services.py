"""Candidates, resumes and applications: the rules. Functions flush, never commit."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select

from hiring.applications.models import Application, ApplicationEvent, ApplicationStatus
from hiring.audit.services import record
from hiring.auth.models import User
from hiring.candidates.models import Candidate, Resume
from hiring.candidates.uploads import ResumeFile
from hiring.db import db
from hiring.positions.models import Position, PositionStatus

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
#: Positions that take new candidates.
APPLY_STATUSES = (PositionStatus.OPEN, PositionStatus.DRAFT)


class CandidateError(Exception):
    """A rule about candidates was broken; the message is safe to show to the user."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class DuplicateCandidate(CandidateError):
    """Another candidate already has this e-mail; the caller must confirm a duplicate."""

    def __init__(self, email: str, existing: list[Candidate]) -> None:
        names = ", ".join(c.name for c in existing)
        super().__init__(f"{names} already {'has' if len(existing) == 1 else 'have'} {email}.")
        self.email = email
        self.existing = existing


class StaleEdit(CandidateError):
    """The candidate changed after the form was opened; nothing was saved."""

    def __init__(self, current: Candidate) -> None:
        super().__init__(
            f"{current.name} was changed by someone else while you were editing, so your "
            "changes were not saved. The form now shows the saved values; apply your "
            "changes again."
        )
        self.current = current


class ApplicationError(Exception):
    """A rule about applications was broken; the message is safe to show to the user."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class AlreadyApplied(ApplicationError):
    def __init__(self, existing: Application) -> None:
        super().__init__(
            f"{existing.candidate.name} has already applied to {existing.position.title}."
        )
        self.existing = existing


class StaleApplication(ApplicationError):
    """The application changed since the page was loaded; nothing was applied."""


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


def parse_links(text: str) -> list[str]:
    """One web address per line; blank lines are ignored. Raise naming the first bad line."""
    links: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        problem = check_link(line)
        if problem:
            shown = line if len(line) <= 80 else line[:77] + "..."
            raise CandidateError(f"Line {number} ({shown}) {problem}.", field="links")
        if line not in links:
            links.append(line)
    if len(links) > MAX_LINKS:
        raise CandidateError(f"Add at most {MAX_LINKS} links.", field="links")
    return links


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
        raise CandidateError("Enter the candidate's name.", field="name")
    email = normalise_email(email)
    if "@" not in email:
        raise CandidateError("Enter a valid e-mail address.", field="email")
    if source and source not in SOURCES:
        raise CandidateError("Choose a source from the list.", field="source")
    for link in links:
        problem = check_link(link)
        if problem:
            raise CandidateError(f"{link} {problem}.", field="links")
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
    if candidate.version != expected_version:
        raise StaleEdit(candidate)
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
        raise CandidateError(
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


# Applications ------------------------------------------------------------------------------


def stage_names(position: Position) -> list[str]:
    """The stage names of the position's current plan, in order."""
    plan = position.current_plan
    return [stage.name for stage in plan.stages] if plan else []


def stage_label(names: list[str], index: int | None) -> str:
    """Name a stage: "New" before the first one, "Stage N" for one no longer in the plan."""
    if index is None:
        return "New"
    return names[index] if 0 <= index < len(names) else f"Stage {index + 1}"


def current_stage(application: Application) -> str:
    """The name of the application's stage in the position's current plan."""
    return stage_label(stage_names(application.position), application.stage_index)


def _label(application: Application) -> str:
    return f"{application.candidate.name}: {application.position.title}"


def _state(application: Application) -> dict[str, Any]:
    return {
        "status": application.status.value,
        "stage": current_stage(application),
        "reason": application.status_reason,
    }


def add_application(candidate: Candidate, position: Position, *, actor: User) -> Application:
    """Put a candidate into a position's pipeline (once per position), at "New"."""
    if position.status not in APPLY_STATUSES:
        raise ApplicationError(
            f"{position.title} is {position.status.label.lower()}; candidates can be added to "
            "open or draft positions only.",
            field="position_id",
        )
    existing = db.session.scalar(
        select(Application).where(
            Application.candidate_id == candidate.id, Application.position_id == position.id
        )
    )
    if existing is not None:
        raise AlreadyApplied(existing)
    application = Application(candidate=candidate, position=position, stage_index=None)
    db.session.add(application)
    db.session.flush()
    application.events.append(ApplicationEvent(kind="created", actor_id=actor.id, to_stage=None))
    db.session.flush()
    record(
        "application.created",
        application,
        actor=actor,
        label=_label(application),
        after=_state(application),
    )
    return application


def _check_version(application: Application, expected_version: int) -> None:
    if application.version != expected_version:
        raise StaleApplication(
            f"{application.candidate.name}'s application was changed by someone else while "
            "you were looking at it, so nothing was changed. Check its current stage and "
            "status below, then try again."
        )


def _change(
    application: Application,
    *,
    kind: str,
    actor: User,
    status: ApplicationStatus | None = None,
    to_stage: int | None = None,
    move: bool = False,
    reason: str = "",
) -> ApplicationEvent:
    before = _state(application)
    from_stage = application.stage_index
    if move:
        application.stage_index = to_stage
    if status is not None:
        application.status = status
        application.status_reason = reason
    event = ApplicationEvent(
        kind=kind,
        actor_id=actor.id,
        from_stage=from_stage,
        to_stage=application.stage_index,
        reason=reason,
    )
    application.events.append(event)
    db.session.flush()
    record(
        f"application.{kind}",
        application,
        actor=actor,
        label=_label(application),
        before=before,
        after=_state(application),
    )
    logger.info("application %s %s by user %s", application.id, kind, actor.id)
    return event


def _require_active(application: Application, doing: str) -> None:
    status = application.status
    if status == ApplicationStatus.ACTIVE:
        return
    who = application.candidate.name
    if status == ApplicationStatus.ON_HOLD:
        raise ApplicationError(
            f"{who}'s application is on hold; reactivate it before you {doing} it."
        )
    raise ApplicationError(
        f"{who}'s application is closed ({status.label.lower()}); reactivate it before you "
        f"{doing} it."
    )


def move_application(
    application: Application, to_stage: int | None, *, expected_version: int, actor: User
) -> ApplicationEvent:
    """Move an active application to a stage of the current plan (None: back to "New")."""
    _check_version(application, expected_version)
    _require_active(application, "move")
    names = stage_names(application.position)
    if to_stage is not None and not 0 <= to_stage < len(names):
        raise ApplicationError("That stage is not in the position's interview plan.", "stage")
    if to_stage == application.stage_index:
        raise ApplicationError(
            f"{application.candidate.name} is already at {stage_label(names, to_stage)}.", "stage"
        )
    return _change(application, kind="moved", actor=actor, to_stage=to_stage, move=True)


def step_application(
    application: Application, direction: int, *, expected_version: int, actor: User
) -> ApplicationEvent:
    """Move to the next (+1) or previous (-1) step: New, then each stage in order."""
    _check_version(application, expected_version)
    _require_active(application, "move")
    names = stage_names(application.position)
    position = -1 if application.stage_index is None else application.stage_index
    target = position + (1 if direction > 0 else -1)
    if target < -1:
        raise ApplicationError(f"{application.candidate.name} is already at New.")
    if target >= len(names):
        raise ApplicationError(
            f"{application.candidate.name} is already at the last stage of the plan."
        )
    return move_application(
        application,
        None if target == -1 else target,
        expected_version=expected_version,
        actor=actor,
    )


def put_on_hold(
    application: Application, *, reason: str = "", expected_version: int, actor: User
) -> ApplicationEvent:
    _check_version(application, expected_version)
    if application.status != ApplicationStatus.ACTIVE:
        raise ApplicationError("Only an active application can be put on hold.")
    return _change(
        application,
        kind="on_hold",
        actor=actor,
        status=ApplicationStatus.ON_HOLD,
        reason=reason.strip(),
    )


def reactivate(application: Application, *, expected_version: int, actor: User) -> ApplicationEvent:
    """Back to active from on hold, rejected or withdrawn; the stage is kept.

    A hire is undone only by reversing the decision in the debrief, where the reason is
    recorded and the decision history kept.
    """
    _check_version(application, expected_version)
    if application.status == ApplicationStatus.ACTIVE:
        raise ApplicationError(f"{application.candidate.name}'s application is already active.")
    if application.status == ApplicationStatus.HIRED:
        raise ApplicationError(
            f"{application.candidate.name} was hired. To change that, reverse the decision in "
            "the debrief, with a reason."
        )
    return _change(
        application, kind="reactivated", actor=actor, status=ApplicationStatus.ACTIVE, reason=""
    )


def reject(
    application: Application, *, reason: str, expected_version: int, actor: User
) -> ApplicationEvent:
    """Close the application; the reason is required (it is what the debrief will ask)."""
    _check_version(application, expected_version)
    if not application.status.is_open:
        raise ApplicationError(
            f"{application.candidate.name}'s application is already closed "
            f"({application.status.label.lower()})."
        )
    reason = reason.strip()
    if not reason:
        raise ApplicationError("Give a reason for rejecting the candidate.", field="reason")
    return _change(
        application, kind="rejected", actor=actor, status=ApplicationStatus.REJECTED, reason=reason
    )


def withdraw(
    application: Application, *, reason: str = "", expected_version: int, actor: User
) -> ApplicationEvent:
    """The candidate withdrew; the reason is optional."""
    _check_version(application, expected_version)
    if not application.status.is_open:
        raise ApplicationError(
            f"{application.candidate.name}'s application is already closed "
            f"({application.status.label.lower()})."
        )
    return _change(
        application,
        kind="withdrawn",
        actor=actor,
        status=ApplicationStatus.WITHDRAWN,
        reason=reason.strip(),
    )
