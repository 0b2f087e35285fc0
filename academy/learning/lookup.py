"""The course and the module a URL names, as the current user may see them; 404 otherwise.

One home for "the module by its slug, else 404": the learner's pages read the module from
the learner's outline of the course (what they may see, with their progress), staff pages
from the course itself.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from academy.courses.models import Course, Module, ModuleKind
from academy.extensions import db
from academy.learning import progress


def outline_or_404(
    slug: str, *, bodies: bool = True, feedback: bool = False, enrolled: bool = False
) -> progress.Outline:
    """The current user's outline of the course; 404 if they may not see it (or, with
    `enrolled`, are not enrolled in it)."""
    outline = progress.find_outline(
        db.session, current_user, slug, bodies=bodies, feedback=feedback
    )
    if outline is None or (enrolled and outline.enrollment is None):
        abort(404)
    return outline


def module_or_404(
    outline: progress.Outline,
    module_slug: str,
    kind: ModuleKind | None = None,
    *,
    done: bool = False,
) -> Module:
    """The module of the outline named `module_slug` (of `kind`, and finished when `done`)."""
    for state in outline.states:
        if state.module.slug != module_slug or (kind is not None and state.module.kind is not kind):
            continue
        if done and state.status != progress.DONE:
            break
        return state.module
    abort(404)


def course_module_or_404(
    course: Course, module_slug: str, kind: ModuleKind | None = None
) -> Module:
    """A module of the course, archived ones included (staff pages)."""
    for module in course.modules:
        if module.slug == module_slug and (kind is None or module.kind is kind):
            return module
    abort(404)
