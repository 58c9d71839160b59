"""CSV downloads: cells a spreadsheet cannot mistake for formulas, UTF-8 that Excel reads."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from flask import Response


def safe_text(text: str) -> str:
    """Stop spreadsheets from running a cell that starts like a formula."""
    stripped = text.lstrip(" \t\r\n")
    if text[:1] in ("\t", "\r", "\n") or stripped[:1] in ("=", "+", "-", "@"):
        return "'" + text
    return text


def safe_cell(value: object) -> object:
    """``safe_text`` for text; numbers pass unchanged and None is an empty cell."""
    if value is None:
        return ""
    return safe_text(value) if isinstance(value, str) else value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The table as CSV, encoded as UTF-8 with a byte-order mark: without it Excel reads the
    file in the machine's legacy code page and garbles names such as "Zoë Müller"."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")


def csv_download(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> Response:
    """A CSV attachment named ``filename``."""
    response = Response(csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
