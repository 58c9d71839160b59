"""The comparison sorted, filtered and paged in SQL over stored formula results (#14).

The reference is the comparison as it was before: every row built in Python, then filtered
and sorted by ``_python_order`` (the former ``comparison.filtered``, kept here verbatim as
the oracle). The SQL order must equal it for every sort key, direction and filter, for a
reader who sees everything and for one who still owes cards.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from hiring.applications.models import Application, ApplicationStatus
from hiring.db import db
from hiring.debriefs import comparison, export, ranking
from hiring.debriefs.comparison import CompareRow
from hiring.debriefs.models import ComparisonMean, ComparisonScore
from hiring.interviews.models import Interview, InterviewStatus
from hiring.positions.models import Position
from hiring.scorecards.models import Recommendation
from hiring.scorecards.permissions import owes_scorecard
from tests import builders
from tests.builders import amend_scorecard, log_in, submit_scorecard

YES, NO = Recommendation.YES, Recommendation.NO

# The comparison's sorting before #14, verbatim: the oracle. -------------------------------

SORTS: dict[str, Callable[[CompareRow], Any]] = {
    "name": lambda r: r.application.candidate.name.lower(),
    "score": lambda r: (r.formula.score is None, -(r.formula.score or 0)),
    "stage": lambda r: (
        -(r.application.stage_index if r.application.stage_index is not None else -1)
    ),
    "scorecards": lambda r: -r.scorecards,
    "flags": lambda r: -r.flags,
    "status": lambda r: r.application.status.value,
}


def _python_order(rows: list[CompareRow], args: dict[str, str]) -> list[CompareRow]:
    stage, status = args.get("stage", ""), args.get("status", "")
    if stage == "new":
        rows = [r for r in rows if r.application.stage_index is None]
    elif stage.isdecimal() and stage.isascii() and len(stage) < 4:
        rows = [r for r in rows if r.application.stage_index == int(stage)]
    if status in {s.value for s in ApplicationStatus}:
        rows = [r for r in rows if r.application.status.value == status]
    elif status != "all":
        rows = [
            r
            for r in rows
            if r.application.status.is_open or r.application.status == ApplicationStatus.HIRED
        ]
    sort, direction = args.get("sort") or "score", args.get("dir", "")
    key: Callable[[CompareRow], Any]
    if sort.startswith("c:"):
        competency = sort[2:]
        key = lambda r: (r.mean(competency) is None, -(r.mean(competency) or 0))  # noqa: E731
    else:
        key = SORTS.get(sort, SORTS["score"])
    return sorted(rows, key=key, reverse=direction == ("desc" if sort == "name" else "asc"))


# A position with ties, gaps, every status, withheld rows and a cancelled interview. -----

#: name, stage index, status, cards ((interviewer index, ratings, recommendation), ...)
PEOPLE: list[tuple[str, int | None, ApplicationStatus, list[tuple[int, dict[str, Any], Any]]]] = [
    ("Marcus Bell", 1, ApplicationStatus.ACTIVE, [(0, {"discovery": 4, "closing": 3}, YES)]),
    ("anna lee", 1, ApplicationStatus.ACTIVE, [(1, {"discovery": 3, "closing": 3}, YES)]),
    ("Anna Lee", 0, ApplicationStatus.ACTIVE, [(1, {"discovery": 3, "closing": 3}, YES)]),
    (
        "Dana Flagged",
        2,
        ApplicationStatus.ON_HOLD,
        [(0, {"discovery": 1, "objections": 4}, NO), (1, {"discovery": 4, "objections": 1}, YES)],
    ),
    ("Zoë Müller", None, ApplicationStatus.ACTIVE, []),
    ("Eli Rejected", 1, ApplicationStatus.REJECTED, [(2, {"closing": 2, "resilience": None}, NO)]),
    ("Fay Hired", 2, ApplicationStatus.HIRED, [(2, {"discovery": 4, "closing": 4}, YES)]),
    ("Gus Withdrawn", None, ApplicationStatus.WITHDRAWN, []),
    ("Hal Stray", 5, ApplicationStatus.ACTIVE, [(0, {"coachability": 2}, NO)]),
    ("Ida Owed", 1, ApplicationStatus.ACTIVE, [(1, {"discovery": 2, "closing": 4}, YES)]),
    ("Jo Cancelled", 1, ApplicationStatus.ACTIVE, [(0, {"discovery": 1}, NO)]),
    ("Kit Nobody", 0, ApplicationStatus.ACTIVE, []),
]


def _world(app):
    """The position above; Morgan (its manager) is on Ida's panel and owes that card, and
    Jo's only interview was cancelled after its card was in."""
    with app.app_context():
        manager = builders.user(roles=["hiring_manager"], name="Morgan Patel")
        recruiter = builders.user(roles=["recruiter"], name="Rita Recruiter")
        panel = [builders.user(name=f"Rater {n}") for n in range(3)]
        position = builders.position(manager=manager, recruiter=recruiter)
        refs = {}
        for name, stage, status, cards in PEOPLE:
            ref = builders.application(position.id, name=name)
            refs[name] = ref
            people = sorted({panel[i] for i, *_ in cards}, key=lambda u: u.id)
            if name == "Ida Owed":
                people.append(manager)
            if people:
                booked = builders.interview(ref, people, stage=1)
                for i, ratings, recommendation in cards:
                    builders.scored_card(booked, panel[i], ratings, recommendation)
            row = db.session.get(Application, ref.id)
            row.stage_index, row.status = stage, status
            if name == "Jo Cancelled":
                for interview in db.session.scalars(
                    select(Interview).where(Interview.application_id == ref.id)
                ):
                    interview.status = InterviewStatus.CANCELLED
            db.session.commit()
    return manager, recruiter, panel, position, refs


