"""The course funnel: how many learners reached and completed each module, and where the
journey loses them. Counts come from the per-module counters (ModuleFunnel), enrolments
and completions from the per-enrolment summary rows: the cost does not grow with learners.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, literal, select
from sqlalchemy.orm import Session

from academy.admin.feedback import Comment, RatingSummary, latest_comments, rating_summaries
from academy.companies.report_scope import EVERYONE, ReportScope, enrolment_in_scope
from academy.courses.models import Course, Module
from academy.learning.models import ModuleFunnel, ModuleProgress


@dataclass
class FunnelStep:
    module: Module
    reached: int = 0  # opened the module
    completed: int = 0  # finished it
    counted: bool = True  # counts towards completing the course
    # Reached this module but not the next counted one (or, after the last one, did not
    # complete the course). None for optional modules: skipping them is no drop-out.
    dropped: int | None = None
    rating: RatingSummary = field(default_factory=RatingSummary)
    comments: list[Comment] = field(default_factory=list)


@dataclass
class Funnel:
    course: Course
    enrolled: int
    completed: int
    steps: list[FunnelStep]

    @property
    def worst(self) -> FunnelStep | None:
        """The step that loses the most learners."""
        dropping = [s for s in self.steps if s.dropped]
        return max(dropping, key=lambda s: s.dropped or 0, default=None)

    @property
    def lowest_rated(self) -> FunnelStep | None:
        rated = [s for s in self.steps if s.rating.average is not None]
        return min(rated, key=lambda s: s.rating.average or 0, default=None)


def module_counts(session: Session, module_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Per module: (learners who opened it, learners who finished it)."""
    if not module_ids:
        return {}
    stmt = (
        select(
            ModuleFunnel.module_id, func.sum(ModuleFunnel.reached), func.sum(ModuleFunnel.completed)
        )
        .where(ModuleFunnel.module_id.in_(module_ids))
        .group_by(ModuleFunnel.module_id)
    )
    return {m: (int(reached), int(done)) for m, reached, done in session.execute(stmt)}


def scoped_module_counts(
    session: Session, course_id: int, module_ids: list[int], scope: ReportScope
) -> dict[int, tuple[int, int]]:
    """module_counts of the scope's people only: their progress rows, grouped by module
    (one statement; the rows scanned grow with the scope's people, not the academy's)."""
    in_scope = enrolment_in_scope(scope, ModuleProgress.user_id, literal(course_id))
    if not module_ids or in_scope is None:
        return module_counts(session, module_ids)
    stmt = (
        select(ModuleProgress.module_id, func.count(), func.count(ModuleProgress.completed_at))
        .where(ModuleProgress.module_id.in_(module_ids), in_scope)
        .group_by(ModuleProgress.module_id)
    )
    return {m: (int(reached), int(done)) for m, reached, done in session.execute(stmt)}


def course_funnel(
    session: Session,
    course: Course,
    enrolled: int,
    completed: int,
    counted: set[int],
    comments_per_module: int = 3,
    scope: ReportScope = EVERYONE,
) -> Funnel:
    """The funnel of the course's live modules in their order (four queries); with a
    company or cohort `scope`, of its people's progress, ratings and comments only."""
    modules = list(
        session.scalars(
            select(Module)
            .where(Module.course_id == course.id, Module.archived_at.is_(None))
            .order_by(Module.position, Module.id)
        )
    )
    ids = [m.id for m in modules]
    counts = scoped_module_counts(session, course.id, ids, scope)
    ratings = rating_summaries(session, ids, scope, course.id)
    comments = latest_comments(session, ids, comments_per_module, scope, course.id)
    steps = [
        FunnelStep(
            module=m,
            reached=counts.get(m.id, (0, 0))[0],
            completed=counts.get(m.id, (0, 0))[1],
            counted=m.id in counted,
            rating=ratings[m.id],
            comments=comments[m.id],
        )
        for m in modules
    ]
    path = [s for s in steps if s.counted]
    for step, following in zip(path, path[1:], strict=False):
        step.dropped = max(0, step.reached - following.reached)
    if path:
        path[-1].dropped = max(0, path[-1].reached - completed)
    return Funnel(course, enrolled, completed, steps)
