"""Checking uploaded resumes by their content, never by their name or the browser's claim.

Only two kinds are accepted: PDF (the file starts with ``%PDF-``) and Word ``.docx`` (a zip
archive holding ``[Content_Types].xml`` and ``word/document.xml``). The archive is inspected
through its directory only (declared sizes, entry count, compression ratios), so a zip bomb is
refused before anything is decompressed; the one member read is small and read with a cap.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO

from hiring.domain import DomainError

#: The largest resume accepted, in bytes (the app's MAX_CONTENT_LENGTH is a bit higher).
MAX_RESUME_BYTES = 10 * 1024 * 1024

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx"}

NOT_A_RESUME = "The file is not a PDF or Word (.docx) document."
TOO_LARGE = "The file is larger than 10 MB."
EMPTY = "The file is empty."

# Limits for the inside of a .docx; real resumes are far below every one of them.
_MAX_ENTRIES = 2000
_MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
_MAX_RATIO = 200  # uncompressed / compressed, checked for members over 1 MB
_MAX_CONTENT_TYPES_BYTES = 1024 * 1024
_DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


@dataclass(frozen=True)
class ResumeFile:
    """A checked upload, ready to store."""

    filename: str
    content_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def read_limited(stream: IO[bytes], limit: int = MAX_RESUME_BYTES) -> bytes:
    """Read at most ``limit`` bytes; raise if the stream holds more."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise DomainError(TOO_LARGE, field="resume")
    return data


def detect_type(data: bytes) -> str:
    """Return the MIME type of a PDF or .docx from its bytes, or raise ``DomainError``."""
    if not data:
        raise DomainError(EMPTY, field="resume")
    if data.startswith(b"%PDF-"):
        return PDF
    # A zip's directory sits at its end, so also insist on a zip header at the start:
    # that refuses HTML with a zip appended (a "polyglot").
    if data.startswith(b"PK\x03\x04") and _is_docx(data):
        return DOCX
    raise DomainError(NOT_A_RESUME, field="resume")


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > _MAX_ENTRIES:
                return False
            total = 0
            for info in infos:
                if info.flag_bits & 0x1:  # encrypted member
                    return False
                total += info.file_size
                if info.file_size > 1024 * 1024 and (
                    info.compress_size == 0 or info.file_size / info.compress_size > _MAX_RATIO
                ):
                    return False
            if total > _MAX_TOTAL_UNCOMPRESSED:
                return False
            names = {info.filename for info in infos}
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                return False
            types = archive.getinfo("[Content_Types].xml")
            if types.file_size > _MAX_CONTENT_TYPES_BYTES:
                return False
            with archive.open(types) as member:
                content_types = member.read(_MAX_CONTENT_TYPES_BYTES + 1)
            return _DOCX_MAIN in content_types
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return False
    except NotImplementedError:  # an unsupported compression method
        return False


_UNSAFE = re.compile(r"[^\w.\- ()]+")


def safe_filename(original: str | None, content_type: str) -> str:
    """A display and download name: no path, no control characters, the right extension."""
    name = (original or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = _UNSAFE.sub("_", stem).strip(" ._-")
    stem = re.sub(r"\s*_+\s*", "_", stem)[:100].strip(" ._-") or "resume"
    return stem + EXTENSIONS[content_type]


def check_resume(stream: IO[bytes], filename: str | None) -> ResumeFile:
    """Read and check an uploaded resume; raise ``DomainError`` (on the
    ``resume`` field) with a clear message."""
    data = read_limited(stream)
    content_type = detect_type(data)
    return ResumeFile(
        filename=safe_filename(filename, content_type), content_type=content_type, data=data
    )
