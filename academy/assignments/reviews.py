"""The instructor's side: the review queue of a course, taking a submission into review, and
returning or accepting it with rubric scores and feedback. Services flush, never commit.

Two reviewers cannot overwrite each other: every decision is a compare-and-set on the
submission's `revision` that the reviewer's page showed. An accepted assignment completes
its module through learning's completion service, in the same transaction, as a passed quiz.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from academy.assignments import mails
from academy.assignments.models import WAITING, SubmissionVersion, WorkStatus, WorkSubmission
from academy.assignments.services import Rules, WorkRefused, reopen_draft
from academy.audit.services import record
from academy.auth.models import User
from academy.companies.services import member_ids
from academy.courses.models import Course, Module
from academy.learning import progress

FILTERS = {
    "waiting": (WorkStatus.SUBMITTED, WorkStatus.IN_REVIEW),
    "returned": (WorkStatus.RETURNED,),
    "accepted": (WorkStatus.ACCEPTED,),
    "all": (WorkStatus.SUBMITTED, WorkStatus.IN_REVIEW, WorkStatus.RETURNED, WorkStatus.ACCEPTED),
}


@dataclass
class QueueRow:
    submission: WorkSubmission
    learner: User
    module: Module
    reviewer_name: str | None  # who holds it in review or decided it last

    def age_days(self, now: datetime) -> int:
        """Whole days since the latest hand-in."""
        since = self.submission.submitted_at or self.submission.created_at
        return max(0, (now - since).days)


def queue(
    session: Session,
    course: Course,
    status: str = "waiting",
    module_id: int | None = None,
    cohort_id: int | None = None,
) -> list[QueueRow]:
    """Handed-in work of one course, oldest waiting first, in one query; optionally only one
    assignment's, or only the people of one cohort."""
    reviewer = User.__table__.alias("reviewer")
    stmt = (
        select(WorkSubmission, User, Module, reviewer.c.full_name)
        .join(User, User.id == WorkSubmission.user_id)
        .join(Module, Module.id == WorkSubmission.module_id)
        .outerjoin(reviewer, reviewer.c.id == WorkSubmission.reviewer_id)
        .where(
            WorkSubmission.course_id == course.id,
            WorkSubmission.status.in_([s.value for s in FILTERS[status]]),
        )
        .order_by(WorkSubmission.submitted_at, WorkSubmission.id)
    )
    if module_id is not None:
        stmt = stmt.where(WorkSubmission.module_id == module_id)
    if cohort_id is not None:
        stmt = stmt.where(WorkSubmission.user_id.in_(member_ids(cohort_id)))
    rows = []
    for submission, learner, module, reviewer_name in session.execute(stmt):
        rows.append(QueueRow(submission, learner, module, reviewer_name))
    return rows


def counts(session: Session, course: Course) -> dict[str, int]:
    """How many submissions of the course are in each state (one query)."""
    found = dict(
        session.execute(
            select(WorkSubmission.status, func.count())
            .where(WorkSubmission.course_id == course.id)
            .group_by(WorkSubmission.status)
        ).all()
    )
    return {name: sum(found.get(s.value, 0) for s in states) for name, states in FILTERS.items()}


def find_for_review(session: Session, course: Course, submission_id: int) -> WorkSubmission | None:
    """A handed-in submission of `course` with its versions and their files; None otherwise."""
    found = session.scalar(
        select(WorkSubmission)
        .where(
            WorkSubmission.id == submission_id,
            WorkSubmission.course_id == course.id,
            WorkSubmission.versions_count > 0,
        )
        .options(selectinload(WorkSubmission.versions).selectinload(SubmissionVersion.files))
    )
    return found


def take(session: Session, reviewer: User, submission: WorkSubmission, revision: int) -> bool:
    """Mark handed-in work as being reviewed by `reviewer` ("in review" for the learner)."""
    done = session.execute(
        update(WorkSubmission)
        .where(
            WorkSubmission.id == submission.id,
            WorkSubmission.revision == revision,
            WorkSubmission.status == WorkStatus.SUBMITTED.value,
        )
        .values(status=WorkStatus.IN_REVIEW.value, reviewer_id=reviewer.id, revision=revision + 1)
        .execution_options(synchronize_session=False)
    )
    session.refresh(submission)
    return done.rowcount == 1


