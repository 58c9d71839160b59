"""Outgoing e-mail, written to an outbox in the same transaction as the change that causes it."""

from __future__ import annotations

import enum
import re
from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hiring.db import Model, UTCDateTime, utcnow, value_enum


class MessageStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(Model):
    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    to_address: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    body_text: Mapped[str] = mapped_column(Text)
    status: Mapped[MessageStatus] = mapped_column(
        value_enum(MessageStatus, "message_status", length=16),
        default=MessageStatus.PENDING,
        index=True,
    )
    #: "smtp" or "log" (development: the message is written to the application log).
    transport: Mapped[str | None] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(500))

    @property
    def body_redacted(self) -> str:
        """The body with one-time links (sign-in, self-identification) hidden, so reading the
        outbox grants nothing: not an account, and not a candidate's voluntary answers."""
        return _SECRET_LINK.sub(r"\1[link hidden]", self.body_text)


_SECRET_LINK = re.compile(r"(/(?:set-password|self-id)/)\S+")
