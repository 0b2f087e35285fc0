"""Account services: take a Session, flush, never commit."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from academy.audit.services import record
from academy.auth.models import Role, User
from academy.auth.passwords import hash_password, needs_rehash, verify_password
from academy.auth.sessions import end_all
from academy.db import utcnow


class EmailTaken(Exception):
    """Another account already uses this e-mail."""


def create_user(
    session: Session,
    *,
    email: str,
    full_name: str,
    password: str,
    role: Role = Role.LEARNER,
    verified: bool = False,
    terms_version: str | None = None,
) -> User:
    """Create an account; raises EmailTaken if the (normalised) e-mail is in use.

    The unique constraint decides, so two parallel sign-ups with one e-mail
    cannot both succeed.
    """
    user = User(
        email=email,
        full_name=full_name,
        password_hash=hash_password(password),
        role=role,
        email_verified_at=utcnow() if verified else None,
        terms_version=terms_version,
        terms_accepted_at=utcnow() if terms_version is not None else None,
    )
    try:
        with session.begin_nested():
            session.add(user)
    except IntegrityError:
        raise EmailTaken(email) from None
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The user with this e-mail and password, or None (in the same time either way)."""
    user = session.scalar(select(User).where(User.email == email))
    if not verify_password(user.password_hash if user else None, password):
        return None
    assert user is not None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def find_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email))


def set_password(session: Session, user: User, password: str) -> None:
    """New password; every signed-in session of the user ends."""
    from academy.auth import sessions

    user.password_hash = hash_password(password)
    sessions.end_all(session, user)


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def change_role(session: Session, user: User, role: Role, actor: User | None = None) -> bool:
    """Give `user` another role, recorded in the audit log; their sessions end, so the
    new rights (and, for staff, the two-factor requirement) apply from the next sign-in.
    Returns False when the user already has the role."""
    if user.role is role:
        return False
    old, user.role = user.role, role
    ended = end_all(session, user)
    record(
        session,
        "role_changed",
        user_id=user.id,
        actor_id=actor.id if actor else None,
        email=user.email,
        old_role=old.value,
        new_role=role.value,
        sessions_ended=ended,
    )
    session.flush()
    return True