def score_problem(rules: Rules, scores: dict[str, int | None]) -> str | None:
    for criterion in rules.rubric:
        points = scores.get(criterion["key"])
        if points is None:
            return str(
                _l(
                    "Ohodnoťte všechna kritéria rubriky (chybí „%(name)s“).",
                    name=criterion["criterion"],
                )
            )
        if points not in {lv["points"] for lv in criterion["levels"]}:
            return str(
                _l(
                    "Kritérium „%(name)s“ nemá úroveň za %(points)s b.",
                    name=criterion["criterion"],
                    points=points,
                )
            )
    return None


def decide(
    session: Session,
    reviewer: User,
    submission: WorkSubmission,
    rules: Rules,
    *,
    revision: int,
    accept: bool,
    scores: dict[str, int | None],
    feedback: str,
    now: datetime,
) -> bool:
    """Return or accept the latest version. WorkRefused when the scores do not fit the rubric
    or the passing rule; returns whether the learner's course is now complete.

    A stale `revision` (another reviewer decided, or the learner handed in again) refuses
    with a message and changes nothing."""
    problem = score_problem(rules, scores)
    if problem:
        raise WorkRefused(problem, 422)
    total = sum(int(scores[c["key"]] or 0) for c in rules.rubric) if rules.rubric else None
    if accept and rules.pass_points is not None and (total or 0) < rules.pass_points:
        raise WorkRefused(
            _l(
                "Přijmout lze práci s aspoň %(need)s b.; tato má %(total)s b. "
                "Vraťte ji k opravě s komentářem.",
                need=rules.pass_points,
                total=total or 0,
            ),
            422,
        )
    if not accept and not feedback.strip():
        raise WorkRefused(
            _l("Napište účastníkovi, co má opravit; vrátit práci bez komentáře nelze."), 422
        )
    decision = WorkStatus.ACCEPTED if accept else WorkStatus.RETURNED
    done = session.execute(
        update(WorkSubmission)
        .where(
            WorkSubmission.id == submission.id,
            WorkSubmission.revision == revision,
            WorkSubmission.status.in_([s.value for s in WAITING]),
        )
        .values(
            status=decision.value,
            revision=revision + 1,
            reviewer_id=reviewer.id,
            accepted_at=now if accept else None,
            first_reviewed_at=func.coalesce(WorkSubmission.first_reviewed_at, now),
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(submission)
    if done.rowcount != 1:
        raise WorkRefused(
            _l(
                "Mezitím práci vyhodnotil někdo jiný nebo účastník odevzdal novou "
                "verzi. Vaše hodnocení jsme neuložili; je níže ve formuláři, "
                "porovnejte ho s aktuálním stavem."
            ),
            409,
        )
    version = session.scalar(
        select(SubmissionVersion).where(
            SubmissionVersion.submission_id == submission.id,
            SubmissionVersion.number == submission.versions_count,
        )
    )
    assert version is not None
    version.decision, version.scores, version.total = decision.value, dict(scores), total
    version.feedback, version.reviewer_id, version.reviewed_at = feedback.strip(), reviewer.id, now
    module = session.get(Module, submission.module_id)
    learner = session.get(User, submission.user_id)
    assert module is not None and learner is not None
    record(
        session,
        "assignment_reviewed",
        user_id=learner.id,
        actor_id=reviewer.id,
        email=reviewer.email,
        course=module.course.slug,
        module=module.slug,
        submission=submission.id,
        version=version.number,
        decision=decision.value,
        total=total,
    )
    mails.work_reviewed(session, learner, module, submission, version)
    session.flush()
    if not accept:
        reopen_draft(session, submission, version)
        session.flush()
        return False
    state = progress.outline(session, learner, module.course)
    if not any(s.module.id == module.id for s in state.states):
        return False
    return progress.complete_module(session, learner, state, module)
