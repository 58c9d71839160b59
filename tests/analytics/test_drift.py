"""Interviewer drift (issue 17, item 5): live leniency and agreement with the panel, from real
submitted cards, with a suggestion to recalibrate past the minimum of shared candidates."""

from __future__ import annotations

import html
import re

import pytest
from flask import Flask, render_template_string
from sqlalchemy import select

from hiring.analytics.drift import MIN_SHARED_CANDIDATES, Drift, interviewer_drift
from hiring.auth.models import User
from hiring.db import db
from hiring.scorecards.models import Recommendation
from tests import builders

YES, NO = Recommendation.YES, Recommendation.NO


def _text(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html.unescape(fragment)).split())


def _render(app: Flask, drift: Drift | None) -> str:
    """The partial through a tiny template. ``training.index`` is the lead's page (issue 17);
    a stand-in is routed only where this branch does not have it yet."""
    if "training.index" not in app.view_functions:
        app.add_url_rule("/training/", "training.index", lambda: "")
    with app.test_request_context():
        return _text(
            render_template_string(
                '{% from "training/_drift.html" import drift_summary %}{{ drift_summary(d) }}',
                d=drift,
            )
        )


def _worked_example(app: Flask):
    """Five candidates, rated together by Ana, Ben and (on three of them) Cy; Dee shadowed
    all five and her card is left out:

        candidate  discovery (Ana Ben Cy | Dee)   closing (Ana Ben Cy)
        1-2        4   2   3  | 1                 3   3   not assessed
        3-5        4   2   -  | 1                 3   3   -

    Ana, discovery: 1-2: 4 - mean(2, 3) = +1.5; 3-5: 4 - 2 = +2; closing 3 - 3 = 0 five times.
    Ten cells: leniency (2 x 1.5 + 3 x 2 + 5 x 0) / 10 = 9 / 10 = +0.9; within one level
    of the others' mean in the 5 closing cells only: 5 / 10 = 50%. Five shared candidates.
    Per competency: discovery +9 / 5 = +1.8, 0%; closing 0.0, 100%.
    Ben is Ana's mirror: -0.9, 50%. Cy, discovery on 1-2: 3 - mean(4, 2) = 0, 100%, but only
    two shared candidates (his "not assessed" closing is no rating). Were Dee's 1s counted,
    Cy's others' mean would fall to (4 + 2 + 1) / 3 and his figure would move.
    """
    with app.app_context():
        morgan = builders.user(roles=["hiring_manager"], name="Morgan Patel")
        ana, ben, cy, dee = (
            builders.user(roles=["interviewer"], name=n) for n in ("Ana", "Ben", "Cy", "Dee")
        )
        opened = builders.position(manager=morgan, title="Account Executive")
        for n in range(5):
            cards: list[builders.Card] = [
                (ana, {"discovery": 4, "closing": 3}, YES),
                (ben, {"discovery": 2, "closing": 3}, NO),
                (dee, {"discovery": 1}, NO),
            ]
            if n < 2:
                cards.append((cy, {"discovery": 3, "closing": None}, YES))
            builders.mark_shadow(builders.rated_candidate(opened.id, cards), dee)
    return ana, ben, cy, dee


def test_the_worked_example(app, loaded_library) -> None:
    ana, ben, cy, _ = _worked_example(app)
    with app.app_context():
        drift = interviewer_drift()
    assert set(drift) == {ana.id, ben.id, cy.id}  # Dee's only ratings are shadow ratings
    a, b, c = drift[ana.id], drift[ben.id], drift[cy.id]
    assert (a.shared_candidates, a.comparisons) == (5, 10)
    assert a.leniency == pytest.approx(0.9) and a.agreement == pytest.approx(0.5)
    assert a.enough and a.suggest_recalibration
    assert b.leniency == pytest.approx(-0.9) and b.agreement == pytest.approx(0.5)
    assert b.suggest_recalibration
    assert (c.shared_candidates, c.leniency, c.agreement) == (2, 0.0, 1.0)
    assert not c.enough and not c.suggest_recalibration
    closing, discovery = a.competencies  # by name
    assert (discovery.key, discovery.shared_candidates) == ("discovery", 5)
    assert discovery.leniency == pytest.approx(1.8) and discovery.agreement == 0.0
    assert closing.leniency == pytest.approx(0.0) and closing.agreement == 1.0
    assert [x.key for x in c.competencies] == ["discovery"]  # his closing was not assessed


def test_shadow_cards_are_left_out_even_for_the_shadow(app, loaded_library) -> None:
    *_, dee = _worked_example(app)
    with app.app_context():
        drift = interviewer_drift([dee.id])
    assert drift[dee.id].shared_candidates == 0 and drift[dee.id].leniency is None
    assert not drift[dee.id].suggest_recalibration


