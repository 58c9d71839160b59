"""One transaction per request, and the one path a domain error takes to the person.

``install`` wraps every view function once the blueprints are registered:

* the view returns normally → the session is committed once, then what the request asked to
  happen after the commit runs (``after_commit``: mail is handed to delivery only then, so
  nobody is told of a change that was rolled back);
* the view raises anything → the session is rolled back and the exception goes on to the
  error handlers (``hiring.errors``), which turn a ``DomainError`` into a message.

Services flush and never commit. A view that wants a refusal shown on its form, rather than
as a message on the page it came from, runs the service through ``attempt``.

SQLAlchemy's own signs of a race (a stale ``version_id_col``; a unique constraint that another
transaction filled first) become ``Conflict`` in ``conflicts_as_domain_errors``, so no view
imports SQLAlchemy exceptions.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, Generic, TypeVar, cast

from flask import Flask, flash, g, has_app_context, has_request_context, session
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from hiring.db import db
from hiring.domain import Conflict, DomainError

logger = logging.getLogger(__name__)

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

#: What a person is told when the database, not a service, noticed that someone else won.
CHANGED_MEANWHILE = (
    "Someone else changed this at the same moment, so your change was not applied. "
    "Review the latest version and try again."
)
_AFTER_COMMIT = "_hiring_after_commit"
#: Set on ``g`` while a job of the queue runs (``hiring.jobs``): its commit is the one to wait for.
IN_JOB = "hiring_in_job"
#: Set on the session once the request has flushed a change (see ``attempt``).
_FLUSHED = "hiring_flushed"


def is_unique_violation(error: IntegrityError) -> bool:
    """True when ``error`` is a unique-constraint violation (on SQLite or PostgreSQL)."""
    sqlstate = getattr(error.orig, "sqlstate", None)
    if sqlstate is not None:
        return bool(sqlstate == "23505")
    return "UNIQUE constraint failed" in str(error.orig)


@contextmanager
def conflicts_as_domain_errors(message: str = CHANGED_MEANWHILE) -> Iterator[None]:
    """Turn a stale version or a unique-constraint race inside the block into ``Conflict``."""
    try:
        yield
    except StaleDataError as exc:
        raise Conflict(message) from exc
    except IntegrityError as exc:
        if not is_unique_violation(exc):
            raise
        raise Conflict(message) from exc


def flush_or_conflict(message: str, *, field: str | None = None) -> None:
    """Flush now; if another transaction took the same unique slot first, raise ``Conflict``.

    Services call this where they know what the race means, to give a precise message.
    """
    try:
        db.session.flush()
    except IntegrityError as exc:
        if not is_unique_violation(exc):
            raise
        raise Conflict(message, field=field) from exc


def after_commit(callback: Callable[[], object]) -> bool:
    """Run ``callback`` once this request's or job's transaction has committed (never if it
    rolls back); True when it was deferred.

    Outside a request or a job (the CLI, tests calling services) there is no commit to wait
    for, so nothing is deferred; the caller commits and acts itself.
    """
    if not (has_request_context() or (has_app_context() and g.get(IN_JOB))):
        return False
    pending: list[Callable[[], object]] = g.setdefault(_AFTER_COMMIT, [])
    if callback not in pending:
        pending.append(callback)
    return True


def discard_after_commit() -> None:
    """Forget what a transaction that was just rolled back asked to run after its commit."""
    g.pop(_AFTER_COMMIT, None)


def run_after_commit() -> None:
    """Run what the committed transaction deferred (the request pipeline and jobs call it)."""
    pending: list[Callable[[], object]] = g.pop(_AFTER_COMMIT, [])
    for callback in pending:
        try:
            callback()
        except Exception:  # the change is committed; a failed follow-up must not undo the page
            logger.exception("after-commit step %r failed", callback)
            db.session.rollback()


def in_transaction(view: F) -> F:
    """Commit once when ``view`` returns; roll back when it raises."""

    @wraps(view)
    def run(*args: Any, **kwargs: Any) -> Any:
        flashed = len(session.get("_flashes", ()))
        db.session.info.pop(_FLUSHED, None)
        try:
            response = view(*args, **kwargs)
            with conflicts_as_domain_errors():
                _commit_drawn_page()
        except BaseException:
            db.session.rollback()
            g.pop(_AFTER_COMMIT, None)
            _forget_flashes_after(flashed)
            raise
        run_after_commit()
        return response

    return cast(F, run)


def _commit_drawn_page() -> None:
    """Commit the request's work without expiring what it loaded.

    The view has drawn its page or chosen its redirect, so nothing reads these objects again
    expecting them fresh; expiring each one (SQLAlchemy's default on commit) cost about 1.5%
    of a request on the load mix. Any other session (a test's, a job's) keeps the default.
    """
    current = db.session()
    keep_default = current.expire_on_commit
    current.expire_on_commit = False
    try:
        current.commit()
    finally:
        current.expire_on_commit = keep_default


def _forget_flashes_after(count: int) -> None:
    """Drop what the failed view flashed ("Saved.") so only the reason it failed is shown."""
    queued = session.get("_flashes")
    if queued and len(queued) > count:
        session["_flashes"] = queued[:count]


def _note_flush(flushed: Session, _context: object) -> None:
    flushed.info[_FLUSHED] = True


def install(app: Flask) -> None:
    """Wrap every registered view in the request transaction (call after the blueprints)."""
    if not event.contains(Session, "after_flush", _note_flush):
        event.listen(Session, "after_flush", _note_flush)
    for endpoint, view in list(app.view_functions.items()):
        if endpoint == "static" or endpoint.endswith(".static"):
            continue
        app.view_functions[endpoint] = in_transaction(view)


class Outcome(Generic[T]):
    """What ``attempt`` got back: the service's result, or the domain error that refused it."""

    def __init__(self, value: T | None = None, error: DomainError | None = None) -> None:
        self._value = value
        self.error = error

    def __bool__(self) -> bool:
        return self.error is None

    @property
    def value(self) -> T:
        assert self.error is None, "a refused attempt has no value"
        return cast(T, self._value)


def attempt(call: Callable[[], T], form: Any = None) -> Outcome[T]:
    """Run one service call; if it is refused, undo it and show why.

    The work is flushed inside, so a race the database notices is refused here too. A
    refusal rolls the transaction back and puts the message on ``form`` (on the field the
    error names, else above the form); without a form it is flashed. The caller then shows
    its page again (keeping what was typed) or redirects.
    """
    # A refusal rolls back the whole transaction, so anything this request wrote before the
    # call would silently vanish with it: an attempt must be the request's first write.
    pending = db.session.new or db.session.dirty or db.session.deleted
    assert not pending, "attempt() after this request changed something"
    assert not db.session.info.get(_FLUSHED), "attempt() after this request already wrote"
    try:
        with conflicts_as_domain_errors():
            value = call()
            db.session.flush()
    except DomainError as exc:
        db.session.rollback()
        show_error(exc, form)
        return Outcome(error=exc)
    return Outcome(value)


def show_error(error: DomainError, form: Any = None) -> None:
    """Put ``error`` beside the field it names on ``form``, above ``form``, or in a flash."""
    if form is not None:
        field = getattr(form, error.field, None) if error.field else None
        if field is not None and hasattr(field, "errors"):
            field.errors = [*field.errors, error.message]
            return
        form.form_errors.append(error.message)
        return
    flash(error.message, "warning" if isinstance(error, Conflict) else "error")
