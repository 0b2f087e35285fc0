"""Which courses a member of staff reviews: admins every course, instructors their own."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from academy.auth.models import User
from academy.courses.models import Course
from academy.courses.staff import is_course_staff


def visible_courses(session: Session, user: User) -> list[Course]:
    """Courses `user` may review, by title; one query. Instructors own a course when its
    front matter lists their e-mail."""
    courses = session.scalars(select(Course).order_by(Course.title, Course.id))
    return [c for c in courses if is_course_staff(user, c)]