SORT_KEYS = [
    "",
    "score",
    "name",
    "stage",
    "scorecards",
    "flags",
    "status",
    "c:discovery",
    "c:closing",
    "c:objections",
    "c:resilience",
    "c:unknown",
    "bogus",
]
FILTER_SETS = [
    {},
    {"status": "all"},
    {"status": "rejected"},
    {"stage": "1"},
    {"stage": "new", "status": "all"},
    {"stage": "٣"},
]


def _sql_ids(position_id: int, args: dict[str, str], viewer_id: int) -> list[int]:
    position = db.session.get(Position, position_id)
    ranking.refresh(position)
    owed = owes_scorecard(viewer_id, position.id)
    return list(db.session.scalars(ranking.ordered(position, ranking.Order.read(args), owed)))


def test_sql_order_equals_the_python_order_for_every_sort_direction_and_filter(app, loaded_library):
    manager, recruiter, _panel, position, refs = _world(app)
    with app.app_context():
        opened = db.session.get(Position, position.id)
        for viewer in (manager, recruiter):
            rows = comparison.comparison(opened, viewer_id=viewer.id)
            if viewer is manager:
                assert [r.application.candidate.name for r in rows if r.hidden] == ["Ida Owed"]
            for sort in SORT_KEYS:
                for direction in ("", "asc", "desc"):
                    for filters in FILTER_SETS:
                        args = {**filters, "sort": sort, "dir": direction}
                        expected = [r.application.id for r in _python_order(rows, args)]
                        assert _sql_ids(position.id, args, viewer.id) == expected, args
        # The ties were real: same lower-case name, same score.
        scores = {
            r.application.candidate.name: r.formula.score for r in comparison.comparison(opened)
        }
        assert scores["anna lee"] == scores["Anna Lee"]
        assert scores["Jo Cancelled"] is None  # its only card's interview was cancelled
    assert refs


def test_the_page_and_csv_show_what_the_python_order_showed(app, client, login, loaded_library):
    manager, recruiter, _panel, position, _refs = _world(app)
    for viewer in (manager, recruiter):
        login(viewer)
        for sort in ("score", "name", "c:closing", "flags"):
            for direction in ("", "asc"):
                for filters in ({}, {"status": "all"}):
                    args = {**filters, "sort": sort, "dir": direction}
                    query = "&".join(f"{k}={v}" for k, v in args.items())
                    body = client.get(f"/positions/{position.id}/compare.csv?{query}").data
                    with app.test_request_context():
                        opened = db.session.get(Position, position.id)
                        rows = comparison.comparison(opened, viewer_id=viewer.id)
                        expected = export.comparison_csv(
                            opened, _python_order(rows, args), zone="America/Chicago"
                        )
                    assert body == expected, args
                    page = client.get(f"/positions/{position.id}/compare?{query}")
                    text = page.get_data(as_text=True)
                    names = [r.application.candidate.name for r in _python_order(rows, args)]
                    shown = [n for n in names if f"<strong>{n}</strong>" in text]
                    assert shown == names
                    positions = [text.index(f"<strong>{n}</strong>") for n in names]
                    assert positions == sorted(positions), args
        client.post("/logout")


@pytest.mark.parametrize("app_config", [{"PAGE_SIZE": 3}])
def test_pages_follow_the_sql_order(app, client, login, loaded_library):
    manager, _recruiter, _panel, position, _refs = _world(app)
    login(manager)
    with app.app_context():
        opened = db.session.get(Position, position.id)
        names = [
            r.application.candidate.name
            for r in _python_order(comparison.comparison(opened, viewer_id=manager.id), {})
        ]
    url = f"/positions/{position.id}/compare"
    pages = (len(names) + 2) // 3
    seen = []
    for number in range(1, pages + 1):
        text = client.get(f"{url}?page={number}").get_data(as_text=True)
        assert f"Page {number} of {pages}" in text
        # The table's rows only (the chart below it shows the first 30 of the order).
        table = text.split('id="chart-heading"')[0]
        seen += sorted(
            (n for n in names if f"<strong>{n}</strong>" in table),
            key=lambda n: table.index(f"<strong>{n}</strong>"),
        )
    assert seen == names
    assert client.get(f"{url}?page={pages + 1}").status_code == 404


