"""A course's media revision: raised whenever one of its files may have changed under its
name, so every node's working copy of the files follows (academy.media.backends)."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from academy.courses.models import Course


def media_changed(session: Session, course_slug: str) -> None:
    """One UPDATE (no read-modify-write: two changes at once both count)."""
    session.execute(
        update(Course)
        .where(Course.slug == course_slug)
        .values(media_revision=Course.media_revision + 1)
        .execution_options(synchronize_session=False)
    )
