"""Resume uploads are checked by content and size, kept as versions, and only downloaded."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.candidates import uploads
from hiring.candidates.models import Resume
from hiring.db import db
from hiring.domain import DomainError
from tests.support.resume_files import DOCX_MIME, PDF, make_docx

NOT_A_RESUME = "The file is not a PDF or Word (.docx) document."


def _upload(client, candidate_id, data, filename, content_type="application/octet-stream"):
    return client.post(
        f"/candidates/{candidate_id}/resumes",
        data={"resume": (io.BytesIO(data), filename, content_type)},
        content_type="multipart/form-data",
    )


def _resumes(app, candidate_id):
    with app.app_context():
        return [
            (r.id, r.filename, r.content_type, r.size, r.sha256)
            for r in db.session.scalars(
                select(Resume)
                .where(Resume.candidate_id == candidate_id)
                .order_by(Resume.uploaded_at.desc(), Resume.id.desc())
            )
        ]


def test_pdf_upload_is_stored_and_downloaded_as_an_attachment(app, client, login, make_candidate):
    candidate = make_candidate(name="Jordan Lee")
    login(roles=["recruiter"])
    response = _upload(client, candidate.id, PDF, "Jordan Lee CV.pdf", "application/pdf")
    assert response.status_code == 302
    [(resume_id, filename, content_type, size, digest)] = _resumes(app, candidate.id)
    assert filename == "Jordan Lee CV.pdf"
    assert content_type == "application/pdf"
    assert size == len(PDF) and digest == hashlib.sha256(PDF).hexdigest()

    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Uploaded Jordan Lee CV.pdf." in page
    assert f"/candidates/{candidate.id}/resumes/{resume_id}" in page

    download = client.get(f"/candidates/{candidate.id}/resumes/{resume_id}")
    assert download.status_code == 200
    assert download.data == PDF
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert "Jordan Lee CV.pdf" in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download.headers["Content-Security-Policy"]
    assert "no-store" in download.headers["Cache-Control"]
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "candidate.resume_uploaded")
        )
        assert event.object_id == candidate.id and event.after["sha256"] == digest


def test_docx_upload_is_recognised_by_content_whatever_its_name(app, client, login, make_candidate):
    candidate = make_candidate()
    login(roles=["admin"])
    docx = make_docx()
    # A misleading name and browser type: the content decides, and the name gets .docx.
    response = _upload(client, candidate.id, docx, "resume.pdf", "application/pdf")
    assert response.status_code == 302
    [(resume_id, filename, content_type, _size, _digest)] = _resumes(app, candidate.id)
    assert content_type == DOCX_MIME and filename == "resume.docx"
    download = client.get(f"/candidates/{candidate.id}/resumes/{resume_id}")
    assert download.data == docx and download.mimetype == DOCX_MIME
    assert download.headers["Content-Disposition"] == "attachment; filename=resume.docx"


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"<html><script>alert(document.cookie)</script></html>", "evil.pdf"),
        (b"Just some text\n", "notes.docx"),
        (b"PK\x03\x04 not really a zip", "broken.docx"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "photo.pdf"),
        (b"<html>" + make_docx(), "polyglot.docx"),  # HTML with a zip appended
    ],
    ids=["html-named-pdf", "text", "broken-zip", "png", "polyglot"],
)
def test_files_that_are_not_pdf_or_docx_are_refused(
    app, client, login, make_candidate, data, filename
):
    candidate = make_candidate()
    login(roles=["recruiter"])
    response = _upload(client, candidate.id, data, filename, "application/pdf")
    assert response.status_code == 400
    assert NOT_A_RESUME in response.get_data(as_text=True)
    assert _resumes(app, candidate.id) == []


def _zip(entries, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


def test_other_zip_files_and_zip_bombs_are_refused_before_decompressing():
    # A zip without the Word parts (e.g. an .xlsx or any archive).
    with pytest.raises(DomainError, match="not a PDF or Word"):
        uploads.detect_type(_zip([("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "")]))
    # Right names, wrong main content type (not a Word document).
    with pytest.raises(DomainError):
        uploads.detect_type(_zip([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "")]))
    # Highly compressed member: 50 MB of zeros squeezed into about 50 KB.
    bomb = _zip(
        [
            ("[Content_Types].xml", uploads._DOCX_MAIN.decode()),
            ("word/document.xml", b"\0" * (50 * 1024 * 1024)),
        ]
    )
    assert len(bomb) < 200_000
    with pytest.raises(DomainError):
        uploads.detect_type(bomb)
    # Too many entries.
    many = _zip(
        [("[Content_Types].xml", uploads._DOCX_MAIN.decode()), ("word/document.xml", "x")]
        + [(f"junk/{n}", "") for n in range(2001)],
        compression=zipfile.ZIP_STORED,
    )
    with pytest.raises(DomainError):
        uploads.detect_type(many)
    # A real one passes.
    assert uploads.detect_type(make_docx()) == DOCX_MIME


@pytest.mark.parametrize("app_config", [{"MAX_CONTENT_LENGTH": 32 * 1024 * 1024}])
def test_files_over_10_mb_are_refused_with_a_clear_message(app, client, login, make_candidate):
    candidate = make_candidate()
    login(roles=["recruiter"])
    big = PDF + b"0" * (10 * 1024 * 1024)
    response = _upload(client, candidate.id, big, "big.pdf", "application/pdf")
    assert response.status_code == 400
    assert "The file is larger than 10 MB." in response.get_data(as_text=True)
    assert _resumes(app, candidate.id) == []
    # Exactly 10 MB is fine.
    exact = PDF + b"0" * (10 * 1024 * 1024 - len(PDF))
    assert _upload(client, candidate.id, exact, "exact.pdf").status_code == 302


def test_uploads_over_the_server_limit_get_the_styled_413_page(client, login, make_candidate):
    candidate = make_candidate()
    login(roles=["recruiter"])
    huge = PDF + b"0" * (17 * 1024 * 1024)
    response = _upload(client, candidate.id, huge, "huge.pdf")
    assert response.status_code == 413
    assert "File too large" in response.get_data(as_text=True)


def test_empty_and_missing_files(app, client, login, make_candidate):
    candidate = make_candidate()
    login(roles=["recruiter"])
    response = _upload(client, candidate.id, b"", "empty.pdf")
    assert response.status_code == 400
    assert "The file is empty." in response.get_data(as_text=True)
    response = client.post(f"/candidates/{candidate.id}/resumes", data={})
    assert response.status_code == 400
    assert "Choose a PDF or Word (.docx) file to upload." in response.get_data(as_text=True)


def test_versions_are_kept_newest_first_and_identical_files_refused(
    app, client, login, make_candidate
):
    candidate = make_candidate()
    login(roles=["recruiter"])
    assert _upload(client, candidate.id, PDF, "first.pdf").status_code == 302
    assert _upload(client, candidate.id, make_docx("v2"), "second.docx").status_code == 302
    response = _upload(client, candidate.id, PDF, "again.pdf")
    assert response.status_code == 400
    assert "This file is identical to first.pdf, which is already stored." in response.get_data(
        as_text=True
    )
    stored = _resumes(app, candidate.id)
    assert [r[1] for r in stored] == ["second.docx", "first.pdf"]
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert page.index("second.docx") < page.index("first.pdf")


def test_resume_can_be_attached_when_adding_the_candidate(app, client, login):
    login(roles=["recruiter"])
    response = client.post(
        "/candidates/new",
        data={
            "name": "Jordan Lee",
            "email": "jordan@example.com",
            "resume": (io.BytesIO(PDF), "../../etc/Jordan\x00 <CV>.pdf", "application/pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    candidate_id = int(response.headers["Location"].rsplit("/", 1)[-1])
    [(_id, filename, content_type, _size, _digest)] = _resumes(app, candidate_id)
    assert content_type == "application/pdf"
    assert filename == "Jordan_CV.pdf"


def test_a_bad_resume_on_the_new_form_keeps_everything_else_unsaved(app, client, login):
    login(roles=["recruiter"])
    response = client.post(
        "/candidates/new",
        data={
            "name": "Jordan Lee",
            "email": "jordan@example.com",
            "resume": (io.BytesIO(b"<script>x</script>"), "cv.pdf", "application/pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert NOT_A_RESUME in response.get_data(as_text=True)
    with app.app_context():
        from hiring.candidates.models import Candidate

        assert db.session.scalar(select(Candidate)) is None


def test_resume_of_another_candidate_is_not_found(app, client, login, make_candidate):
    first = make_candidate()
    second = make_candidate()
    login(roles=["recruiter"])
    _upload(client, first.id, PDF, "cv.pdf")
    [(resume_id, *_rest)] = _resumes(app, first.id)
    assert client.get(f"/candidates/{second.id}/resumes/{resume_id}").status_code == 404
    assert client.get(f"/candidates/{first.id}/resumes/99999").status_code == 404


@pytest.mark.parametrize(
    ("original", "kind", "expected"),
    [
        ("cv.pdf", uploads.PDF, "cv.pdf"),
        ("C:\\Users\\me\\My CV (final).PDF", uploads.PDF, "My CV (final).pdf"),
        ("../../passwd", uploads.DOCX, "passwd.docx"),
        ("résumé.docx", uploads.DOCX, "résumé.docx"),
        ('"><script>.pdf', uploads.PDF, "script.pdf"),
        ("", uploads.PDF, "resume.pdf"),
        ("....", uploads.PDF, "resume.pdf"),
        ("a" * 300 + ".pdf", uploads.PDF, "a" * 100 + ".pdf"),
    ],
)
def test_safe_filename(original, kind, expected):
    assert uploads.safe_filename(original, kind) == expected


def test_duplicate_warning_on_the_new_form_asks_for_the_file_again(
    app, client, login, make_candidate
):
    make_candidate(name="Jordan Lee", email="jordan@example.com")
    login(roles=["recruiter"])
    data = {
        "name": "Jordan Lee",
        "email": "jordan@example.com",
        "resume": (io.BytesIO(PDF), "cv.pdf", "application/pdf"),
    }
    response = client.post("/candidates/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Your resume file was not kept:" in page and "choose it again" in page
    with app.app_context():
        assert db.session.scalar(select(Resume)) is None
    data["resume"] = (io.BytesIO(PDF), "cv.pdf", "application/pdf")
    data["create_anyway"] = "y"
    response = client.post("/candidates/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    candidate_id = int(response.headers["Location"].rsplit("/", 1)[-1])
    assert [r[1] for r in _resumes(app, candidate_id)] == ["cv.pdf"]
    page = client.get(f"/candidates/{candidate_id}").get_data(as_text=True)
    assert "Upload a new version" in page
