"""The id check that runs on every page the suite renders can fail, and names page and id."""

from __future__ import annotations

from flask import Flask

from tests.support.html_check import PageChecker, id_problems


def test_duplicate_and_dangling_ids_are_found() -> None:
    page = """
        <form><label for="reason">Reason for holding</label><textarea id="reason"></textarea></form>
        <form><label for="reason">Reason for rejecting</label><textarea id="reason"></textarea></form>
        <label for="gone">Gone</label><p aria-describedby="reason hint">x</p><br id="solo"/>
    """
    assert [str(p) for p in id_problems(page)] == [
        'duplicate id="reason" (2 elements)',
        'label for="gone" names no element',
        'aria-describedby="hint" names no element',
    ]


def test_a_clean_page_has_no_problems() -> None:
    assert id_problems('<label for="a">A</label><input id="a"><p aria-labelledby="a">') == []


def test_a_rendered_page_with_a_duplicate_id_is_caught() -> None:
    # Its own app and checker, so the deliberate duplicate stays out of the suite's counts.
    checker = PageChecker()
    probe = Flask("probe")
    probe.after_request(checker.after_request)
    probe.add_url_rule("/twice", "twice", lambda: '<p id="twice">1</p><p id="twice">2</p>')
    probe.add_url_rule(
        "/plain", "plain", lambda: ('<p id="x"><p id="x">', {"Content-Type": "text/plain"})
    )
    client = probe.test_client()

    client.get("/plain")  # not HTML: not checked
    client.get("/twice")

    assert checker.take() == ['GET /twice (status 200): duplicate id="twice" (2 elements)']
    assert checker.take() == []
    assert checker.pages_checked == 1


def test_every_test_app_reports_to_the_suite_checker(app: Flask, page_checker: PageChecker) -> None:
    assert page_checker.after_request in app.after_request_funcs[None]
