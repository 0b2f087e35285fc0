"""One learner's story in the courses a member of staff reviews: enrolments, modules done,
quiz attempts, certificates, ratings and resets, newest first. A fixed number of queries,
each bounded by this learner's own activity."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from academy.assignments import reports as assignment_reports
from academy.auth.models import User
from academy.certificates.models import Certificate, CertificateEvent
from academy.courses.models import Course, Module, ModuleKind
from academy.learning.models import Enrollment, LearnerActivity, ModuleFeedback, ModuleProgress
from academy.notifications.models import OutboxMail
from academy.quizzes.models import AttemptStatus, QuizAttempt, QuizReset

ENROLLED, MODULE_DONE, QUIZ_ATTEMPT = "enrolled", "module_done", "quiz_attempt"
CERTIFICATE, FEEDBACK, QUIZ_RESET = "certificate", "feedback", "quiz_reset"
MAIL = "mail"
MAILS_SHOWN = 50  # the newest; reminders over years of silence must not swamp the page


@dataclass(frozen=True)
class Event:
    at: datetime
    kind: str
    course: Course | None  # None: an account mail, about no course
    module: Module | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class QuizStanding:
    """A quiz the learner has attempts at that still count: what a reset would clear."""

    module: Module
    counting: int = 0
    best: float | None = None


@dataclass
class LearnerStory:
    learner: User
    enrollments: list[tuple[Course, Enrollment, LearnerActivity | None]]
    events: list[Event]
    quizzes: list[QuizStanding]
    certificates: list[tuple[Course, Certificate]]


def learner_story(session: Session, learner: User, courses: list[Course]) -> LearnerStory | None:
    """None when the learner is not enrolled in any of `courses`."""
    by_id = {c.id: c for c in courses}
    enrollments = [
        (by_id[e.course_id], e, a)
        for e, a in session.execute(
            select(Enrollment, LearnerActivity)
            .outerjoin(LearnerActivity, LearnerActivity.enrollment_id == Enrollment.id)
            .where(Enrollment.user_id == learner.id, Enrollment.course_id.in_(by_id))
            .order_by(Enrollment.enrolled_at.desc())
        )
    ]
    if not enrollments:
        return None
    mine = [c.id for c, _e, _a in enrollments]
    modules = {m.id: m for m in session.scalars(select(Module).where(Module.course_id.in_(mine)))}
    ids = list(modules)
    events = [Event(e.enrolled_at, ENROLLED, c) for c, e, _a in enrollments]

    def module_event(at: datetime, kind: str, module_id: int, **details: Any) -> Event:
        module = modules[module_id]
        return Event(at, kind, by_id[module.course_id], module, details)

    for module_id, done_at in session.execute(
        select(ModuleProgress.module_id, ModuleProgress.completed_at).where(
            ModuleProgress.user_id == learner.id,
            ModuleProgress.module_id.in_(ids),
            ModuleProgress.completed_at.is_not(None),
        )
    ):
        events.append(module_event(done_at, MODULE_DONE, module_id))
    quizzes: dict[int, QuizStanding] = {}
    for module_id, number, status, submitted, score, passed, reset_id in session.execute(
        select(
            QuizAttempt.module_id,
            QuizAttempt.number,
            QuizAttempt.status,
            QuizAttempt.submitted_at,
            QuizAttempt.score,
            QuizAttempt.passed,
            QuizAttempt.reset_id,
        )
        .where(QuizAttempt.user_id == learner.id, QuizAttempt.module_id.in_(ids))
        .order_by(QuizAttempt.number)
    ):
        if reset_id is None and modules[module_id].kind is ModuleKind.QUIZ:
            standing = quizzes.setdefault(module_id, QuizStanding(modules[module_id]))
            standing.counting += 1
            if score is not None:
                standing.best = max(standing.best or 0.0, score)
        if status is AttemptStatus.GRADED and submitted is not None:
            events.append(
                module_event(
                    submitted,
                    QUIZ_ATTEMPT,
                    module_id,
                    number=number,
                    score=score,
                    passed=passed,
                    voided=reset_id is not None,
                )
            )
    certificates: dict[int, tuple[Course, Certificate]] = {}
    for certificate, event in session.execute(
        select(Certificate, CertificateEvent)
        .join(CertificateEvent, CertificateEvent.certificate_id == Certificate.id)
        .where(Certificate.user_id == learner.id, Certificate.course_id.in_(mine))
        .order_by(CertificateEvent.at)
    ):
        certificates[certificate.id] = (by_id[certificate.course_id], certificate)
        events.append(
            Event(
                event.at,
                CERTIFICATE,
                by_id[certificate.course_id],
                None,
                {"event": event.kind.value, "code": certificate.code, "reason": event.reason},
            )
        )
    for feedback in session.scalars(
        select(ModuleFeedback).where(
            ModuleFeedback.user_id == learner.id,
            ModuleFeedback.module_id.in_(ids),
            ModuleFeedback.rating.is_not(None),
        )
    ):
        events.append(
            module_event(
                feedback.updated_at,
                FEEDBACK,
                feedback.module_id,
                rating=feedback.rating,
                comment=feedback.comment,
            )
        )
    for reset in session.scalars(
        select(QuizReset).where(QuizReset.learner_id == learner.id, QuizReset.module_id.in_(ids))
    ):
        events.append(
            module_event(
                reset.created_at,
                QUIZ_RESET,
                reset.module_id,
                attempts=reset.attempts_voided,
                reason=reset.reason,
            )
        )
    for mail in session.scalars(
        select(OutboxMail)
        .where(
            OutboxMail.user_id == learner.id,
            or_(OutboxMail.course_id.is_(None), OutboxMail.course_id.in_(mine)),
        )
        .order_by(OutboxMail.created_at.desc())
        .limit(MAILS_SHOWN)
    ):
        events.append(
            Event(
                mail.created_at,
                MAIL,
                by_id.get(mail.course_id or 0),
                None,
                {"subject": mail.subject, "state": mail.state.value, "error": mail.last_error},
            )
        )
    works = [i for i in ids if modules[i].kind is ModuleKind.ASSIGNMENT]  # hand-ins, reviews
    for work in assignment_reports.timeline_events(session, learner.id, works):
        events.append(module_event(work.at, work.kind, work.module_id, **work.details))
    events.sort(key=lambda e: e.at, reverse=True)
    return LearnerStory(
        learner, enrollments, events, list(quizzes.values()), list(certificates.values())
    )
