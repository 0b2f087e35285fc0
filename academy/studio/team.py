"""Who teaches a course, as an admin sets it in the studio: pick existing accounts, remove
instructors, invite an address that has no account yet.

The list lives in course.md's `instructors:` (authoring.set_instructors writes it). An
invitation is a row with a hash of an e-mailed token; accepting it, signed in with the
invited address, adds that account to the list. Services flush, never commit.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from academy.audit.services import record
from academy.auth.models import Role, User
from academy.auth.services import change_role, find_by_email
from academy.courses.models import Course
from academy.courses.staff import instructor_emails
from academy.db import utcnow
from academy.folding import fold, like_pattern
from academy.notifications import letters, outbox
from academy.studio.authoring import StudioError, lock_course, set_instructors
from academy.studio.models import CourseInvitation

VALID_FOR = timedelta(days=14)
MATCHES = 10  # accounts offered for one search


@dataclass(frozen=True)
class Invited:
    invitation: CourseInvitation
    new: bool  # False: a pending invitation for the address was already there (no new mail)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def candidates(session: Session, course: Course, query: str) -> list[User]:
    """Active accounts whose name or e-mail contains `query`, folded ("jiri" finds "Jiří"),
    not yet teaching the course; one query, at most MATCHES, by name."""
    if len(fold(query)) < 2:
        return []
    taken = instructor_emails(course.instructors)
    found = session.scalars(
        select(User)
        .where(
            User.search_text.like(like_pattern(query), escape="\\"),
            User.deactivated_at.is_(None),
            User.deleted_at.is_(None),
        )
        .order_by(User.search_text, User.id)
        .limit(MATCHES + len(taken))
    )
    return [u for u in found if u.email.lower() not in taken][:MATCHES]


def add(session: Session, admin: User, course: Course, user: User, via: str = "studio") -> bool:
    """List `user` as an instructor; a learner's account becomes an instructor's (their
    sessions end, and the next sign-in asks for the second factor). False: already listed."""
    lock_course(session, course)
    if user.email.lower() in instructor_emails(course.instructors):
        return False
    if user.role is Role.LEARNER:
        change_role(session, user, Role.INSTRUCTOR, actor=admin)
    people = [*course.instructors, {"name": user.full_name, "email": user.email.lower()}]
    return set_instructors(session, admin, course, people, via)


def remove(session: Session, admin: User, course: Course, email: str) -> bool:
    """Take `email` off the course's instructors; False when it was not listed. The last
    instructor cannot be removed: a course always has someone who answers for it."""
    email = email.strip().lower()
    lock_course(session, course)
    people = [p for p in course.instructors if str(p.get("email") or "").lower() != email]
    if len(people) == len(course.instructors):
        return False
    if not people:
        raise StudioError(_l("Kurz musí mít aspoň jednoho lektora. Nejdřív přidejte jiného."))
    return set_instructors(session, admin, course, people, "studio")


def pending(
    session: Session, course: Course, now: datetime | None = None
) -> list[CourseInvitation]:
    """Invitations of the course still waiting to be accepted, oldest first."""
    return list(
        session.scalars(
            select(CourseInvitation)
            .where(
                CourseInvitation.course_id == course.id,
                CourseInvitation.accepted_at.is_(None),
                CourseInvitation.revoked_at.is_(None),
                CourseInvitation.expires_at > (now or utcnow()),
            )
            .order_by(CourseInvitation.created_at, CourseInvitation.id)
        )
    )


def invite(
    session: Session, admin: User, course: Course, email: str, full_name: str, invite_url
) -> Invited:
    """An invitation e-mailed (through the outbox) to an address with no account. Asking
    again for the same address while one is pending returns that one and sends nothing.
    StudioError when the address has an account: pick it from the search instead."""
    email = email.strip().lower()
    if find_by_email(session, email) is not None:
        raise StudioError(
            _l(
                "Adresa %(email)s už účet má: vyhledejte ho a přidejte jako lektora.",
                email=email,
            )
        )
    lock_course(session, course)  # a double click: the second waits and finds the first
    for invitation in pending(session, course):
        if invitation.email == email:
            return Invited(invitation, new=False)
    token = secrets.token_urlsafe(32)
    invitation = CourseInvitation(
        course_id=course.id,
        email=email,
        full_name=" ".join(full_name.split()),
        token_hash=_hash(token),
        invited_by=admin.id,
        expires_at=utcnow() + VALID_FOR,
    )
    session.add(invitation)
    session.flush()
    _mail(session, invitation, course, admin, invite_url(token))
    record(
        session,
        "studio_instructor_invited",
        user_id=admin.id,
        actor_id=admin.id,
        email=admin.email,
        course=course.slug,
        invited=email,
        invitation_id=invitation.id,
    )
    return Invited(invitation, new=True)


def _mail(
    session: Session, invitation: CourseInvitation, course: Course, admin: User, link: str
) -> None:
    language = letters.language_of(None, course.language)
    with letters.in_language(language):
        subject = _("Pozvánka k výuce kurzu %(course)s v CX akademii", course=course.title)
        text = _(
            "Dobrý den, %(name)s,\n\n"
            "%(admin)s vás zve jako lektora kurzu %(course)s v CX akademii. Účet si založte "
            "přes tento odkaz (se stejnou e-mailovou adresou), pak kurz uvidíte ve studiu:\n\n"
            "%(link)s\n\n"
            "Odkaz platí %(days)s dní a použít ho jde jednou. Pokud pozvánku nečekáte, "
            "e-mail ignorujte.\n\n"
            "CX akademie",
            name=invitation.full_name,
            admin=admin.full_name,
            course=course.title,
            link=link,
            days=VALID_FOR.days,
        )
        outbox.enqueue(
            session,
            key=f"course_invitation:{invitation.id}",
            kind="course_invitation",
            to=invitation.email,
            letter=letters.write(language, subject, text),
            language=language,
            course_id=course.id,
        )


def revoke(session: Session, admin: User, course: Course, invitation_id: int) -> bool:
    """Revoke a pending invitation of the course; False when there is none by that id."""
    invitation = session.scalar(
        select(CourseInvitation).where(
            CourseInvitation.id == invitation_id,
            CourseInvitation.course_id == course.id,
            CourseInvitation.accepted_at.is_(None),
            CourseInvitation.revoked_at.is_(None),
        )
    )
    if invitation is None:
        return False
    invitation.revoked_at = utcnow()
    session.flush()
    record(
        session,
        "studio_invitation_revoked",
        user_id=admin.id,
        actor_id=admin.id,
        email=admin.email,
        course=course.slug,
        invited=invitation.email,
        invitation_id=invitation.id,
    )
    return True


def by_token(session: Session, token: str) -> tuple[CourseInvitation, Course] | None:
    """The invitation a link names and its course, if it can still be accepted."""
    found = session.execute(
        select(CourseInvitation, Course)
        .join(Course, Course.id == CourseInvitation.course_id)
        .where(CourseInvitation.token_hash == _hash(token[:100]))
    ).first()
    if found is None:
        return None
    invitation, course = found
    usable = (
        invitation.accepted_at is None
        and invitation.revoked_at is None
        and invitation.expires_at > utcnow()
    )
    return (invitation, course) if usable else None


def accept(session: Session, invitation: CourseInvitation, course: Course, user: User) -> None:
    """The signed-in `user` takes the invitation: it must be theirs (same, verified e-mail).
    It is used up; they become an instructor of the course."""
    if user.email.lower() != invitation.email or user.email_verified_at is None:
        raise StudioError(
            _l(
                "Pozvánka patří adrese %(email)s. Odhlaste se a založte si účet (nebo se "
                "přihlaste) s touto adresou.",
                email=invitation.email,
            )
        )
    used = session.execute(  # revoked, expired or taken since the link was opened: refused
        update(CourseInvitation)
        .where(
            CourseInvitation.id == invitation.id,
            CourseInvitation.accepted_at.is_(None),
            CourseInvitation.revoked_at.is_(None),
            CourseInvitation.expires_at > utcnow(),
        )
        .values(accepted_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if used.rowcount != 1:  # type: ignore[attr-defined]
        raise StudioError(_l("Pozvánka už neplatí: byla zrušena, vypršela, nebo už je použitá."))
    session.refresh(invitation)
    add(session, user, course, user, via="invitation")
    record(
        session,
        "studio_invitation_accepted",
        user_id=user.id,
        actor_id=user.id,
        email=user.email,
        course=course.slug,
        invitation_id=invitation.id,
    )


def invite_link(token: str) -> str:
    return f"{current_app.config['BASE_URL']}/studio/invitations/{token}"
