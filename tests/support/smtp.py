"""SMTP servers for the mail tests: a fake ``smtplib.SMTP`` that records what it was given,
a real socket server that accepts connections and never answers (a stalled relay), and one
that keeps answering a line at a time so no socket timeout ever fires (a trickling relay)."""

from __future__ import annotations

import smtplib
import socket
import threading
import time
from email.message import EmailMessage
from typing import Any


class FakeSMTP:
    """Stands in for ``smtplib.SMTP`` (monkeypatched); ``fail`` makes every send fail."""

    sent: list[tuple[str, int, list[str], EmailMessage]] = []
    fail = False

    sock = None  # what the deadline's watchdog would shut down

    def __init__(self, host: str = "", port: int = 0, timeout: float = 0) -> None:
        self.host, self.port = host, port
        self.calls: list[str] = []

    def connect(self, host: str, port: int) -> None:
        self.host, self.port = host, port

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


class TricklingRelay(StalledRelay):
    """An SMTP server whose greeting never ends: a continuation line every ``every`` seconds
    (each resets the client's socket timeout), for ``lasts`` seconds, then it hangs up."""

    def __init__(self, every: float = 0.05, lasts: float = 10) -> None:
        self.every, self.lasts = every, lasts
        super().__init__()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections.append(connection)
            threading.Thread(target=self._trickle, args=(connection,), daemon=True).start()

    def _trickle(self, connection: socket.socket) -> None:
        ends = time.monotonic() + self.lasts
        try:
            while time.monotonic() < ends:
                connection.sendall(b"220-still saying hello\r\n")
                time.sleep(self.every)
            connection.close()
        except OSError:  # the client cut the session off
            return
