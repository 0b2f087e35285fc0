"""Which optional mails a learner gets, and the signed one-click unsubscribe links.

Transactional mail (confirmation, password reset, e-mail change, certificates) is not a
category a learner can switch off; reminders and digests are.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from academy.notifications.models import OPTIONAL_CATEGORIES, MailCategory, MailOptOut

SALT = "mail-unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def unsubscribe_token(user_id: int, category: MailCategory) -> str:
    """A link token naming the learner and the category; it does not expire (RFC 8058 links
    are used long after the mail arrived), and works only for the optional categories."""
    return _serializer().dumps([user_id, category.value])


def unsubscribe_url(user_id: int, category: MailCategory) -> str:
    return (
        f"{current_app.config['BASE_URL']}/mail/unsubscribe/{unsubscribe_token(user_id, category)}"
    )


def read_token(token: str) -> tuple[int, MailCategory] | None:
    """The (user id, category) a token names, or None if it is forged or malformed."""
    try:
        user_id, category = _serializer().loads(token)
        found = MailCategory(category)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or found not in OPTIONAL_CATEGORIES:
        return None
    return user_id, found


def opted_out(session: Session, user_id: int) -> set[MailCategory]:
    return set(session.scalars(select(MailOptOut.category).where(MailOptOut.user_id == user_id)))


def set_wanted(session: Session, user_id: int, category: MailCategory, wanted: bool) -> None:
    """Switch one optional category on or off; repeating it (a double click) changes nothing."""
    if category not in OPTIONAL_CATEGORIES:
        raise ValueError(f"{category} cannot be switched off")
    if wanted:
        session.execute(
            delete(MailOptOut).where(MailOptOut.user_id == user_id, MailOptOut.category == category)
        )
        return
    if category in opted_out(session, user_id):
        return
    try:
        with session.begin_nested():
            session.add(MailOptOut(user_id=user_id, category=category))
            session.flush()
    except IntegrityError:  # a parallel click got there first
        pass
