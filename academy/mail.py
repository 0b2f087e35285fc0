"""Sending e-mail: SMTP in production, .eml files in instance/outbox/ in development.

ACADEMY_MAIL_URL examples:
  smtp://mail.example.cz:25            plain SMTP (e.g. a local relay)
  smtp+starttls://user:pass@host:587   SMTP with STARTTLS and login
  smtps://user:pass@host:465           SMTP over TLS
  outbox                               write .eml files to instance/outbox/ (the default)
"""

from __future__ import annotations

import smtplib
import ssl
import time
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app

SCHEMES = ("smtp", "smtp+starttls", "smtps")


class MailError(RuntimeError):
    """The message could not be handed to the mail server.

    `permanent` when the server refused it for good (a 5xx answer about the recipient or
    the message): trying again would only be refused again.

    `uncertain` when the connection failed after the message itself was sent and before the
    server's answer: it may have been delivered, so trying again could deliver it twice.
    """

    def __init__(self, reason: str, permanent: bool = False, uncertain: bool = False) -> None:
        super().__init__(reason)
        self.permanent = permanent
        self.uncertain = uncertain


def validate_mail_url(url: str) -> str | None:
    """A reason the URL is unusable, or None."""
    if url == "outbox":
        return None
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES or not parts.hostname:
        return f"use outbox or {', '.join(s + '://host:port' for s in SCHEMES)}"
    return None


def build_message(to: str, subject: str, body: str, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1].strip(">"))
    message.set_content(body, charset="utf-8")
    return message


def send(to: str, subject: str, body: str) -> None:
    """Send one plain-text message in UTF-8 (Czech names and subjects included)."""
    transmit(build_message(to, subject, body, current_app.config["MAIL_SENDER"]))


def _refused(exc: smtplib.SMTPException) -> bool:
    """A 5xx answer about the recipients or the message: sending again cannot help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _msg in exc.recipients.values())
    code = getattr(exc, "smtp_code", None)
    return isinstance(exc, smtplib.SMTPDataError | smtplib.SMTPSenderRefused) and (
        code is not None and 500 <= code < 600
    )


def transmit(message: EmailMessage) -> None:
    """Hand one message to the configured transport; MailError says whether to try again."""
    to = message["To"]
    url = current_app.config["MAIL_URL"]
    if url == "outbox":
        outbox = Path(current_app.instance_path) / "outbox"
        outbox.mkdir(parents=True, exist_ok=True)
        path = outbox / f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}.eml"
        path.write_bytes(bytes(message))
        body = message.get_body(("plain",))
        text = body.get_content() if body is not None else ""
        current_app.logger.info("mail to %s written to %s:\n%s", to, path, text)
        return
    parts = urlsplit(url)
    port = parts.port or (465 if parts.scheme == "smtps" else 25)
    smtp: _TrackedSMTP | _TrackedSMTPSSL | None = None
    delivered = False
    try:
        if parts.scheme == "smtps":
            smtp = _TrackedSMTPSSL(
                parts.hostname, port, timeout=15, context=ssl.create_default_context()
            )
        else:
            smtp = _TrackedSMTP(parts.hostname, port, timeout=15)
        with smtp:
            if parts.scheme == "smtp+starttls":
                smtp.starttls(context=ssl.create_default_context())
            if parts.username:
                smtp.login(unquote(parts.username), unquote(parts.password or ""))
            smtp.send_message(message)
            delivered = True  # the server answered 250 to the message
    except (smtplib.SMTPException, OSError) as exc:
        if delivered:  # only the goodbye (QUIT) failed: the message is the server's
            current_app.logger.warning(
                "mail to %s sent; closing the connection failed: %s", to, exc
            )
            return
        current_app.logger.error("mail to %s failed: %s", to, exc)
        answered = isinstance(exc, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused)
        uncertain = smtp is not None and smtp.data_started and not answered
        permanent = isinstance(exc, smtplib.SMTPException) and _refused(exc)
        raise MailError(str(exc), permanent=permanent, uncertain=uncertain) from exc


class _DataTracking:
    """Remembers that the message itself went out (DATA), so a connection lost before the
    server's answer is told apart from one lost before anything was sent."""

    data_started = False

    def data(self, msg):  # type: ignore[no-untyped-def]
        self.data_started = True
        return super().data(msg)  # type: ignore[misc]


class _TrackedSMTP(_DataTracking, smtplib.SMTP):
    pass


class _TrackedSMTPSSL(_DataTracking, smtplib.SMTP_SSL):
    pass