def test_the_partial_says_it_in_words(app, loaded_library) -> None:
    ana, _, cy, _ = _worked_example(app)
    with app.app_context():
        drift = interviewer_drift([ana.id, cy.id])
    shown = _render(app, drift[ana.id])
    assert (
        "Rates 0.9 levels above the rest of the panel on average, over 5 shared candidates;"
        " within one level of the panel 50% of the time." in shown
    )
    assert "Discovery" in shown and "1.8 levels above the rest of the panel" in shown
    assert (
        "Worth recalibrating: rates leniently, 0.5 levels or more above the panel on average;"
        " within one level of the panel less than 70% of the time." in shown
    )
    assert "Practise on reference answers" in shown
    assert "Not enough shared candidates yet (2 of 5)" in _render(app, drift[cy.id])
    assert "No shared candidates yet" in _render(app, None)


def _pair(app: Flask, first: list[int], second: list[int]):
    """Two interviewers rating discovery together on one candidate per pair of levels."""
    with app.app_context():
        morgan = builders.user(roles=["hiring_manager"], name="Morgan Patel")
        eve, fay = (builders.user(roles=["interviewer"], name=n) for n in ("Eve", "Fay"))
        opened = builders.position(manager=morgan, title="Account Executive")
        for mine, theirs in zip(first, second, strict=True):
            builders.rated_candidate(
                opened.id, [(eve, {"discovery": mine}, YES), (fay, {"discovery": theirs}, YES)]
            )
    return eve, fay


def test_a_rater_in_line_with_the_panel_is_not_asked_to_recalibrate(app, loaded_library) -> None:
    """Eve and Fay differ by one level on 2 of 5 candidates, in both directions: leniency 0,
    within one level every time."""
    eve, _ = _pair(app, [3, 3, 4, 2, 3], [3, 3, 3, 3, 3])
    with app.app_context():
        drift = interviewer_drift([eve.id])[eve.id]
    assert drift.enough and drift.leniency == 0.0 and drift.agreement == 1.0
    assert not drift.suggest_recalibration
    shown = _render(app, drift)
    assert "Rates level with the rest of the panel on average, over 5 shared candidates" in shown
    assert "Worth recalibrating" not in shown


def test_disagreeing_both_ways_is_drift_though_the_mean_is_level(app, loaded_library) -> None:
    """Eve 4, 1, 4, 1, 4, 1 where Fay gives 2, 3, 2, 3, 2, 3: +2 and -2 in turn, mean 0, never
    within one level: the mean alone would call her calibrated."""
    eve, _ = _pair(app, [4, 1, 4, 1, 4, 1], [2, 3, 2, 3, 2, 3])
    with app.app_context():
        drift = interviewer_drift([eve.id])[eve.id]
    assert drift.leniency == 0.0 and drift.agreement == 0.0 and drift.suggest_recalibration
    assert drift.reasons == ["within one level of the panel less than 70% of the time"]


def test_below_the_minimum_no_suggestion_however_far_off(app, loaded_library) -> None:
    eve, _ = _pair(app, [4] * (MIN_SHARED_CANDIDATES - 1), [1] * (MIN_SHARED_CANDIDATES - 1))
    with app.app_context():
        drift = interviewer_drift([eve.id])[eve.id]
    assert drift.leniency == 3.0 and drift.agreement == 0.0
    assert not drift.enough and not drift.suggest_recalibration and drift.reasons == []
    assert drift.summary == "Not enough shared candidates yet (4 of 5)."


def test_one_statement_for_one_or_twenty_interviewers(app, loaded_library, count_queries) -> None:
    with app.app_context():
        morgan = builders.user(roles=["hiring_manager"], name="Morgan Patel")
        opened = builders.position(manager=morgan, title="Account Executive")
        people = [builders.user(roles=["interviewer"], name=f"Rater {n}") for n in range(20)]
        for n in range(10):
            pair = people[2 * n : 2 * n + 2]
            builders.rated_candidate(
                opened.id,
                [(p, {"discovery": 2 + i, "closing": 3}, YES) for i, p in enumerate(pair)],
            )
    counts = []
    for ids in ([people[0].id], [p.id for p in people], None):
        with app.app_context(), count_queries() as queries:
            drift = interviewer_drift(ids)
        counts.append(len(queries.statements))
        assert all(drift[p].shared_candidates == 1 for p in ids or [])
    assert counts == [1, 1, 1]


def test_the_demo_s_lenient_interviewer_is_asked_to_recalibrate(demo_app) -> None:
    with demo_app.app_context():
        emails = dict(db.session.execute(select(User.id, User.email)).all())
        drift = {emails[user_id]: d for user_id, d in interviewer_drift().items()}
    sam = drift["sam.rivera@example.com"]
    assert sam.enough and sam.leniency is not None and sam.leniency >= 0.5
    assert sam.suggest_recalibration
    assert [e for e, d in drift.items() if d.suggest_recalibration] == ["sam.rivera@example.com"]
