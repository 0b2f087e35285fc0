"""Enrolment and progress: the learner's path through a course.

Services take a Session, flush, and never commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from sqlalchemy import Integer, Select, String, and_, bindparam, or_, select, update
from sqlalchemy.orm import Session, defer

from academy.auth.models import User
from academy.certificates import services as certificates
from academy.courses.catalog import can_view
from academy.courses.models import Course, Module, ModuleKind
from academy.db import insert_or_read_back, utcnow
from academy.learning import summary
from academy.learning.models import Enrollment, LearnerActivity, ModuleFeedback, ModuleProgress

NOT_STARTED, IN_PROGRESS, DONE = "not_started", "in_progress", "done"


@dataclass
class ModuleState:
    module: Module
    progress: ModuleProgress | None
    # the learner's rating of the module, when the outline was read with `feedback=True`
    feedback: ModuleFeedback | None = None

    @property
    def status(self) -> str:
        if self.progress is None:
            return NOT_STARTED
        return DONE if self.progress.is_done else IN_PROGRESS


@dataclass
class Outline:
    """A course's visible modules with this learner's state in each."""

    course: Course
    enrollment: Enrollment | None
    states: list[ModuleState] = field(default_factory=list)
    # when the admin's summary row last saw activity (None: no row), read with the enrolment
    last_activity_at: datetime | None = None
    # True when the states carry the learner's feedback (find_outline(..., feedback=True))
    with_feedback: bool = False

    @property
    def live(self) -> list[ModuleState]:
        """Modules not archived: what the course consists of today."""
        return [s for s in self.states if not s.module.is_archived]

    @property
    def minutes(self) -> int:
        """The course's length: its live modules' minutes, as the catalog sums them."""
        return sum(s.module.minutes or 0 for s in self.live)

    @property
    def counted(self) -> list[ModuleState]:
        """Modules that count towards progress: the required ones (all, if none is)."""
        required = [s for s in self.live if s.module.required]
        return required or self.live

    @property
    def done_count(self) -> int:
        return sum(s.status == DONE for s in self.counted)

    @property
    def percent(self) -> int:
        counted = self.counted
        return round(100 * self.done_count / len(counted)) if counted else 0

    @property
    def is_complete(self) -> bool:
        return bool(self.counted) and self.done_count == len(self.counted)

    @property
    def next_state(self) -> ModuleState | None:
        """Where "Continue" goes: the module last opened if unfinished, else the first undone."""
        if self.enrollment and self.enrollment.last_module_id:
            for state in self.states:
                if state.module.id == self.enrollment.last_module_id and state.status != DONE:
                    return state
        return next((s for s in self.states if s.status != DONE and not s.module.is_archived), None)

    def neighbours(self, module: Module) -> tuple[Module | None, Module | None]:
        modules = [s.module for s in self.states]
        index = modules.index(module)
        previous = modules[index - 1] if index > 0 else None
        following = modules[index + 1] if index + 1 < len(modules) else None
        return previous, following


@cache
def _module_rows(*, bodies: bool, feedback: bool) -> Select:
    """Modules of some courses (`course_ids`) with the learner's (`user_id`) progress and,
    with `feedback`, their rating of each. Built once: only the parameters change."""
    user_id = bindparam("user_id", type_=Integer)
    columns = [Module, ModuleProgress] + ([ModuleFeedback] if feedback else [])
    stmt = (
        select(*columns)
        .outerjoin(
            ModuleProgress,
            and_(ModuleProgress.module_id == Module.id, ModuleProgress.user_id == user_id),
        )
        .where(Module.course_id.in_(bindparam("course_ids", expanding=True)))
        .where(or_(Module.archived_at.is_(None), ModuleProgress.id.is_not(None)))
        .order_by(Module.course_id, Module.position, Module.id)
    )
    if feedback:
        stmt = stmt.outerjoin(
            ModuleFeedback,
            and_(ModuleFeedback.module_id == Module.id, ModuleFeedback.user_id == user_id),
        )
    if not bodies:
        stmt = stmt.options(defer(Module.body_html))
    return stmt


@cache
def _course_with_enrollment() -> Select:
    """The course named `slug` with the learner's (`user_id`) enrolment and summary row."""
    return (
        select(Course, Enrollment, LearnerActivity.last_activity_at)
        .outerjoin(
            Enrollment,
            and_(
                Enrollment.course_id == Course.id,
                Enrollment.user_id == bindparam("user_id", type_=Integer),
            ),
        )
        .outerjoin(LearnerActivity, LearnerActivity.enrollment_id == Enrollment.id)
        .where(Course.slug == bindparam("slug", type_=String))
    )


def _user_id(user: User | None) -> int | None:
    return user.id if user is not None and user.is_authenticated else None


def outlines(
    session: Session, user: User | None, courses: list[Course], *, bodies: bool = True
) -> dict[int, Outline]:
    """Outlines of several courses for one learner, in two queries whatever their number.

    Archived modules stay visible to a learner who has progress in them. `bodies=False`
    leaves the modules' rendered HTML unloaded, for pages that only list modules (a body
    is then loaded only if something reads it).
    """
    result = {c.id: Outline(c, None) for c in courses}
    if not courses:
        return result
    user_id = _user_id(user)
    rows = session.execute(
        _module_rows(bodies=bodies, feedback=False),
        {"user_id": user_id, "course_ids": list(result)},
    )
    for module, progress in rows:
        result[module.course_id].states.append(ModuleState(module, progress))
    if user_id is not None:
        enrollments = session.execute(
            select(Enrollment, LearnerActivity.last_activity_at)
            .outerjoin(LearnerActivity, LearnerActivity.enrollment_id == Enrollment.id)
            .where(Enrollment.user_id == user_id, Enrollment.course_id.in_(result))
        )
        for enrollment, last_activity_at in enrollments:
            result[enrollment.course_id].enrollment = enrollment
            result[enrollment.course_id].last_activity_at = last_activity_at
    return result


