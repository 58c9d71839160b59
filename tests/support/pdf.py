"""Reading packets back the way a test can check them: text, pages, bookmarks, fonts."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader


def read(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF"), data[:200]
    return PdfReader(io.BytesIO(data))


def text_of(data: bytes) -> tuple[str, int]:
    """All text (pages joined) and the page count."""
    reader = read(data)
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def flat(text: str) -> str:
    """Text with line breaks removed, for phrases that may wrap."""
    return " ".join(text.split())


def bookmarks(data: bytes) -> list[str]:
    """Every bookmark title, depth first."""
    reader = read(data)
    titles: list[str] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(str(item.title))

    walk(reader.outline)
    return titles


def unembedded_fonts(data: bytes) -> list[str]:
    """Names of fonts used without their program embedded (should be none)."""
    reader = read(data)
    missing: list[str] = []
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            targets = [d.get_object() for d in descendants] if descendants else [font]
            for target in targets:
                descriptor = target.get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor else {}
                if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    missing.append(str(target.get("/BaseFont")))
    return missing


def contains(text: str, phrase: str) -> bool:
    """``phrase`` is in ``text`` wherever the lines wrapped (whitespace ignored)."""
    return "".join(phrase.split()) in "".join(text.split())
