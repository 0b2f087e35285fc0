"""Issuing, confirming, re-issuing and revoking certificates. Flush, never commit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date
from fontTools.ttLib import TTFont
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from academy.audit.services import record
from academy.auth.models import User
from academy.certificates import codes, credentials
from academy.certificates.models import (
    Certificate,
    CertificateEvent,
    CertificateEventKind,
    CertificateName,
)
from academy.certificates.pdf import (
    DEFAULT_LOGO,
    FONTS,
    CertificateContent,
    Signatory,
    render_certificate,
)
from academy.courses.models import Course
from academy.db import utcnow
from academy.notifications import notices

PRAGUE = ZoneInfo("Europe/Prague")
ACADEMY_NAME = "CX akademie"


SIGNATURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")


@dataclass(frozen=True)
class Issuer:
    """What the academy prints and signs with (from ACADEMY_ settings, built per request)."""

    base_url: str
    instance_path: str
    logo: Path | None = None
    signatures_dir: Path | None = None

    def verify_url(self, code: str) -> str:
        return f"{self.base_url}/certificates/{code}"

    @property
    def issuer_url(self) -> str:
        return f"{self.base_url}/certificates/issuer"

    # how the keys are read: in the app, academy.certificates.signing_key.current_keys, which
    # never makes a new key silently once one has signed
    key_loader: Callable[[], dict[str, credentials.SigningKey]] | None = None

    def keys(self) -> dict[str, credentials.SigningKey]:
        if self.key_loader is not None:
            return self.key_loader()
        return credentials.load_keys(self.instance_path)


def new_code() -> str:
    """A random code without look-alike characters (academy.certificates.codes)."""
    return codes.new_code()


def find_by_code(session: Session, code: str) -> Certificate | None:
    """The certificate with exactly this code (old and new codes alike)."""
    if not code or len(code) > 64:
        return None
    return session.scalar(select(Certificate).where(Certificate.code == code))


def look_up(session: Session, typed: str) -> Certificate | None:
    """The certificate a person meant: the exact code first (codes issued before the
    readable alphabet are case-sensitive), then the typed text normalised (case, dashes,
    spaces, look-alike letters)."""
    found = find_by_code(session, typed.strip()) if typed else None
    if found is None:
        canonical = codes.normalise(typed)
        if canonical is not None:
            found = find_by_code(session, canonical)
    return found


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
        full_name=printed_name(session, user),
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


def printed_name(session: Session, user: User) -> str:
    """The name a new certificate prints: the learner's chosen one, else the account's."""
    chosen = session.get(CertificateName, user.id)
    return chosen.full_name if chosen is not None else user.full_name


def choose_printed_name(session: Session, user: User, full_name: str) -> None:
    """Print `full_name` on the certificates issued from now on (an empty name: the account's)."""
    chosen = session.get(CertificateName, user.id)
    if not full_name.strip():
        if chosen is not None:
            session.delete(chosen)
    elif chosen is None:
        session.add(CertificateName(user_id=user.id, full_name=full_name.strip()))
    else:
        chosen.full_name = full_name.strip()
    session.flush()


def confirm_name(
    session: Session, certificate: Certificate, full_name: str, user: User, issuer: Issuer
) -> None:
    """The learner confirms (or corrects) the printed name; the PDF is made and stored.

    The row is locked and re-read first, so of parallel confirmations one makes the PDF.
    """
    session.refresh(certificate, with_for_update=True)
    if certificate.is_ready:
        return
    certificate.full_name = full_name
    certificate.name_confirmed_at = utcnow()
    certificate.pdf = render_pdf(session, certificate, issuer)
    _log(session, certificate, CertificateEventKind.NAME_CONFIRMED, user)


def reissue(
    session: Session,
    certificate: Certificate,
    full_name: str,
    admin: User,
    reason: str,
    issuer: Issuer,
) -> None:
    """Correct the name: same code, next revision, new PDF, history kept."""
    old = certificate.full_name
    certificate.full_name = full_name
    certificate.revision += 1
    certificate.name_confirmed_at = certificate.name_confirmed_at or utcnow()
    certificate.pdf = render_pdf(session, certificate, issuer)
    _log(
        session,
        certificate,
        CertificateEventKind.REISSUED,
        admin,
        reason,
        {"old_name": old, "new_name": full_name, "revision": certificate.revision},
    )
    record(
        session,
        "certificate_reissued",
        user_id=certificate.user_id,
        actor_id=admin.id,
        certificate=certificate.code,
        reason=reason,
    )


def revoke(
    session: Session, certificate: Certificate, admin: User, reason: str, public_reason: str = ""
) -> bool:
    """Revoke once: `reason` is the internal note (admins only); `public_reason`, when
    the admin writes one, is what the public page and the status document say.

    Returns False when it was already revoked (a double click changes nothing)."""
    session.refresh(certificate, with_for_update=True)
    if certificate.is_revoked:
        return False
    certificate.revoked_at = utcnow()
    certificate.revoked_reason = reason
    certificate.public_reason = public_reason.strip() or None
    _log(
        session,
        certificate,
        CertificateEventKind.REVOKED,
        admin,
        reason,
        {"public_reason": certificate.public_reason} if certificate.public_reason else None,
    )
    record(
        session,
        "certificate_revoked",
        user_id=certificate.user_id,
        actor_id=admin.id,
        certificate=certificate.code,
        reason=reason,
    )
    certificate_revoked(session, certificate)
    return True


def certificate_revoked(session: Session, certificate: Certificate) -> None:
    """Called once, in the revoking transaction, after a certificate is revoked.

    The one place to hook what follows a revocation: the learner's e-mail, through the
    outbox (not for an account being deleted: its address is on the way out).
    """
    holder = session.get(User, certificate.user_id)
    if holder is not None and holder.deleted_at is None:
        # the public reason only: the internal note stays with the admins
        course = session.get(Course, certificate.course_id)
        if course is not None:
            reason = certificate.public_reason or ""
            notices.certificate_revoked(session, certificate, holder, course, reason)


def of_learner(session: Session, user: User) -> list[tuple[Certificate, Course]]:
    """The learner's certificates with their courses, newest first, in one query."""
    return [
        (certificate, course)
        for certificate, course in session.execute(
            select(Certificate, Course)
            .join(Course, Course.id == Certificate.course_id)
            .where(Certificate.user_id == user.id)
            .order_by(Certificate.completed_on.desc(), Certificate.id.desc())
        )
    ]


def ready_for_course(session: Session, course: Course) -> list[Certificate]:
    """The course's printable certificates (confirmed, not revoked), in one query."""
    return list(
        session.scalars(
            select(Certificate)
            .where(
                Certificate.course_id == course.id,
                Certificate.name_confirmed_at.is_not(None),
                Certificate.revoked_at.is_(None),
            )
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


def content(
    certificate: Certificate, issuer: Issuer, course: Course | None = None, *, stamped: bool = False
) -> CertificateContent:
    """The fields printed on the PDF and shown on the verification page."""
    names = certificate.instructors
    label = "Lektor" if len(names) == 1 else "Lektoři"
    revoked = None
    if stamped and certificate.revoked_at is not None:
        revoked = (
            f"Certifikát byl zrušen {czech_date(certificate.revoked_at.astimezone(PRAGUE).date())}."
        )
    return CertificateContent(
        full_name=certificate.full_name,
        course_title=certificate.course_title,
        completed_on=czech_date(certificate.completed_on),
        hours=hours_text(certificate.hours),
        signatories=tuple(Signatory(name, _signature(issuer, course, name)) for name in names),
        signatories_label=label,
        academy_name=ACADEMY_NAME,
        code=certificate.code,
        verify_url=issuer.verify_url(certificate.code),
        logo=issuer.logo or DEFAULT_LOGO,
        revoked_text=revoked,
    )


def render_pdf(
    session: Session, certificate: Certificate, issuer: Issuer, *, stamped: bool = False
) -> bytes:
    """The PDF/A document, with the signed credential attached (not for a stamped copy)."""
    course = session.get_one(Course, certificate.course_id)
    token = None if stamped else signed_credential(session, certificate, issuer, "RS256")
    fields = content(certificate, issuer, course, stamped=stamped)
    return render_certificate(replace(fields, credential_jwt=token))


def credential(session: Session, certificate: Certificate, issuer: Issuer) -> dict:
    """The certificate as an OpenBadgeCredential (unsigned)."""
    course = session.get_one(Course, certificate.course_id)
    holder = session.get_one(User, certificate.user_id)
    return credentials.build_credential(
        certificate_url=issuer.verify_url(certificate.code),
        issuer_url=issuer.issuer_url,
        achievement_url=f"{issuer.base_url}/courses/{course.slug}",
        holder_name=certificate.full_name,
        holder_email=holder.email,
        course_title=certificate.course_title,
        course_summary=course.summary,
        criteria="Absolvování všech povinných modulů a kvízů kurzu.",
        valid_from=certificate.issued_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        status_url=f"{issuer.verify_url(certificate.code)}/status",
    )


def signed_credential(
    session: Session, certificate: Certificate, issuer: Issuer, alg: str = "RS256"
) -> str:
    """The credential as a VC-JWT signed with the academy's key for `alg`."""
    key = issuer.keys()[alg]
    return credentials.sign(credential(session, certificate, issuer), key, issuer.base_url)


def status_document(certificate: Certificate, issuer: Issuer) -> dict:
    """The 1EdTech revocation list for this credential (empty unless revoked), plus the
    plain fields our own pages read. Only the public reason is ever in it."""
    url = f"{issuer.verify_url(certificate.code)}/status"
    revoked = []
    if certificate.is_revoked:
        entry = {"id": issuer.verify_url(certificate.code), "revoked": True}
        if certificate.public_reason:
            entry["revocationReason"] = certificate.public_reason
        revoked.append(entry)
    return {
        "id": url,
        "issuer": issuer.issuer_url,
        "revokedCredentials": revoked,
        "revoked": certificate.is_revoked,
        "revokedAt": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
        "reason": certificate.public_reason if certificate.is_revoked else None,
    }


def _signature(issuer: Issuer, course: Course | None, name: str) -> Path | None:
    """The instructor's signature image: <signatures dir>/<e-mail>.png (or .jpg, .svg)."""
    if issuer.signatures_dir is None or course is None:
        return None
    for person in course.instructors:
        email = (person.get("email") or "").strip().lower()
        if person.get("name") == name and email and "/" not in email:
            for suffix in SIGNATURE_SUFFIXES:
                path = issuer.signatures_dir / f"{email}{suffix}"
                if path.is_file():
                    return path
    return None


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


def _log(
    session: Session,
    certificate: Certificate,
    kind: CertificateEventKind,
    actor: User | None,
    reason: str = "",
    details: dict | None = None,
) -> None:
    session.add(
        CertificateEvent(
            certificate_id=certificate.id,
            kind=kind,
            actor_id=actor.id if actor else None,
            reason=reason,
            details=details or {},
        )
    )
