"""Who reaches the admin pages: admins, and instructors for their own courses only."""

from __future__ import annotations

from flask import abort, g
from flask_login import current_user

from academy.admin.scope import visible_courses
from academy.auth.access import roles_required
from academy.auth.models import Role
from academy.courses.models import Course
from academy.extensions import db

staff_required = roles_required(Role.INSTRUCTOR, Role.ADMIN)
admin_required = roles_required(Role.ADMIN)


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
