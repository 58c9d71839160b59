"""Finalists' packets built in the background, and the PDF cache every app server shares."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Float, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.db import Model, UTCDateTime, utcnow, value_enum

if TYPE_CHECKING:
    from hiring.auth.models import User
    from hiring.positions.models import Position


class BuildStatus(enum.StrEnum):
    QUEUED = "queued"
    BUILDING = "building"
    READY = "ready"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return {
            "queued": "Waiting to start",
            "building": "Building",
            "ready": "Ready",
            "failed": "Failed",
        }[self.value]

    @property
    def unfinished(self) -> bool:
        return self in (BuildStatus.QUEUED, BuildStatus.BUILDING)


class PacketBuild(Model):
    """One finalists' packet asked for by one person: a worker renders it for them (exactly
    what they may see), reporting how many memos it has laid out, then keeps its PDF in the
    packet cache under ``fingerprint``."""

    __tablename__ = "packet_builds"
    __table_args__ = (
        # "Is this person's identical packet already on its way?" and their recent packets.
        Index("ix_packet_builds_requester_position", "requested_by_id", "position_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(
        ForeignKey("positions.id", ondelete="CASCADE"), index=True
    )
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: The application ids picked on the comparison page, ascending, comma-separated; empty
    #: means "the finalists by stage and decision" (``debriefs.comparison.finalists``).
    picks: Mapped[str] = mapped_column(Text, default="")
    #: The application ids whose memos the finished PDF holds, as ``picks`` (None until it is
    #: ready): each download checks the requester may still see every one of them.
    included: Mapped[str | None] = mapped_column(Text)
    status: Mapped[BuildStatus] = mapped_column(
        value_enum(BuildStatus, "packet_build_status", length=16), default=BuildStatus.QUEUED
    )
    #: Memos laid out so far, of ``total`` (known once the build has started).
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int | None] = mapped_column()
    #: Why it failed, in words for the person who asked.
    error: Mapped[str | None] = mapped_column(String(500))
    #: The packet cache key of the finished PDF, and the name it downloads under.
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    filename: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Last sign of life: each memo laid out moves it, so a build whose worker died is seen.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    position: Mapped[Position] = relationship()
    requested_by: Mapped[User] = relationship()

    @property
    def picked_ids(self) -> list[int]:
        return _ids(self.picks)

    @property
    def included_ids(self) -> list[int]:
        return _ids(self.included or "")


def _ids(stored: str) -> list[int]:
    return [int(part) for part in stored.split(",") if part]


class CachedPacket(Model):
    """A rendered PDF under its content fingerprint (``hiring.packets.store.DatabaseCache``)."""

    __tablename__ = "packet_cache"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int]
    #: Unix times: when it was stored, last read (to prune the least recently used first),
    #: and when it expires (None: never).
    created_at: Mapped[float] = mapped_column(Float)
    used_at: Mapped[float] = mapped_column(Float, index=True)
    expires_at: Mapped[float | None] = mapped_column(Float)
