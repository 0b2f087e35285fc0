"""The contact form's messages: sent, answered, closed; the sender gets a copy and the
answer by e-mail (the outbox, in the same transaction).

Services take a Session, flush, and never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from academy.auth.models import User
from academy.db import utcnow
from academy.help.models import ContactMessage, ContactState
from academy.notifications import letters, outbox

MAX_BODY = 5000


def send(
    session: Session,
    *,
    name: str,
    email: str,
    subject: str,
    body: str,
    language: str,
    user: User | None = None,
) -> ContactMessage:
    """A new message for staff, and its copy to the sender."""
    message = ContactMessage(
        user_id=user.id if user is not None and user.is_authenticated else None,
        name=name.strip(),
        email=email.strip(),
        subject=subject.strip(),
        body=body.strip()[:MAX_BODY],
        language=language,
    )
    session.add(message)
    session.flush()
    with letters.in_language(language):
        mail_subject = _("Přijali jsme vaši zprávu: %(subject)s", subject=message.subject)
        text = _(
            "Dobrý den, %(name)s,\n\n"
            "děkujeme za zprávu, odpovíme vám co nejdříve, obvykle do jednoho pracovního dne.\n\n"
            "Vaše zpráva:\n%(body)s\n\n"
            "CX akademie",
            name=message.name,
            body=message.body,
        )
        letter = letters.write(language, mail_subject, text)
    outbox.enqueue(
        session,
        key=f"contact-copy:{message.id}",
        kind="contact_copy",
        to=message.email,
        letter=letter,
        language=language,
        user_id=message.user_id,
    )
    _tell_staff(session, message)
    return message


def _tell_staff(session: Session, message: ContactMessage) -> None:
    """The academy's contact address (ACADEMY_OPERATOR_CONTACT) learns of a new message; its
    words stay in the academy, behind the admin's sign-in."""
    staff_language = current_app.config["BABEL_DEFAULT_LOCALE"]
    with letters.in_language(staff_language):
        subject = _("Nová zpráva z kontaktního formuláře: %(subject)s", subject=message.subject)
        text = _(
            "Zpráva od %(name)s čeká na odpověď:\n%(url)s\n\nCX akademie",
            name=message.name,
            url=f"{current_app.config['BASE_URL']}/admin/contact/{message.id}",
        )
        letter = letters.write(staff_language, subject, text)
    outbox.enqueue(
        session,
        key=f"contact-new:{message.id}",
        kind="contact_new",
        to=operator_contact(),
        letter=letter,
        language=staff_language,
    )


def answer(session: Session, message: ContactMessage, staff: User, text_of_answer: str) -> None:
    """Staff answer: the sender gets it by e-mail; the message counts as answered."""
    message.answer = text_of_answer.strip()[:MAX_BODY]
    message.answered_by_id = staff.id
    if message.answered_at is None:
        message.answered_at = utcnow()
    message.state = ContactState.ANSWERED
    session.flush()
    with letters.in_language(message.language):
        subject = _("Odpověď: %(subject)s", subject=message.subject)
        text = _(
            "Dobrý den, %(name)s,\n\n%(answer)s\n\n"
            "%(staff)s, CX akademie\n\n"
            "Na vaši zprávu ze dne %(date)s:\n%(body)s",
            name=message.name,
            answer=message.answer,
            staff=staff.full_name,
            date=message.sent_at.date().isoformat(),
            body=message.body,
        )
        letter = letters.write(message.language, subject, text)
    outbox.enqueue(
        session,
        key=f"contact-answer:{message.id}:{outbox.new_key('a')}",
        kind="contact_answer",
        to=message.email,
        letter=letter,
        language=message.language,
        user_id=message.user_id,
    )


def close(session: Session, message: ContactMessage) -> None:
    if message.closed_at is None:
        message.closed_at = utcnow()
    message.state = ContactState.CLOSED
    session.flush()


@dataclass(frozen=True)
class ContactList:
    messages: list[ContactMessage]
    median_response_seconds: float | None


def listing(session: Session, state: ContactState | None = None) -> ContactList:
    """Messages, newest first (with a state: only those), and the median time to answer of
    all answered ones. Two queries."""
    query = select(ContactMessage).order_by(ContactMessage.id.desc()).limit(200)
    if state is not None:
        query = query.where(ContactMessage.state == state)
    answered = session.execute(
        select(ContactMessage.sent_at, ContactMessage.answered_at).where(
            ContactMessage.answered_at.is_not(None)
        )
    ).all()
    times = [(a - s).total_seconds() for s, a in answered]
    return ContactList(list(session.scalars(query)), median(times) if times else None)


def erase(session: Session, user: User) -> None:
    """Account deletion: the person's messages lose their words and address."""
    session.execute(
        update(ContactMessage)
        .where(ContactMessage.user_id == user.id)
        .values(name="", email="", body="", answer=None)
    )


def operator_contact() -> str:
    return current_app.config["OPERATOR_CONTACT"]
