"""Candidate services without the web: cleaning, duplicates, stale edits, identical resumes."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from hiring.auth.models import User
from hiring.candidates import services, uploads
from hiring.candidates.models import Candidate, Resume
from hiring.db import db
from hiring.domain import Conflict, DomainError
from tests.support.resume_files import PDF


@pytest.fixture
def actor(app, staff):
    with app.app_context():
        yield db.session.get(User, staff().id)


def _values(**overrides):
    values = {
        "name": "Jordan Lee",
        "email": "jordan@example.com",
        "phone": "",
        "source": "",
        "links": [],
        "notes": "",
    }
    values.update(overrides)
    return values


def test_refusals_name_their_field(actor):
    for overrides, field, message in (
        ({"name": "   "}, "name", "Enter the candidate's name."),
        ({"email": "nobody"}, "email", "Enter a valid e-mail address."),
        ({"source": "Carrier pigeon"}, "source", "Choose a source from the list."),
        ({"links": ["ftp://x.test"]}, "links", "is not a web address starting with http"),
    ):
        with pytest.raises(DomainError) as refused:
            services.create_candidate(**_values(**overrides), actor=actor)
        assert refused.value.field == field and message in refused.value.message
    assert db.session.scalar(select(func.count(Candidate.id))) == 0


def test_a_duplicate_email_needs_confirming_and_carries_the_matches(actor):
    first = services.create_candidate(**_values(), actor=actor)
    with pytest.raises(services.DuplicateCandidate) as duplicate:
        services.create_candidate(
            **_values(name="J. Lee", email=" JORDAN@example.com"), actor=actor
        )
    assert duplicate.value.existing == [first]
    assert str(duplicate.value) == "Jordan Lee already has jordan@example.com."
    second = services.create_candidate(**_values(name="J. Lee"), allow_duplicate=True, actor=actor)
    assert services.find_duplicates("jordan@example.com", exclude=second) == [first]


def test_a_stale_edit_is_a_conflict_and_saves_nothing(actor):
    candidate = services.create_candidate(**_values(), actor=actor)
    db.session.flush()
    with pytest.raises(Conflict, match="was changed by someone else while you were editing"):
        services.update_candidate(
            candidate,
            expected_version=candidate.version + 1,
            **_values(name="Someone Else"),
            actor=actor,
        )
    assert candidate.name == "Jordan Lee"
    services.update_candidate(
        candidate, expected_version=candidate.version, **_values(notes="Met"), actor=actor
    )
    assert candidate.notes == "Met"


def test_an_identical_resume_is_refused_on_the_resume_field(actor):
    candidate = services.create_candidate(**_values(), actor=actor)
    upload = uploads.check_resume(io.BytesIO(PDF), "cv.pdf")
    services.add_resume(candidate, upload, actor=actor)
    with pytest.raises(DomainError, match="identical to cv") as refused:
        services.add_resume(
            candidate, uploads.check_resume(io.BytesIO(PDF), "again.pdf"), actor=actor
        )
    assert refused.value.field == "resume"
    assert db.session.scalar(select(func.count(Resume.id))) == 1


def test_a_file_that_is_not_a_resume_is_refused_on_the_resume_field():
    with pytest.raises(DomainError, match="not a PDF or Word") as refused:
        uploads.check_resume(io.BytesIO(b"<html>"), "cv.pdf")
    assert refused.value.field == "resume"
