"""Issuing, confirming, re-issuing and revoking certificates. Flush, never commit."""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal
from functools import cache
from zoneinfo import ZoneInfo

from babel.dates import format_date
from fontTools.ttLib import TTFont
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from academy.audit.services import record
from academy.auth.models import User
from academy.certificates.models import Certificate, CertificateEvent, CertificateEventKind
from academy.certificates.pdf import FONTS, CertificateContent, render_certificate
from academy.courses.models import Course
from academy.db import utcnow
from academy.notifications import notices

PRAGUE = ZoneInfo("Europe/Prague")
ACADEMY_NAME = "CX akademie"


def new_code() -> str:
    """A random, URL-safe code: 128 bits from the OS's CSPRNG."""
    return secrets.token_urlsafe(16)


def find_by_code(session: Session, code: str) -> Certificate | None:
    if not code or len(code) > 64:
        return None
    return session.scalar(select(Certificate).where(Certificate.code == code))


def find_for(session: Session, user: User, course: Course) -> Certificate | None:
    return session.scalar(
        select(Certificate).where(
            Certificate.user_id == user.id, Certificate.course_id == course.id
        )
    )


def issue(session: Session, user: User, course: Course, completed_at=None) -> Certificate:
    """Issue the course certificate once; a parallel completion gets the same one.

    Called in the transaction that records the course as complete. The learner
    confirms the name to print before the PDF is made.
    """
    existing = find_for(session, user, course)
    if existing is not None:
        return existing
    completed = (completed_at or utcnow()).astimezone(PRAGUE).date()
    certificate = Certificate(
        code=new_code(),
        user_id=user.id,
        course_id=course.id,
        full_name=user.full_name,
        course_title=course.title,
        hours=_hours(course.estimated_hours),
        instructors=[i["name"] for i in course.instructors],
        completed_on=completed,
    )
    try:
        with session.begin_nested():
            session.add(certificate)
            session.flush()
            _log(session, certificate, CertificateEventKind.ISSUED, user)
    except IntegrityError:
        found = find_for(session, user, course)
        assert found is not None
        return found
    notices.certificate_issued(session, certificate, user, course)  # the mail, via the outbox
    return certificate


def confirm_name(session: Session, certificate: Certificate, full_name: str, user: User,
                 verify_url: str) -> None:  # fmt: skip
    """The learner confirms (or corrects) the printed name; the PDF is made and stored.

    The row is locked and re-read first, so of parallel confirmations one makes the PDF.
    """
    session.refresh(certificate, with_for_update=True)
    if certificate.is_ready:
        return
    certificate.full_name = full_name
    certificate.name_confirmed_at = utcnow()
    certificate.pdf = render_pdf(certificate, verify_url)
    _log(session, certificate, CertificateEventKind.NAME_CONFIRMED, user)


def reissue(session: Session, certificate: Certificate, full_name: str, admin: User,
            reason: str, verify_url: str) -> None:  # fmt: skip
    """Correct the name: same code, next revision, new PDF, history kept."""
    old = certificate.full_name
    certificate.full_name = full_name
    certificate.revision += 1
    certificate.name_confirmed_at = certificate.name_confirmed_at or utcnow()
    certificate.pdf = render_pdf(certificate, verify_url)
    _log(session, certificate, CertificateEventKind.REISSUED, admin, reason,
         {"old_name": old, "new_name": full_name, "revision": certificate.revision})  # fmt: skip
    record(session, "certificate_reissued", user_id=certificate.user_id, actor_id=admin.id,
           certificate=certificate.code, reason=reason)  # fmt: skip


def revoke(session: Session, certificate: Certificate, admin: User, reason: str) -> None:
    if certificate.is_revoked:
        return
    certificate.revoked_at = utcnow()
    certificate.revoked_reason = reason
    _log(session, certificate, CertificateEventKind.REVOKED, admin, reason)
    record(session, "certificate_revoked", user_id=certificate.user_id, actor_id=admin.id,
           certificate=certificate.code, reason=reason)  # fmt: skip
    notices.certificate_revoked(session, certificate, reason)  # the mail, via the outbox


def ready_for_course(session: Session, course: Course) -> list[Certificate]:
    """The course's printable certificates, in one query."""
    return list(
        session.scalars(
            select(Certificate)
            .where(Certificate.course_id == course.id, Certificate.name_confirmed_at.is_not(None))
            .order_by(Certificate.completed_on, Certificate.id)
        )
    )


def history(session: Session, certificate: Certificate) -> list[CertificateEvent]:
    return list(
        session.scalars(
            select(CertificateEvent)
            .where(CertificateEvent.certificate_id == certificate.id)
            .order_by(CertificateEvent.at, CertificateEvent.id)
        )
    )


def czech_date(value: date) -> str:
    return format_date(value, format="long", locale="cs_CZ")


def hours_text(hours: str) -> str:
    """'4' -> '4 hodiny studia', '1.5' -> '1,5 hodiny studia', '5' -> '5 hodin studia'."""
    if not hours:
        return ""
    number = Decimal(hours)
    shown = str(number).replace(".", ",")
    if number != number.to_integral_value():
        word = "hodiny"
    elif number == 1:
        word = "hodina"
    elif 2 <= number <= 4:
        word = "hodiny"
    else:
        word = "hodin"
    return f"{shown} {word} studia"


def content(certificate: Certificate, verify_url: str) -> CertificateContent:
    """The fields printed on the PDF and shown on the verification page."""
    names = certificate.instructors
    label = "Lektor" if len(names) == 1 else "Lektoři"
    return CertificateContent(
        full_name=certificate.full_name,
        course_title=certificate.course_title,
        completed_on=czech_date(certificate.completed_on),
        hours=hours_text(certificate.hours),
        instructors=", ".join(names),
        instructors_label=label,
        academy_name=ACADEMY_NAME,
        code=certificate.code,
        verify_url=verify_url,
    )


def render_pdf(certificate: Certificate, verify_url: str) -> bytes:
    return render_certificate(content(certificate, verify_url))


@cache
def _printable() -> frozenset[int]:
    font = TTFont(FONTS / "DejaVuSerif-Bold.ttf", lazy=True)
    return frozenset(font.getBestCmap())


def unprintable_characters(text: str) -> str:
    """Characters of `text` the certificate font cannot print (empty when all can)."""
    printable = _printable()
    return "".join(sorted({ch for ch in text if ord(ch) not in printable}))


def _hours(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format(value.normalize(), "f")


def _log(session: Session, certificate: Certificate, kind: CertificateEventKind,
         actor: User | None, reason: str = "", details: dict | None = None) -> None:  # fmt: skip
    session.add(
        CertificateEvent(
            certificate_id=certificate.id,
            kind=kind,
            actor_id=actor.id if actor else None,
            reason=reason,
            details=details or {},
        )
    )
