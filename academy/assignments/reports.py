"""What the admin sees of reviewed work: per assignment how many handed in, wait, were returned
or accepted and how long the first review took; each learner's hand-ins and reviews on their
timeline; every reviewed version as CSV rows. Reads only; each report is one query."""

from __future__ import annotations

import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from academy.assignments.models import SubmissionVersion, WorkStatus, WorkSubmission
from academy.auth.models import User
from academy.courses.models import Course, Module

WORK_SUBMITTED, WORK_REVIEWED = "work_submitted", "work_reviewed"


@dataclass
class AssignmentFigures:
    module: Module
    handed_in: int = 0  # learners who handed in at least once
    waiting: int = 0
    returned: int = 0
    accepted: int = 0
    oldest_waiting: datetime | None = None
    first_review_hours: list[float] = field(default_factory=list)

    @property
    def median_first_review_hours(self) -> float | None:
        """The median time from a learner's first hand-in to the first review, in hours."""
        return statistics.median(self.first_review_hours) if self.first_review_hours else None


def course_figures(session: Session, course: Course) -> list[AssignmentFigures]:
    """Each assignment of the course with its counts and time to first review (one query)."""
    figures = {
        m.id: AssignmentFigures(m)
        for m in course.modules
        if m.kind.value == "assignment" and m.archived_at is None
    }
    rows = session.execute(
        select(
            WorkSubmission.module_id,
            WorkSubmission.status,
            WorkSubmission.submitted_at,
            WorkSubmission.first_submitted_at,
            WorkSubmission.first_reviewed_at,
        ).where(WorkSubmission.course_id == course.id, WorkSubmission.versions_count > 0)
    )
    for module_id, status, submitted_at, first_in, first_review in rows:
        found = figures.get(module_id)
        if found is None:
            continue
        found.handed_in += 1
        if status in (WorkStatus.SUBMITTED, WorkStatus.IN_REVIEW):
            found.waiting += 1
            if found.oldest_waiting is None or submitted_at < found.oldest_waiting:
                found.oldest_waiting = submitted_at
        elif status == WorkStatus.RETURNED:
            found.returned += 1
        elif status == WorkStatus.ACCEPTED:
            found.accepted += 1
        if first_in is not None and first_review is not None:
            found.first_review_hours.append((first_review - first_in).total_seconds() / 3600)
    return list(figures.values())


@dataclass(frozen=True)
class WorkEvent:
    at: datetime
    kind: str  # WORK_SUBMITTED | WORK_REVIEWED
    module_id: int
    details: dict[str, Any]


def timeline_events(session: Session, learner_id: int, module_ids: list[int]) -> list[WorkEvent]:
    """A learner's hand-ins and the reviews they got in these modules (one query, none
    without modules)."""
    events: list[WorkEvent] = []
    if not module_ids:
        return events
    rows = session.execute(
        select(
            WorkSubmission.module_id,
            SubmissionVersion.number,
            SubmissionVersion.submitted_at,
            SubmissionVersion.decision,
            SubmissionVersion.total,
            SubmissionVersion.reviewed_at,
        )
        .join(SubmissionVersion, SubmissionVersion.submission_id == WorkSubmission.id)
        .where(WorkSubmission.user_id == learner_id, WorkSubmission.module_id.in_(module_ids))
    )
    for module_id, number, submitted_at, decision, total, reviewed_at in rows:
        events.append(WorkEvent(submitted_at, WORK_SUBMITTED, module_id, {"number": number}))
        if decision and reviewed_at:
            events.append(
                WorkEvent(
                    reviewed_at,
                    WORK_REVIEWED,
                    module_id,
                    {"number": number, "decision": decision, "total": total},
                )
            )
    return events


def work_statement(course_ids: list[int]):  # type: ignore[no-untyped-def]
    return (
        select(
            User.full_name,
            User.email,
            Course.title,
            Module.title,
            SubmissionVersion.number,
            SubmissionVersion.submitted_at,
            SubmissionVersion.decision,
            SubmissionVersion.total,
            SubmissionVersion.reviewed_at,
        )
        .join(WorkSubmission, WorkSubmission.id == SubmissionVersion.submission_id)
        .join(Module, Module.id == WorkSubmission.module_id)
        .join(Course, Course.id == WorkSubmission.course_id)
        .join(User, User.id == WorkSubmission.user_id)
        .where(WorkSubmission.course_id.in_(course_ids))
        .order_by(Course.title, Module.position, User.full_name, SubmissionVersion.number)
    )


def work_rows(
    engine: Engine, course_ids: list[int], decisions: dict[str, str]
) -> Iterator[Sequence[Any]]:
    """Every hand-in with its review and the hours it waited for it, for the CSV."""
    with engine.connect() as connection:
        result = connection.execution_options(yield_per=2000).execute(work_statement(course_ids))
        for name, email, course, module, number, submitted, decision, total, reviewed in result:
            waited = (reviewed - submitted).total_seconds() / 3600 if reviewed else None
            yield (
                name,
                email,
                course,
                module,
                number,
                submitted,
                decisions.get(decision or "", decisions[""]),
                total,
                reviewed,
                round(waited, 1) if waited is not None else None,
            )