def _stored(app, application_id):
    with app.app_context():
        row = db.session.get(ComparisonScore, application_id)
        means = dict(
            db.session.execute(
                select(ComparisonMean.competency_key, ComparisonMean.mean).where(
                    ComparisonMean.application_id == application_id
                )
            ).all()
        )
        assert row is not None
        return row.changes == row.computed, row.score, row.scorecards, row.flags, means


def _refresh(app, position_id):
    with app.app_context():
        count = ranking.refresh(db.session.get(Position, position_id))
        db.session.commit()
        return count


def test_stored_results_follow_submit_amend_cancel_and_ignore_drafts(
    app, client, login, make_application, schedule, panel
):
    _manager, jamie, sam, position, marcus, booked = panel
    other = make_application(position=position, name="Other One")
    assert _refresh(app, position.id) == 2  # nothing stored yet: both are behind
    assert _refresh(app, position.id) == 0
    fresh, _score_then, cards, flags, means = _stored(app, marcus.id)
    assert fresh and cards == 2 and flags == 2  # discovery 4 vs 2, and yes vs no
    assert means["discovery"] == 3.0 and set(means) == {
        "discovery",
        "closing",
        "objections",
        "resilience",
        "coachability",
    }
    # A draft, saved or autosaved, changes nothing stored.
    interview = schedule([jamie], application=other, stage=1, starts_in=timedelta(days=-1))
    log_in(client, jamie)
    submit_scorecard(app, client, interview.id, {"discovery": 2}, "no", submit=False)
    assert _stored(app, other.id)[0] and _refresh(app, position.id) == 0
    # Submitting marks that application (only) behind; the refresh stores the new numbers.
    submit_scorecard(app, client, interview.id, {"discovery": 2}, "no")
    assert not _stored(app, other.id)[0] and _stored(app, marcus.id)[0]
    assert _refresh(app, position.id) == 1
    assert _stored(app, other.id)[:3] == (True, _score(app, other.id), 1)
    client.post("/logout")
    # An amendment does too.
    log_in(client, sam)
    amend_scorecard(app, client, booked.id, sam, {"discovery": 4}, "yes", "Misread my notes")
    assert not _stored(app, marcus.id)[0]
    assert _refresh(app, position.id) == 1
    fresh, _score_now, cards, flags, means = _stored(app, marcus.id)
    assert means["discovery"] == 4.0 and flags == 0 and cards == 2
    client.post("/logout")
    # An interview whose status changes (data put right by hand: the service refuses to
    # cancel one with a submitted card) stops counting, through the same flush listener.
    with app.app_context():
        db.session.get(Interview, interview.id).status = InterviewStatus.CANCELLED
        db.session.commit()
    assert not _stored(app, other.id)[0]
    assert _refresh(app, position.id) == 1
    assert _stored(app, other.id)[1:3] == (None, 0)


def _score(app, application_id):
    with app.app_context():
        opened = db.session.get(Application, application_id).position
        return comparison.rows_for(opened, None, [application_id])[application_id].formula.score


def test_a_decision_shows_at_once_without_recomputing(app, client, login, panel):
    manager, *_rest, position, marcus, _interview = panel
    login(manager)
    client.get(f"/positions/{position.id}/compare")
    builders.decide(
        client,
        marcus.id,
        outcome="reject",
        rationale="Closing evidence too thin.",
        override_reason="",
        decide_now_reason="Deciding on what we have.",
    )
    with app.app_context():
        assert ranking.refresh(db.session.get(Position, position.id)) == 0
    default = client.get(f"/positions/{position.id}/compare").get_data(as_text=True)
    assert "Marcus Bell" not in default  # rejected: out of the default status filter
    page = client.get(f"/positions/{position.id}/compare?status=all").get_data(as_text=True)
    assert "Marcus Bell" in page and "Reject</span>" in page


@pytest.mark.parametrize("app_config", [{"PAGE_SIZE": 2}])
def test_query_counts_are_constant_and_only_shown_rows_are_built(
    app, client, login, count_queries, monkeypatch, loaded_library
):
    _manager, recruiter, panel, position, _refs = _world(app)
    login(recruiter)
    urls = [
        f"/positions/{position.id}/compare",
        f"/positions/{position.id}/compare?sort=c:closing&status=all&page=2",
        f"/positions/{position.id}/compare.csv?sort=name",
    ]

    def counts():
        found = []
        for url in urls:
            client.get(url)  # stores what is behind
            with count_queries() as counted:
                assert client.get(url).status_code == 200
            found.append(counted.count)
        return found

    few = counts()
    with app.app_context():
        for n in range(40):
            ref = builders.application(position.id, name=f"More {n:02d}")
            if n % 4 == 0:
                booked = builders.interview(ref, [panel[n % 3]], stage=1)
                builders.scored_card(booked, panel[n % 3], {"closing": 1 + n % 4}, YES)
    assert counts() == few
    built = []
    original = comparison.combine_aggregates
    monkeypatch.setattr(
        comparison,
        "combine_aggregates",
        lambda *a, **k: built.append(1) or original(*a, **k),
    )
    client.get(urls[0])
    assert len(built) <= 2 + 30  # the page's rows and the chart's, never all 52
