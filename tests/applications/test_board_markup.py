"""The board's cards drawn in Python (``board_markup.board_cards``): every value escaped, the
move buttons a card's place and status allow, the tooltip in the reader's zone."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from hiring.applications.board import Card
from hiring.applications.board_markup import board_cards
from hiring.applications.models import ApplicationStatus

SINCE = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)


def _card(n: int, *, name: str = "Ana Lima", stage: int | None = None, **values) -> Card:
    status = values.pop("status", ApplicationStatus.ACTIVE)
    return Card(
        id=n, name=name, status=status, stage_index=stage, version=3, status_reason="",
        updated_at=SINCE, since=SINCE, days_in_stage=values.pop("days", 2),
        can_move=status == ApplicationStatus.ACTIVE,
    )  # fmt: skip


def _address(endpoint: str, **values) -> str:
    return f"/{endpoint}/{values['application_id']}?a=1&b=2"


def _draw(app, cards, **options):
    app.config["DEFAULT_TIME_ZONE"] = "America/Chicago"
    with app.test_request_context("/"):
        return str(
            board_cards(
                cards,
                last_index=options.pop("last_index", 2),
                movable=options.pop("movable", True),
                url_for=_address,
                token='tok"en',
                **options,
            )
        )


def test_every_value_is_escaped_and_the_tooltip_reads_in_the_readers_zone(app):
    html = _draw(app, [_card(7, name='<b>Zoë "Z" O\'Neil</b>', days=1)])
    assert "<b>" not in html and "&lt;b&gt;Zoë &#34;Z&#34; O&#39;Neil&lt;/b&gt;" in html
    assert 'href="/applications.detail/7?a=1&amp;b=2"' in html
    assert 'action="/applications.move/7?a=1&amp;b=2"' in html
    assert 'name="csrf_token" value="tok&#34;en"' in html
    assert 'title="In this stage since Wed 2 Dec 2026, 10:00\u00a0CST">1 day in stage<' in html
    assert 'name="version" value="3"' in html


def test_buttons_follow_the_cards_place_and_status(app):
    new, middle, last = _card(1), _card(2, stage=1), _card(3, stage=2)
    held = _card(4, stage=1, status=ApplicationStatus.ON_HOLD)
    html = _draw(app, [new, middle, last, held])
    cards = html.split("<article")[1:]
    directions = [re.findall(r'name="direction" value="(\w+)"', c) for c in cards]
    assert directions == [["next"], ["previous", "next"], ["previous"], []]
    assert 'class="board-card on-hold"' in cards[3] and ">On hold</span>" in cards[3]
    assert 'aria-label="Move Ana Lima to the previous stage"' in cards[1]
    assert "2 days in stage" in cards[0]
    # A reader who does not manage the pipeline (or a stray column) gets no form at all;
    # nor does a card with nowhere to go (a plan without stages).
    assert "<form" not in _draw(app, [new, middle], movable=False)
    assert "<form" not in _draw(app, [new], last_index=-1)


def test_a_columns_own_page_lists_each_card(app):
    html = _draw(app, [_card(1), _card(2)], listitems=True)
    assert html.count('<div role="listitem"><article') == 2
    assert _draw(app, []) == ""
