"""SMTP servers for the mail tests: a fake ``smtplib.SMTP`` that records what it was given,
and a real socket server that accepts connections and never answers (a stalled relay)."""

from __future__ import annotations

import smtplib
import socket
import threading
from email.message import EmailMessage
from typing import Any


class FakeSMTP:
    """Stands in for ``smtplib.SMTP`` (monkeypatched); ``fail`` makes every send fail."""

    sent: list[tuple[str, int, list[str], EmailMessage]] = []
    fail = False

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.host, self.port = host, port
        self.calls: list[str] = []

    def __enter__(self) -> FakeSMTP:
        return self

    def __exit__(self, *exc: Any) -> bool:
        return False

    def starttls(self) -> None:
        self.calls.append("starttls")

    def login(self, user: str, password: str) -> None:
        self.calls.append(f"login {user}")

    def send_message(self, message: EmailMessage) -> None:
        if FakeSMTP.fail:
            raise smtplib.SMTPServerDisconnected("connection lost")
        FakeSMTP.sent.append((self.host, self.port, self.calls[:], message))


class StalledRelay:
    """An SMTP server on a free local port that accepts connections and never says a word."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.socket.getsockname()[1]
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:  # closed at the end of the test
                return
            self.connections.append(connection)

    def close(self) -> None:
        for connection in self.connections:
            connection.close()
        self.socket.close()
