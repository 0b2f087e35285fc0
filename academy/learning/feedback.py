"""Module feedback, the learner's side: rate a finished module, or say "not now".

The staff's reading of ratings and comments is academy.admin.feedback. Services flush,
never commit.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from academy.auth.models import User
from academy.courses.models import Module
from academy.db import utcnow
from academy.learning.models import RATINGS, ModuleFeedback

MF = ModuleFeedback


def find_for(session: Session, user: User, module_ids: list[int]) -> dict[int, ModuleFeedback]:
    """The learner's feedback on some modules, by module id, in one query."""
    if not module_ids:
        return {}
    rows = session.scalars(select(MF).where(MF.user_id == user.id, MF.module_id.in_(module_ids)))
    return {f.module_id: f for f in rows}


def _upsert(
    session: Session,
    user: User,
    module: Module,
    rating: int | None,
    comment: str,
    *,
    keep_rating: bool,
) -> ModuleFeedback:
    now = utcnow()
    found = session.scalar(select(MF).where(MF.user_id == user.id, MF.module_id == module.id))
    if found is None:
        try:
            with session.begin_nested():
                found = MF(
                    user_id=user.id,
                    module_id=module.id,
                    rating=rating,
                    comment=comment,
                    created_at=now,
                    updated_at=now,
                )
                session.add(found)
            return found
        except IntegrityError:  # a parallel submit created it: update that one
            found = session.scalar(
                select(MF).where(MF.user_id == user.id, MF.module_id == module.id)
            )
            assert found is not None
    if keep_rating and found.rating is not None:
        return found
    found.rating, found.comment, found.updated_at = rating, comment, now
    return found


def save(session: Session, user: User, module: Module, rating: int, comment: str) -> ModuleFeedback:
    """Rate a module 1–5 with an optional comment; a second rating edits the first."""
    if rating not in RATINGS:
        raise ValueError(f"rating must be 1–5, not {rating!r}")
    return _upsert(session, user, module, rating, comment.strip(), keep_rating=False)


def skip(session: Session, user: User, module: Module) -> ModuleFeedback:
    """The learner prefers not to rate: remember it so we do not ask again (a rating
    already given is kept)."""
    return _upsert(session, user, module, None, "", keep_rating=True)
