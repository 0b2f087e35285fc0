"""Deleting one's account (GDPR art. 17): personal data erased, the rest anonymised.

What stays, and why: progress, quiz attempts and ratings stay as anonymous rows of an account
that no longer names anyone, so the course statistics others rely on do not change. Comments on modules
are emptied (ratings stay). Security events stay (the academy's legitimate interest in its security log) without the address or
details. Certificates are revoked with the reason that the holder deleted the account, and
the name and the PDF are removed from them, so a verifier sees "revoked" and no name.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from academy.assignments.services import erase_learner_work
from academy.audit.models import SecurityEvent
from academy.audit.services import record
from academy.auth.models import Role, User
from academy.auth.passwords import hash_password
from academy.auth.sessions import end_all
from academy.certificates import services as certificates
from academy.certificates.models import Certificate, CertificateEvent
from academy.db import utcnow
from academy.help import services as contact
from academy.journeys.services import erase_maps
from academy.learning.models import ModuleFeedback
from academy.questions import services as questions

DELETED_NAME = "—"
REASON = "Účet držitele byl na jeho žádost smazán."
# What the public verification page says (academy language: Czech, as on the certificate).
PUBLIC_REASON = "Držitel certifikátu smazal svůj účet v CX akademii."


class LastAdmin(Exception):
    """The only active admin cannot delete their account."""


@dataclass(frozen=True)
class Consequences:
    """What deleting the account will do, shown before the person confirms."""

    certificates: list[Certificate]


def consequences(session: Session, user: User) -> Consequences:
    return Consequences(
        certificates=list(
            session.scalars(
                select(Certificate)
                .where(Certificate.user_id == user.id, Certificate.revoked_at.is_(None))
                .order_by(Certificate.issued_at)
            )
        )
    )


def delete_account(session: Session, user: User) -> None:
    """Erase the person's data and close the account for good. Flushes."""
    if user.role is Role.ADMIN:
        others = session.scalars(
            select(User.id)
            .where(User.role == Role.ADMIN, User.deactivated_at.is_(None), User.id != user.id)
            .with_for_update()
        ).all()
        if not others:
            raise LastAdmin()
    now = utcnow()
    user.deleted_at = now  # first: what follows (a revocation's e-mail) sees the deletion
    for certificate in consequences(session, user).certificates:
        certificates.revoke(session, certificate, user, REASON, public_reason=PUBLIC_REASON)
    session.execute(
        update(Certificate)
        .where(Certificate.user_id == user.id)
        .values(full_name=DELETED_NAME, pdf=None)
    )
    session.execute(
        update(CertificateEvent)
        .where(
            CertificateEvent.certificate_id.in_(
                select(Certificate.id).where(Certificate.user_id == user.id)
            )
        )
        .values(details={})
    )
    # Ratings stay for the course statistics; the words written with them may name anyone.
    session.execute(
        update(ModuleFeedback).where(ModuleFeedback.user_id == user.id).values(comment="")
    )
    session.execute(
        update(SecurityEvent).where(SecurityEvent.user_id == user.id).values(email="", details={})
    )
    questions.erase(session, user)
    contact.erase(session, user)
    certificates.choose_printed_name(session, user, "")
    erase_learner_work(session, user)  # handed-in texts and files
    erase_maps(session, user)  # journey maps, their versions and share links
    end_all(session, user)
    user.email = f"deleted-{user.id}-{secrets.token_hex(4)}@deleted.invalid"
    user.full_name = DELETED_NAME
    user.password_hash = hash_password(secrets.token_urlsafe(32))
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    user.recovery_code_hashes = []
    user.language = None
    user.role = Role.LEARNER
    user.deactivated_at = now
    user.deleted_at = now
    record(session, "account_deleted", user_id=user.id)
    session.flush()
