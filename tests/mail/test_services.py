"""The outbox: messages commit with the change that caused them, then go out by SMTP or log."""

from __future__ import annotations

import smtplib

import pytest
from sqlalchemy import select

from hiring.db import db
from hiring.mail import services
from hiring.mail.models import MessageStatus, OutboxMessage
from tests.support.smtp import FakeSMTP


@pytest.fixture
def smtp(monkeypatch):
    FakeSMTP.sent, FakeSMTP.fail = [], False
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    return FakeSMTP


@pytest.fixture
def app_config():
    return {
        "MAIL_SMTP_HOST": "smtp.example.test",
        "MAIL_SMTP_USERNAME": "mailer",
        "MAIL_FROM": "Hiring <hr@example.test>",
    }


def test_queued_mail_is_sent_over_smtp_after_commit(app, smtp):
    with app.app_context():
        services.queue("noah@example.test", "Welcome", "Hello Noah")
        db.session.commit()
        assert services.deliver_pending() == 1
        message = db.session.scalar(select(OutboxMessage))
        assert message.status == MessageStatus.SENT and message.transport == "smtp"
    host, port, calls, email = smtp.sent[0]
    assert (host, port) == ("smtp.example.test", 587)
    assert calls == ["starttls", "login mailer"]
    assert email["To"] == "noah@example.test" and email["From"] == "Hiring <hr@example.test>"
    assert email.get_content().strip() == "Hello Noah"


def test_rolled_back_changes_send_nothing(app, smtp):
    with app.app_context():
        services.queue("noah@example.test", "Welcome", "Hello")
        db.session.rollback()
        assert services.deliver_pending() == 0
    assert smtp.sent == []


def test_failures_are_retried_then_marked_failed(app, smtp):
    smtp.fail = True
    with app.app_context():
        services.queue("noah@example.test", "Welcome", "Hello")
        db.session.commit()
        for _ in range(services.MAX_ATTEMPTS + 2):
            services.deliver_pending()
        message = db.session.scalar(select(OutboxMessage))
        assert message.status == MessageStatus.FAILED
        assert message.attempts == services.MAX_ATTEMPTS
        assert "connection lost" in message.last_error


def test_outbox_page_hides_one_time_links(app, client, login):
    login(roles=["admin"])
    with app.app_context():
        message = services.queue(
            "x@example.test", "Invite", "Go to http://h/set-password/SECRET.TOKEN now"
        )
        db.session.commit()
        message_id = message.id
    page = client.get(f"/admin/outbox/{message_id}").get_data(as_text=True)
    assert "SECRET.TOKEN" not in page and "/set-password/[link hidden]" in page
    assert "Invite" in client.get("/admin/outbox/?status=pending").get_data(as_text=True)
