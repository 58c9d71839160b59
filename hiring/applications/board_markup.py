"""The pipeline board's cards as markup, built in Python rather than by a template macro.

A board draws up to ten cards a column; through a Jinja macro each cost some two hundred
Python calls (the macro call, two ``url_for``, ``csrf_token``, the ``moment`` filter and twenty
escapes), so a board at ten times the demo's history took 1.6 times as long as the demo's. Here
a card is one f-string with each value put in escaped, and what is the same for every card
(the token, the reader's zone) is read once per column. The markup is the macro's, but for
the moves: one form per card with a button per direction (the button pressed sends it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from markupsafe import Markup, escape

from hiring.applications.board import Card
from hiring.timezones import format_moment, reader_zone


def board_cards(
    cards: Iterable[Card],
    *,
    last_index: int,
    movable: bool,
    url_for: Callable[..., str],
    token: str,
    listitems: bool = False,
) -> Markup:
    """Each card of ``cards``: its name linked to the application, its days in the stage (when
    it entered, in the reader's zone, as a tooltip), "On hold" when held, and, when ``movable``
    (the reader manages the pipeline and the column is a stage of the plan) and its status
    allows, one form with a button per direction it can go (``last_index``: the plan's last
    stage). ``listitems`` wraps each card in a list item (a column's own page)."""
    zone, safe_token = reader_zone(), escape(token)
    drawn = []
    for card in cards:
        name = escape(card.name)
        days = card.days_in_stage
        since = escape(format_moment(card.since, zone))
        html = (
            f'<article class="board-card{" on-hold" if card.on_hold else ""}"'
            f' id="application-{card.id}">\n'
            f'  <a class="board-card-name"'
            f' href="{escape(url_for("applications.detail", application_id=card.id))}">'
            f"{name}</a>\n"
            f'  <p class="board-card-meta">\n'
            f'    <span title="In this stage since {since}">{days} day{"" if days == 1 else "s"}'
            f" in stage</span>\n"
        )
        if card.on_hold:
            html += '    <span class="badge badge-application-on_hold">On hold</span>\n'
        html += "  </p>\n"
        if movable and card.can_move:
            html += _moves(card, name, last_index, url_for, safe_token)  # "" if it cannot go
        html += "</article>"
        drawn.append(f'<div role="listitem">{html}</div>' if listitems else html)
    return Markup("\n".join(drawn))  # noqa: S704 - every value above is escaped


def _moves(
    card: Card, name: Markup, last_index: int, url_for: Callable[..., str], token: Markup
) -> str:
    """One form, a button per direction: the button pressed sends its ``direction``."""
    at = -1 if card.stage_index is None else card.stage_index
    buttons = [
        f'<button type="submit" name="direction" value="{direction}" class="icon-button"'
        f' aria-label="Move {name} to the {direction} stage"'
        f' title="Move {name} to the {direction} stage">{arrow}</button>'
        for direction, arrow, allowed in (
            ("previous", "←", at >= 0),
            ("next", "→", at < last_index),
        )
        if allowed
    ]
    if not buttons:  # a plan without stages: nowhere to go
        return ""
    action = escape(url_for("applications.move", application_id=card.id))
    return (
        f'  <form method="post" action="{action}" class="board-card-moves">\n'
        f'    <input type="hidden" name="csrf_token" value="{token}">\n'
        f'    <input type="hidden" name="version" value="{card.version}">\n'
        '    <input type="hidden" name="return_to" value="pipeline">\n'
        f"    {''.join(buttons)}\n"
        "  </form>\n"
    )
