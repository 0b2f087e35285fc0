"""The course funnel: how many learners reached and completed each module, and where the
journey loses them. Counts come from the per-module counters (ModuleFunnel), enrolments
and completions from the per-enrolment summary rows: the cost does not grow with learners.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from academy.admin.feedback import Comment, RatingSummary, latest_comments, rating_summaries
from academy.courses.models import Course, Module
from academy.learning.models import ModuleFunnel


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


def course_funnel(
    session: Session,
    course: Course,
    enrolled: int,
    completed: int,
    counted: set[int],
    comments_per_module: int = 3,
) -> Funnel:
    """The funnel of the course's live modules in their order (four queries)."""
    modules = list(
        session.scalars(
            select(Module)
            .where(Module.course_id == course.id, Module.archived_at.is_(None))
            .order_by(Module.position, Module.id)
        )
    )
    ids = [m.id for m in modules]
    counts = module_counts(session, ids)
    ratings = rating_summaries(session, ids)
    comments = latest_comments(session, ids, comments_per_module)
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
