"""The comparison's stored numbers are written in a short transaction of their own (#14
review): never inside the page's request, which on SQLite would hold the write lock while
the page is computed and rendered and make other writers fail with "database is locked"."""

from __future__ import annotations

from sqlalchemy import select

from hiring.db import db
from hiring.debriefs import ranking
from hiring.debriefs.models import ComparisonScore


def _committed(app) -> list[tuple[int, int]]:
    """``(changes, computed)`` of every stored row, as another connection sees them."""
    with app.app_context(), db.engine.connect() as other:
        return [
            (row.changes, row.computed)
            for row in other.execute(select(ComparisonScore.changes, ComparisonScore.computed))
        ]


def test_refreshed_numbers_are_committed_before_the_page_is_built(
    app, client, login, panel, monkeypatch
):
    manager, *_rest, position, _marcus, _interview = panel
    login(manager)
    seen: list[list[tuple[int, int]]] = []
    original = ranking.ordered

    def ordered(*args, **kwargs):
        # Right after the refresh: what it stored is already visible to everyone else, and
        # the request's own session has written nothing (so it holds no write lock).
        seen.append(_committed(app))
        assert not (db.session.new or db.session.dirty or db.session.deleted)
        if db.engine.dialect.name == "sqlite":
            assert not db.session.connection().connection.dbapi_connection.in_transaction
        return original(*args, **kwargs)

    monkeypatch.setattr(ranking, "ordered", ordered)
    assert client.get(f"/positions/{position.id}/compare").status_code == 200
    assert seen and seen[0] and all(changes == computed for changes, computed in seen[0])
    assert "Marcus Bell" in client.get(f"/positions/{position.id}/compare").get_data(as_text=True)