def outline(session: Session, user: User | None, course: Course, *, bodies: bool = True) -> Outline:
    return outlines(session, user, [course], bodies=bodies)[course.id]


def find_outline(
    session: Session, user: User | None, slug: str, *, bodies: bool = True, feedback: bool = False
) -> Outline | None:
    """The course named `slug` as this user sees it, or None if there is none they may see.

    Two queries: the course with the learner's enrolment and summary row, then the modules
    with the learner's progress (and, with `feedback=True`, their ratings: the module page's
    rating box then needs no query of its own).
    """
    user_id = _user_id(user)
    row = session.execute(_course_with_enrollment(), {"user_id": user_id, "slug": slug}).first()
    if row is None or not can_view(user, row[0]):
        return None
    course, enrollment, last_activity_at = row
    found = Outline(course, enrollment, last_activity_at=last_activity_at, with_feedback=feedback)
    rows = session.execute(
        _module_rows(bodies=bodies, feedback=feedback),
        {"user_id": user_id, "course_ids": [course.id]},
    )
    for module, progress, *rated in rows:
        found.states.append(ModuleState(module, progress, rated[0] if rated else None))
    return found


def enrol(session: Session, user: User, course: Course) -> Enrollment:
    """Enrol the user; enrolling twice (double click, two tabs) keeps one enrolment."""
    existing = _enrollment(session, user, course)
    if existing is not None:
        return existing
    enrollment, inserted = insert_or_read_back(
        session,
        Enrollment(user_id=user.id, course_id=course.id),
        lambda: _enrollment(session, user, course),
    )
    if inserted:
        summary.enrolled(session, user, enrollment)
    return enrollment


def _enrollment(session: Session, user: User, course: Course) -> Enrollment | None:
    return session.scalar(
        select(Enrollment).where(Enrollment.user_id == user.id, Enrollment.course_id == course.id)
    )


def _progress(session: Session, user: User, module: Module) -> ModuleProgress:
    found = session.scalar(
        select(ModuleProgress).where(
            ModuleProgress.user_id == user.id, ModuleProgress.module_id == module.id
        )
    )
    if found is not None:
        return found
    progress, inserted = insert_or_read_back(
        session,
        ModuleProgress(user_id=user.id, module_id=module.id),
        lambda: _progress(session, user, module),
    )
    if inserted:
        summary.module_started(session, progress)
    return progress


def record_visit(session: Session, user: User, state: Outline, module: Module) -> None:
    """Opening a module starts it (a quiz only when an attempt starts: see `start_module`) and
    makes it the place to continue from.

    Writes only when something changes, so re-reading costs no write.
    """
    enrollment = state.enrollment
    if enrollment is None:
        return
    if module.kind is not ModuleKind.QUIZ:
        start_module(session, user, state, module)
    if enrollment.last_module_id != module.id:
        enrollment.last_module_id = module.id
    summary.visited(session, enrollment, last_activity_at=state.last_activity_at)


def start_module(session: Session, user: User, state: Outline, module: Module) -> None:
    """Mark `module` in progress for `user` (its status "in progress") unless it already is."""
    current = next((s for s in state.states if s.module.id == module.id), None)
    if current is not None and current.progress is None:
        current.progress = _progress(session, user, module)


def can_mark_done(module: Module) -> bool:
    """Quizzes are completed by passing them, recordings we serve by watching 90 % of them
    (the player reports it); other modules by the button."""
    if module.kind in (ModuleKind.QUIZ, ModuleKind.ASSIGNMENT, ModuleKind.JOURNEY_MAP):  # accepted
        return False
    if module.kind is ModuleKind.WEBINAR:
        return str(module.settings.get("video") or "").startswith("https://")
    return True


def complete_module(session: Session, user: User, state: Outline, module: Module) -> bool:
    """Record `module` as done for `user`; idempotent and safe under parallel requests.

    Reading modules call it from "Mark as done"; quizzes when passed; webinars when
    watched. Returns True if the course is now complete.
    """
    progress = _progress(session, user, module)
    if progress.completed_at is None:
        progress.completed_at = utcnow()
        summary.module_completed(session, progress)
    for s in state.states:
        if s.module.id == module.id:
            s.progress = progress
    if state.enrollment is not None and state.is_complete:
        if state.enrollment.completed_at is None:
            state.enrollment.completed_at = utcnow()
        # Issued in the transaction that records completion, never before it.
        certificates.issue(session, user, state.course, state.enrollment.completed_at)
    summary.progressed(session, user, state)
    return state.is_complete


def _complete_once(session: Session, progress: ModuleProgress) -> bool:
    """Record the module's completion time unless the row has one: a compare-and-set, so of
    two requests completing it in parallel exactly one returns True (and counts it)."""
    done = session.execute(
        update(ModuleProgress)
        .where(ModuleProgress.id == progress.id, ModuleProgress.completed_at.is_(None))
        .values(completed_at=utcnow())
        .execution_options(synchronize_session="evaluate")  # `progress` gets the time too
    )
    return bool(done.rowcount)


def my_courses(session: Session, user: User) -> list[Outline]:
    """The learner's enrolled courses, most recent first, with progress."""
    courses = list(
        session.scalars(
            select(Course)
            .join(Enrollment, Enrollment.course_id == Course.id)
            .where(Enrollment.user_id == user.id)
            .order_by(Enrollment.enrolled_at.desc(), Course.id)
        )
    )
    found = outlines(session, user, courses, bodies=False)
    return [found[c.id] for c in courses]
