"""Who teaches a course: the instructors its front matter lists (by e-mail), and admins.

The one home of the rule; e-mails compare trimmed and in lower case everywhere.
"""

from __future__ import annotations

from typing import Any

from academy.auth.models import Role, User
from academy.courses.models import Course


def instructor_emails(people: list[dict[str, Any]]) -> list[str]:
    """The listed instructors' e-mails, trimmed, lowercased and sorted, without blanks."""
    return sorted({str(p.get("email") or "").strip().lower() for p in people} - {""})


def is_course_staff(user: User | None, course: Course) -> bool:
    """Admins, and the instructors the course lists, with an instructor's account."""
    return teaches(user, course.instructors)


def teaches(user: User | None, instructors: list[dict[str, Any]] | None) -> bool:
    """is_course_staff for a query that read only the course's `instructors` column."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.role is Role.ADMIN:
        return True
    return user.role is Role.INSTRUCTOR and (
        user.email.strip().lower() in instructor_emails(instructors or [])
    )
