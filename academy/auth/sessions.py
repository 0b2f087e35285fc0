"""Server-side session records: logout, a password change or "sign out everywhere"
invalidate a session even when its cookie was copied.

The cookie holds a random token; the database keeps only its SHA-256.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from academy.auth.models import User, UserSession
from academy.db import utcnow

TOUCH_EVERY = timedelta(minutes=5)  # refresh last_seen_at at most this often


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(session: Session, user: User, user_agent: str = "") -> str:
    """Record a new signed-in session; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    session.add(UserSession(token_hash=_hash(token), user_id=user.id, user_agent=user_agent[:300]))
    return token


def resolve(
    session: Session, user_id: int, token: str | None, idle: timedelta, absolute: timedelta
) -> User | None:
    """The user if `token` is a live session of theirs; ends it when it has timed out."""
    if not token:
        return None
    row = session.execute(
        select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.token_hash == _hash(token), UserSession.user_id == user_id)
    ).first()
    if row is None:
        return None
    record, user = row
    now = utcnow()
    if now - record.last_seen_at > idle or now - record.created_at > absolute:
        session.delete(record)
        return None
    if now - record.last_seen_at > TOUCH_EVERY:
        record.last_seen_at = now
    return user


def end(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(UserSession).where(UserSession.token_hash == _hash(token)))


def end_all(session: Session, user: User) -> int:
    """Sign the user out everywhere; returns how many sessions ended."""
    result = session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    return result.rowcount or 0
