"""Rate-limit counters kept in the application's own database.

Flask-Limiter's default in-memory storage counts per process, so N app servers would allow
N times the attempts. This storage backend for the ``limits`` library keeps fixed-window
counters in a table instead, shared by every process on every machine, with no extra
service to run. Select it with ``RATELIMIT_STORAGE_URI = "hiring-db://"`` (the default);
Redis (``redis://...``) works too where one is available.
"""

from __future__ import annotations

import time
from typing import Any

from flask import Flask
from limits.storage import Storage
from sqlalchemy import Float, String, delete, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from hiring.db import Model, db


class RateLimitCounter(Model):
    """One fixed window of one rate limit (e.g. sign-in attempts for one address)."""

    __tablename__ = "rate_limit_counters"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int]
    #: Unix time at which the window closes and the count starts again from zero.
    expires_at: Mapped[float] = mapped_column(Float, index=True)


class DatabaseStorage(Storage):
    """A ``limits`` storage on the app's SQLAlchemy engine; each call is its own transaction."""

    STORAGE_SCHEME = ["hiring-db"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **_: Any) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions)

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        counter = RateLimitCounter
        key = key[:255]
        for _attempt in range(3):
            now = time.time()
            try:
                with db.engine.begin() as connection:
                    row = connection.execute(
                        select(counter.count.label("hits"), counter.expires_at).where(
                            counter.key == key
                        )
                    ).first()
                    if row is not None:
                        expired = row.expires_at <= now
                        connection.execute(
                            update(counter)
                            .where(counter.key == key)
                            .values(
                                count=amount if expired else counter.count + amount,
                                expires_at=now + expiry if expired else counter.expires_at,
                            )
                        )
                        return amount if expired else int(row.hits) + amount
                    # Starting a window is rare, so it is the moment to sweep stale windows.
                    connection.execute(delete(counter).where(counter.expires_at < now))
                    connection.execute(
                        insert(counter).values(key=key, count=amount, expires_at=now + expiry)
                    )
                    return amount
            except IntegrityError:
                continue  # another process started this window first; count on top of it
        raise RuntimeError(f"could not record a hit for rate limit {key!r}")

    def get(self, key: str) -> int:
        row = self._row(key)
        return int(row.hits) if row is not None and row.expires_at > time.time() else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return float(row.expires_at) if row is not None else time.time()

    def check(self) -> bool:
        try:
            with db.engine.connect() as connection:
                connection.execute(select(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with db.engine.begin() as connection:
            return connection.execute(delete(RateLimitCounter)).rowcount

    def clear(self, key: str) -> None:
        with db.engine.begin() as connection:
            connection.execute(delete(RateLimitCounter).where(RateLimitCounter.key == key))

    def _row(self, key: str) -> Any:
        with db.engine.connect() as connection:
            return connection.execute(
                select(RateLimitCounter.count.label("hits"), RateLimitCounter.expires_at).where(
                    RateLimitCounter.key == key[:255]
                )
            ).first()


def check_only_where_declared(app: Flask) -> None:
    """Check rate limits only in the views that declare some (call once the views exist).

    Flask-Limiter checks every request before its view for limits that apply to the whole
    app or a blueprint, and again inside each limited view for the view's own. This app
    declares limits on views only (sign-in, set-password, self-identification), so the
    app-wide check found nothing on every page while costing about 1% of each request's
    time. It stays when app-wide, blueprint or in-memory fallback limits (which apply to
    every page while the limits' storage is down) are configured.
    """
    from hiring.extensions import limiter

    manager = limiter.limit_manager
    app_wide = manager.default_limits or manager.application_limits
    # Flask-Limiter has no public view of these limits or of its before-request check.
    if app_wide or manager._blueprint_limits or limiter._in_memory_fallback:
        return
    checks = app.before_request_funcs.get(None, [])
    app.before_request_funcs[None] = [
        check for check in checks if check != limiter._check_request_limit
    ]
