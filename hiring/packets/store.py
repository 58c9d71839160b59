"""The packet cache in the app's own database: every app server and worker shares it.

A Flask-Caching backend (``CACHE_TYPE = "hiring.packets.store.DatabaseCache"``, the default)
keeping each rendered PDF in the ``packet_cache`` table under its content fingerprint. A
folder per machine (the old default) made every app server render the same packet again,
and a packet built by a worker on another machine would never reach the web servers.

Every call is its own short transaction on a connection of its own, never the request's or
the job's session: a PDF is stored after it is rendered, in a transaction that lasts as long
as one INSERT, so nobody's write lock is held while WeasyPrint works (on SQLite every other
writer would wait for it), and the stored PDF survives whatever the caller rolls back.

It keeps at most ``CACHE_THRESHOLD`` packets and ``CACHE_MAX_BYTES`` bytes: storing one
beyond either removes the least recently read. Redis (``RedisCache``) or any other
Flask-Caching backend can replace it through the same settings.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from typing import Any

from flask import Flask
from flask_caching.backends.base import BaseCache
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from hiring.db import db
from hiring.packets.models import CachedPacket

logger = logging.getLogger(__name__)

#: A read moves ``used_at`` only when it is older than this, so downloads rarely write.
TOUCH_AFTER_SECONDS = 3600


class DatabaseCache(BaseCache):
    """Rendered packets (bytes) by key, in the app's database; LRU-pruned on write."""

    def __init__(
        self,
        default_timeout: int = 0,
        threshold: int = 2000,
        max_bytes: int | None = None,
        ignore_delete_many_errors: bool = False,
    ) -> None:
        super().__init__(default_timeout, ignore_delete_many_errors)
        self.threshold = threshold
        self.max_bytes = max_bytes

    @classmethod
    def factory(
        cls, app: Flask, config: dict[str, Any], args: list[Any], kwargs: dict[str, Any]
    ) -> DatabaseCache:
        kwargs.update(threshold=config["CACHE_THRESHOLD"], max_bytes=config.get("CACHE_MAX_BYTES"))
        return cls(*args, **kwargs)

    def get(self, key: str) -> Any:
        now = time.time()
        try:
            with db.engine.connect() as connection:
                row = connection.execute(
                    select(CachedPacket.data, CachedPacket.used_at).where(
                        CachedPacket.key == key,
                        (CachedPacket.expires_at.is_(None)) | (CachedPacket.expires_at > now),
                    )
                ).first()
        except SQLAlchemyError:
            logger.exception("packet cache unreadable")
            return None
        if row is None:
            return None
        if row.used_at < now - TOUCH_AFTER_SECONDS:
            self._write(update(CachedPacket).where(CachedPacket.key == key).values(used_at=now))
        return bytes(row.data)

    def has(self, key: str) -> bool:
        with db.engine.connect() as connection:
            return (
                connection.execute(
                    select(CachedPacket.key).where(
                        CachedPacket.key == key,
                        (CachedPacket.expires_at.is_(None))
                        | (CachedPacket.expires_at > time.time()),
                    )
                ).first()
                is not None
            )

    def set(self, key: str, value: Any, timeout: int | timedelta | None = None) -> bool:
        if not isinstance(value, bytes):
            raise TypeError("the packet cache keeps PDF bytes only")
        now = time.time()
        expiry = self._normalize_timeout(timeout)
        row = {
            "data": value,
            "size": len(value),
            "created_at": now,
            "used_at": now,
            "expires_at": now + expiry if expiry else None,
        }
        try:
            with db.engine.begin() as connection:
                connection.execute(delete(CachedPacket).where(CachedPacket.key == key))
                connection.execute(insert(CachedPacket).values(key=key, **row))
        except IntegrityError:
            return True  # another process stored the same key (the same bytes) just now
        except SQLAlchemyError:
            logger.exception("could not store packet %s", key)
            return False
        self._prune(now)
        return True

    def add(self, key: str, value: Any, timeout: int | timedelta | None = None) -> bool:
        return False if self.has(key) else self.set(key, value, timeout)

    def delete(self, key: str) -> bool:
        return self._write(delete(CachedPacket).where(CachedPacket.key == key))

    def clear(self) -> bool:
        return self._write(delete(CachedPacket))

    def _prune(self, now: float) -> None:
        """Drop expired packets, then the least recently read beyond the count or the size."""
        self._write(delete(CachedPacket).where(CachedPacket.expires_at <= now))
        with db.engine.connect() as connection:
            count, size = connection.execute(
                select(func.count(), func.coalesce(func.sum(CachedPacket.size), 0))
            ).one()
            if count <= self.threshold and (self.max_bytes is None or size <= self.max_bytes):
                return
            rows = connection.execute(
                select(CachedPacket.key, CachedPacket.size).order_by(CachedPacket.used_at.desc())
            ).all()
        kept = kept_bytes = 0
        doomed = []
        for key, row_size in rows:
            if kept < self.threshold and (
                self.max_bytes is None or kept_bytes + row_size <= self.max_bytes or kept == 0
            ):
                kept, kept_bytes = kept + 1, kept_bytes + row_size
            else:
                doomed.append(key)
        for start in range(0, len(doomed), 500):
            self._write(
                delete(CachedPacket).where(CachedPacket.key.in_(doomed[start : start + 500]))
            )

    def _write(self, statement: Any) -> bool:
        try:
            with db.engine.begin() as connection:
                connection.execute(statement)
        except SQLAlchemyError:
            logger.exception("packet cache write failed")
            return False
        return True
