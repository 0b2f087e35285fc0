"""Transactional mails written into the outbox by the features that cause them: the account
mails (academy.auth.emails) and certificate issued / revoked (academy.certificates.services).

Each is called inside the caller's transaction and only adds an outbox row; links are built
from BASE_URL, never from the request.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from academy.notifications import letters, outbox
from academy.notifications.models import OutboxMail

F = TypeVar("F", bound=Callable[..., Any])


def in_users_language(function: F) -> F:
    """Run a mail-writing function (its first argument the user) in that user's language."""

    @wraps(function)
    def wrapper(user: Any, *args: Any, **kwargs: Any) -> Any:
        with letters.in_language(letters.language_of(user.language)):
            return function(user, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def account_mail(
    session: Session, *, kind: str, user: Any, to: str, subject: str, text: str
) -> OutboxMail | None:
    """An account mail (confirmation, reset, e-mail change), already written in the current
    language; each call is a new mail (a second reset request gets a second link)."""
    language = letters.language_of(user.language)
    return outbox.enqueue(
        session,
        key=outbox.new_key(kind),
        kind=kind,
        to=to,
        letter=letters.write(language, subject, text),
        language=language,
        user_id=user.id,
    )


def _base() -> str:
    return current_app.config["BASE_URL"]


def certificate_page_url(course_slug: str) -> str:
    return f"{_base()}/courses/{course_slug}/certificate"


def verification_url(code: str) -> str:
    return f"{_base()}/certificates/{code}"


def certificate_issued(session: Session, certificate: Any, user: Any, course: Any) -> None:
    """'Your certificate is ready': the page where the name is confirmed and the PDF made,
    the PDF itself, and the public verification address. Once per certificate."""
    language = letters.language_of(user.language, course.language)
    with letters.in_language(language):
        subject = _("Váš certifikát z kurzu %(title)s", title=course.title)
        text = _(
            "Dobrý den, %(name)s,\n\n"
            "gratulujeme, dokončili jste kurz %(title)s a certifikát je váš.\n\n"
            "Potvrďte jméno, které se na něj vytiskne, a stáhněte si ho v PDF:\n"
            "%(page)s\n\n"
            "PDF (po potvrzení jména): %(pdf)s\n\n"
            "Pravost certifikátu ověří kdokoli na adrese:\n%(verify)s\n\n"
            "CX akademie",
            name=user.full_name,
            title=course.title,
            page=certificate_page_url(course.slug),
            pdf=verification_url(certificate.code) + "/certificate.pdf",
            verify=verification_url(certificate.code),
        )
        letter = letters.write(language, subject, text)
    outbox.enqueue(
        session,
        key=f"certificate-issued:{certificate.id}",
        kind="certificate_issued",
        to=user.email,
        letter=letter,
        language=language,
        user_id=user.id,
        course_id=course.id,
    )


def certificate_revoked(
    session: Session, certificate: Any, user: Any, course: Any, reason: str
) -> None:
    """'Your certificate was revoked', with the reason and the verification address."""
    language = letters.language_of(user.language, course.language)
    with letters.in_language(language):
        subject = _("Certifikát z kurzu %(title)s byl zrušen", title=course.title)
        if reason:
            text = _(
                "Dobrý den, %(name)s,\n\n"
                "váš certifikát z kurzu %(title)s byl zrušen.\n\n"
                "Důvod: %(reason)s\n\n"
                "Ověřovací stránka certifikátu to nyní uvádí: %(verify)s\n"
                "Pokud jde o omyl, odpovězte prosím na tento e-mail.\n\n"
                "CX akademie",
                name=user.full_name,
                title=course.title,
                reason=reason,
                verify=verification_url(certificate.code),
            )
        else:
            text = _(
                "Dobrý den, %(name)s,\n\n"
                "váš certifikát z kurzu %(title)s byl zrušen.\n\n"
                "Ověřovací stránka certifikátu to nyní uvádí: %(verify)s\n"
                "Pokud chcete znát důvod nebo jde o omyl, odpovězte prosím na tento e-mail.\n\n"
                "CX akademie",
                name=user.full_name,
                title=course.title,
                verify=verification_url(certificate.code),
            )
        letter = letters.write(language, subject, text)
    key = f"certificate-revoked:{certificate.id}:{certificate.revoked_at.isoformat()}"
    outbox.enqueue(
        session,
        key=key,
        kind="certificate_revoked",
        to=user.email,
        letter=letter,
        language=language,
        user_id=user.id,
        course_id=course.id,
    )
