"""Page numbers from the query string, shared by every paginated list.

One rule for every list: ``?page=`` is a whole number from 1 to the last page, and any other
value (``0``, ``-3``, ``abc``, a page past the end, or a number too large for the database's
OFFSET such as ``99999999999999999999``) answers 404, the page that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from flask import abort, current_app, request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select
from sqlalchemy.orm import lazyload

from hiring.converters import bounded_int
from hiring.db import db


def requested_page(arg: str = "page") -> int:
    """The ``?page=`` (or ``arg``, for a second list on one page) asked for (1 when absent);
    404 unless it is a positive number."""
    raw = request.args.get(arg)
    if raw is None:
        return 1
    try:
        number = bounded_int(raw)
    except ValueError:
        abort(404)
    if number < 1:
        abort(404)
    return number


def page_size() -> int:
    """Rows per page of every list: the ``PAGE_SIZE`` setting."""
    return int(current_app.config["PAGE_SIZE"])


def paginate(
    statement: Select[Any], *, per_page: int | None = None, arg: str = "page"
) -> Pagination:
    """One page of ``statement``'s rows, ``PAGE_SIZE`` of them unless a list says otherwise,
    the page number read from ``?page=`` (or ``arg``); a page past the last one is 404 (the
    first page, even when empty, is always there so an empty list can say so)."""
    return CountedPagination(
        page=requested_page(arg), per_page=per_page or page_size(), error_out=True, select=statement
    )


#: The extra column that carries the list's length on each row of a page.
TOTAL = "pagination_total"


def with_total(statement: Select[Any]) -> Select[Any]:
    """``statement`` with the whole list's length on every row, so a page and its total come
    back in one query instead of two.

    The length is an uncorrelated subquery, which SQLite and PostgreSQL run once per query:
    a bare count of the list's rows, without its ordering or eager loads, that an index can
    answer. (A ``COUNT(*) OVER ()`` window made the database build and sort every row of the
    list, joins and wide columns included, to return a page of them: the audit log's first
    page took 10 ms of SQLite time at 1,900 events, and more with every event.) Counting the
    rows of the statement itself also keeps the total right for DISTINCT lists.
    """
    inner = statement.options(lazyload("*")).order_by(None).subquery()
    total = select(func.count()).select_from(inner).scalar_subquery()
    return statement.add_columns(total.label(TOTAL))


class CountedPagination(Pagination):
    """Flask-SQLAlchemy's pagination, reading the page and the total in one statement."""

    def _query_items(self) -> list[Any]:
        statement = with_total(self._query_args["select"])
        rows = db.session.execute(statement.limit(self.per_page).offset(self._query_offset))
        items, self._total = [], None
        for row in rows.unique():
            items.append(row[0])
            self._total = row[-1]
        return items

    def _query_count(self) -> int:
        if self._total is not None:
            return int(self._total)
        if self.page == 1:  # nothing on the first page: the list is empty
            return 0
        inner = self._query_args["select"].options(lazyload("*")).order_by(None).subquery()
        return int(db.session.scalar(select(func.count()).select_from(inner)) or 0)


def check_page(page: int, pages: int) -> None:
    """For lists paged in Python: 404 when ``page`` is past the last of ``pages``."""
    if page > max(pages, 1):
        abort(404)


class RowsPagination(Pagination):
    """A page of a list that a query function reads itself: ``fetch(page, per_page)`` returns
    the page's rows and the list's length (for rows that are not one model, say an interview
    with the reader's own card)."""

    def _query_items(self) -> list[Any]:
        items, self._total = self._query_args["fetch"](self.page, self.per_page)
        return list(items)

    def _query_count(self) -> int:
        return int(self._total)


def paginate_rows(
    fetch: Callable[[int, int], tuple[Sequence[Any], int]], *, per_page: int | None = None
) -> Pagination:
    """``paginate`` for a query function (see ``RowsPagination``); past the last page is 404."""
    return RowsPagination(page=requested_page(), per_page=per_page or page_size(), fetch=fetch)
