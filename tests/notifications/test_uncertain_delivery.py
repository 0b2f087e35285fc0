"""At most once when the line breaks at the worst moment: a mail whose DATA went out but whose
answer never came may have been delivered, so it is not sent again (it is left 'uncertain' for
the operator); a mail the server accepted is sent even if the goodbye (QUIT) then fails.
A real SMTP conversation over a socket, with a server that misbehaves on purpose."""

from __future__ import annotations

import socket
import threading

import pytest

from academy.notifications.models import MailState
from tests.notifications.conftest import relay, rows, signup


class BrokenSmtp:
    """A minimal SMTP server: `after_data` is 'drop' (close without answering the message)
    or 'accept' (250, then a 500 to QUIT)."""

    def __init__(self, after_data: str) -> None:
        self.after_data = after_data
        self.messages: list[bytes] = []
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            with conn:
                self._talk(conn.makefile("rwb"))

    def _talk(self, f) -> None:  # type: ignore[no-untyped-def]
        def say(line: str) -> None:
            f.write(line.encode() + b"\r\n")
            f.flush()

        say("220 broken.example ESMTP")
        while line := f.readline():
            verb = line.strip().split(b" ")[0].upper()
            if verb in (b"EHLO", b"HELO"):
                say("250 broken.example")
            elif verb in (b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                say("250 OK")
            elif verb == b"DATA":
                say("354 go ahead")
                body = b""
                while (chunk := f.readline()) and chunk != b".\r\n":
                    body += chunk
                self.messages.append(body)
                if self.after_data == "drop":
                    return  # the connection closes with no answer to the message
                say("250 queued")
            elif verb == b"QUIT":
                say("500 no goodbye today")
                return
            else:
                say("502 not implemented")

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def broken(request, mail_app):
    server = BrokenSmtp(request.param)
    mail_app.config["MAIL_URL"] = f"smtp://127.0.0.1:{server.port}"
    yield server
    server.close()


@pytest.mark.parametrize("broken", ["drop"], indirect=True)
def test_a_line_lost_after_the_message_went_out_is_not_sent_again(mail_app, client, broken):
    assert signup(client).status_code == 302
    (row,) = rows(mail_app)
    assert row.state is MailState.UNCERTAIN
    relay(mail_app, row.next_attempt_at)  # later relays leave it alone
    assert rows(mail_app)[0].state is MailState.UNCERTAIN
    assert len(broken.messages) == 1


@pytest.mark.parametrize("broken", ["accept"], indirect=True)
def test_a_failed_goodbye_after_the_server_took_the_mail_counts_as_sent(mail_app, client, broken):
    assert signup(client).status_code == 302
    (row,) = rows(mail_app)
    assert row.state is MailState.SENT
    assert len(broken.messages) == 1
