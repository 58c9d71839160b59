"""The interviewer course: eight pages in order, each with a lesson template, and every passage a
lesson quotes really is in the sales library, word for word, under the question it names."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from markupsafe import escape

from hiring.training.course import PAGES, CoursePage, LibraryQuote, neighbours, page

ROOT = Path(__file__).resolve().parent.parent.parent
COMPETENCIES = ROOT / "scorecards" / "competencies"
TEMPLATES = ROOT / "templates"

QUOTES = [(p, q) for p in PAGES for q in p.examples]


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a parsed TOML value (the question's text, probes, look-fors, red flags,
    anchors and reference answers alike)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _competency(key: str) -> dict[str, Any]:
    return tomllib.loads((COMPETENCIES / f"{key}.toml").read_text(encoding="utf-8"))


def _source(course_page: CoursePage) -> str:
    return (TEMPLATES / course_page.template).read_text(encoding="utf-8")


def test_the_course_has_its_eight_pages_in_reading_order() -> None:
    assert [p.slug for p in PAGES] == [
        "using-anchors",
        "not-assessed",
        "star-notes",
        "halo",
        "leniency-severity",
        "central-tendency",
        "similar-to-me",
        "first-impression",
    ]
    assert len({p.slug for p in PAGES}) == len(PAGES)
    assert len({p.title for p in PAGES}) == len(PAGES)
    for p in PAGES:
        assert p.summary and "\n" not in p.summary
        assert 1 <= p.minutes <= 10
        assert p.examples, f"{p.slug} quotes no example from the library"


def test_page_and_neighbours_follow_the_reading_order() -> None:
    first, second, last = PAGES[0], PAGES[1], PAGES[-1]
    assert page("halo") == next(p for p in PAGES if p.slug == "halo")
    assert page("no-such-page") is None
    assert neighbours(first.slug) == (None, second)
    assert neighbours(second.slug) == (first, PAGES[2])
    assert neighbours(last.slug) == (PAGES[-2], None)
    assert neighbours("no-such-page") == (None, None)


@pytest.mark.parametrize("course_page", PAGES, ids=lambda p: p.slug)
def test_every_page_has_a_lesson_template_that_parses(app: Flask, course_page: CoursePage) -> None:
    template = app.jinja_env.get_template(course_page.template)
    assert template.name == course_page.template
    source = _source(course_page)
    assert '{% extends "training/course/_page.html" %}' in source
    assert "{% block lesson %}" in source
    assert "<h1" not in source, "the page template gives the lesson its only h1"
    assert source.count("<blockquote>") >= 1


def test_the_page_template_parses(app: Flask) -> None:
    assert app.jinja_env.get_template("training/course/_page.html")


@pytest.mark.parametrize(
    ("course_page", "quote"), QUOTES, ids=[f"{p.slug}:{q.text[:30]}" for p, q in QUOTES]
)
def test_every_example_is_quoted_word_for_word_from_the_library(
    course_page: CoursePage, quote: LibraryQuote
) -> None:
    competency = _competency(quote.competency_key)
    if quote.question_key is None:
        where: Any = competency["anchors"]
    else:
        where = next(q for q in competency["questions"] if q["key"] == quote.question_key)
    assert any(quote.text in text for text in _strings(where)), (
        f"{course_page.slug}: not in {quote.competency_key}"
        f"{'.' + quote.question_key if quote.question_key else ' anchors'}: {quote.text!r}"
    )


@pytest.mark.parametrize(
    ("course_page", "quote"), QUOTES, ids=[f"{p.slug}:{q.text[:30]}" for p, q in QUOTES]
)
def test_every_example_appears_in_its_lesson_beside_its_competency(
    course_page: CoursePage, quote: LibraryQuote
) -> None:
    source = _source(course_page)
    assert quote.text in source, f"{course_page.slug} does not quote {quote.text!r}"
    assert str(escape(_competency(quote.competency_key)["name"])) in source


@pytest.mark.parametrize("course_page", PAGES, ids=lambda p: p.slug)
def test_each_lesson_quotes_the_question_it_takes_its_example_from(
    course_page: CoursePage,
) -> None:
    source = _source(course_page)
    for quote in course_page.examples:
        if quote.question_key is not None:
            competency = _competency(quote.competency_key)
            question = next(q for q in competency["questions"] if q["key"] == quote.question_key)
            assert question["text"] in source
