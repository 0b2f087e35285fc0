"""Account management by an admin: take a Session, flush, never commit.

Each change is recorded in the security log with the admin as the actor. The last active
admin cannot be demoted or deactivated, so the academy never locks itself out; the check
locks the admin rows (PostgreSQL) or runs under SQLite's write lock, so two admins demoting
each other at once cannot both succeed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from academy.audit.services import record
from academy.auth.models import Role, User, UserSession
from academy.auth.services import EmailTaken, change_role, create_user
from academy.auth.sessions import end_all
from academy.db import utcnow
from academy.folding import like_pattern

PAGE_SIZE = 50
STATUSES = ("active", "unconfirmed", "deactivated")


class LastAdmin(Exception):
    """The change would leave the academy without an active admin."""


@dataclass(frozen=True)
class AccountRow:
    user: User
    last_seen: datetime | None
    sessions: int


@dataclass(frozen=True)
class AccountPage:
    rows: list[AccountRow]
    total: int
    page: int
    pages: int


def find_accounts(
    session: Session, *, q: str = "", role: str = "", status: str = "", page: int = 1
) -> AccountPage:
    """One page of accounts matching the filters, newest first, with their last activity and
    open sessions (two statements: the count and the page)."""
    seen = (
        select(
            UserSession.user_id,
            func.max(UserSession.last_seen_at).label("last_seen"),
            func.count().label("sessions"),
        )
        .group_by(UserSession.user_id)
        .subquery()
    )
    where = [User.deleted_at.is_(None)]
    if q:
        where.append(User.search_text.like(like_pattern(q), escape="\\"))
    if role in {r.value for r in Role}:
        where.append(User.role == Role(role))
    if status == "active":
        where += [User.deactivated_at.is_(None), User.email_verified_at.is_not(None)]
    elif status == "unconfirmed":
        where += [User.deactivated_at.is_(None), User.email_verified_at.is_(None)]
    elif status == "deactivated":
        where.append(User.deactivated_at.is_not(None))
    total = session.scalar(select(func.count()).select_from(User).where(*where)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    result = session.execute(
        select(User, seen.c.last_seen, func.coalesce(seen.c.sessions, 0))
        .outerjoin(seen, seen.c.user_id == User.id)
        .where(*where)
        .order_by(User.created_at.desc(), User.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    )
    rows = [AccountRow(user, last_seen, count) for user, last_seen, count in result]
    return AccountPage(rows=rows, total=total, page=page, pages=pages)


def open_sessions(session: Session, user: User) -> list[UserSession]:
    return list(
        session.scalars(
            select(UserSession)
            .where(UserSession.user_id == user.id)
            .order_by(UserSession.last_seen_at.desc())
        )
    )


def invite(session: Session, admin: User, *, email: str, full_name: str, role: Role) -> User:
    """A new account with no usable password; the person sets one from the invitation link.

    Raises EmailTaken when the address already has an account."""
    user = create_user(
        session,
        email=email,
        full_name=full_name,
        password=secrets.token_urlsafe(32),  # replaced when the invitation is accepted
        role=role,
        verified=True,  # the invitation link, sent to this address, proves it
    )
    session.flush()
    record(
        session,
        "account_invited",
        user_id=user.id,
        actor_id=admin.id,
        email=user.email,
        role=role.value,
    )
    return user


def _ensure_another_admin(session: Session, user: User) -> None:
    """Raise LastAdmin when `user` is the only active admin (admin rows locked meanwhile)."""
    if user.role is not Role.ADMIN or user.deactivated_at is not None:
        return
    others = session.scalars(
        select(User.id)
        .where(User.role == Role.ADMIN, User.deactivated_at.is_(None), User.id != user.id)
        .with_for_update()
    ).all()
    if not others:
        raise LastAdmin()


def set_role(session: Session, admin: User, user: User, role: Role) -> bool:
    """Give `user` another role (their sessions end); False when it is already theirs."""
    if role is not Role.ADMIN:
        _ensure_another_admin(session, user)
    return change_role(session, user, role, actor=admin)


def deactivate(session: Session, admin: User, user: User) -> bool:
    """The account can no longer sign in and every session of it ends. False if it already
    was deactivated."""
    if user.deactivated_at is not None:
        return False
    _ensure_another_admin(session, user)
    user.deactivated_at = utcnow()
    ended = end_all(session, user)
    record(
        session,
        "account_deactivated",
        user_id=user.id,
        actor_id=admin.id,
        email=user.email,
        sessions_ended=ended,
    )
    session.flush()
    return True


def reactivate(session: Session, admin: User, user: User) -> bool:
    if user.deactivated_at is None or user.deleted_at is not None:
        return False
    user.deactivated_at = None
    record(session, "account_reactivated", user_id=user.id, actor_id=admin.id, email=user.email)
    session.flush()
    return True


def end_sessions(session: Session, admin: User, user: User) -> int:
    ended = end_all(session, user)
    record(
        session,
        "sessions_revoked",
        user_id=user.id,
        actor_id=admin.id,
        email=user.email,
        ended=ended,
    )
    session.flush()
    return ended


__all__ = [
    "AccountPage",
    "AccountRow",
    "EmailTaken",
    "LastAdmin",
    "deactivate",
    "end_sessions",
    "find_accounts",
    "invite",
    "open_sessions",
    "reactivate",
    "set_role",
]
