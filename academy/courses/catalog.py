"""What learners can find: the catalog and visibility of courses."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from academy.auth.models import User
from academy.courses.models import Course, Module
from academy.courses.staff import is_course_staff


@dataclass(frozen=True)
class CatalogEntry:
    course: Course
    module_count: int
    minutes: int


def catalog(session: Session) -> list[CatalogEntry]:
    """Published courses with their module count and length, in one query."""
    live = Module.archived_at.is_(None)
    stmt = (
        select(
            Course,
            func.count(Module.id).filter(live),
            func.coalesce(func.sum(Module.minutes).filter(live), 0),
        )
        .outerjoin(Module, Module.course_id == Course.id)
        .where(Course.published.is_(True))
        .group_by(Course.id)
        .order_by(Course.title)
    )
    return [CatalogEntry(c, n, int(m)) for c, n, m in session.execute(stmt)]


def can_view(user: User | None, course: Course) -> bool:
    """Published courses are public; drafts only for their instructors and admins."""
    return course.published or is_course_staff(user, course)


def find_course(session: Session, slug: str) -> Course | None:
    return session.scalar(select(Course).where(Course.slug == slug))
