"""The courses the signed-in member of staff reviews, for their pages: admins every course,
instructors their own (academy.courses.staff). Read once per request."""

from __future__ import annotations

from flask import abort, g
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from academy.auth.models import User
from academy.courses.models import Course
from academy.courses.staff import is_course_staff
from academy.extensions import db


def visible_courses(session: Session, user: User) -> list[Course]:
    """Courses `user` may review, by title; one query. Instructors own a course when its
    front matter lists their e-mail."""
    courses = session.scalars(select(Course).order_by(Course.title, Course.id))
    return [c for c in courses if is_course_staff(user, c)]


def my_courses() -> list[Course]:
    """The courses the current user reviews (read once per request)."""
    if "admin_courses" not in g:
        g.admin_courses = visible_courses(db.session, current_user)
    return g.admin_courses


def course_or_404(slug: str) -> Course:
    """A course the current user reviews; others are not found, as if they did not exist."""
    for course in my_courses():
        if course.slug == slug:
            return course
    abort(404)


def chosen_courses(slug: str | None) -> list[Course]:
    """The course filtered on, or every course the user reviews."""
    return [course_or_404(slug)] if slug else my_courses()
