"""Builders for candidate tests: candidates, applications, interviews and resume files."""

from __future__ import annotations

import io
import itertools
import zipfile
from dataclasses import dataclass
from datetime import timedelta

import pytest

from hiring.applications import services as applications
from hiring.applications.models import Application
from hiring.auth.models import User
from hiring.candidates import services
from hiring.candidates.models import Candidate
from hiring.db import db, utcnow
from hiring.interviews.models import Interview, InterviewInterviewer
from hiring.positions.models import Position
from tests.library.conftest import loaded_library  # noqa: F401 - shared fixture
from tests.positions.conftest import make_position  # noqa: F401 - shared fixture

_numbers = itertools.count(1)

PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def make_docx(text: str = "Casey Candidate, Account Executive") -> bytes:
    """A minimal but real Word document (opens in Word and LibreOffice)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
        )
    return buffer.getvalue()


@dataclass(frozen=True)
class CandidateRef:
    id: int
    name: str
    email: str
    version: int


@dataclass(frozen=True)
class ApplicationRef:
    id: int
    candidate_id: int
    position_id: int
    version: int


@pytest.fixture
def staff(make_user):
    """A recruiter who performs set-up actions (created once per test, on first use)."""
    made = {}

    def _get():
        if "user" not in made:
            made["user"] = make_user(roles=["recruiter"], name="Setup Recruiter")
        return made["user"]

    return _get


@pytest.fixture
def make_candidate(app, staff):
    def _make(name=None, email=None, **values):
        n = next(_numbers)
        name = name or f"Casey Candidate {n}"
        email = email or f"casey{n}@example.test"
        with app.app_context():
            candidate = services.create_candidate(
                name=name,
                email=email,
                allow_duplicate=True,
                actor=db.session.get(User, staff().id),
                **values,
            )
            db.session.commit()
            return CandidateRef(candidate.id, candidate.name, candidate.email, candidate.version)

    return _make


@pytest.fixture
def make_application(app, staff, make_candidate, make_position):  # noqa: F811
    def _make(candidate=None, position=None, stage_index=None, status=None, reason=""):
        candidate = candidate or make_candidate()
        position = position or make_position()
        with app.app_context():
            application = applications.add_application(
                db.session.get(Candidate, candidate.id),
                db.session.get(Position, position.id),
                actor=db.session.get(User, staff().id),
            )
            if stage_index is not None:
                application.stage_index = stage_index
            if status is not None:
                application.status = status
                application.status_reason = reason
            db.session.commit()
            return ApplicationRef(application.id, candidate.id, position.id, application.version)

    return _make


@pytest.fixture
def assign_interviewer(app):
    """Put ``user`` on an interview (first stage) of ``application``."""

    def _assign(application, user):
        with app.app_context():
            row = db.session.get(Application, application.id)
            stage = row.position.current_plan.stages[0]
            interview = Interview(
                application_id=row.id,
                stage_id=stage.id,
                starts_at=utcnow() + timedelta(days=1),
                time_zone="America/Chicago",
                duration_minutes=45,
            )
            interview.interviewers = [InterviewInterviewer(user_id=user.id)]
            db.session.add(interview)
            db.session.commit()
            return interview.id

    return _assign


def application_row(app, application_id):
    """A detached snapshot of an application: (status, stage_index, reason, version)."""
    with app.app_context():
        row = db.session.get(Application, application_id)
        return row.status.value, row.stage_index, row.status_reason, row.version
