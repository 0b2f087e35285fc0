"""Offers of help on the module page, the learner's questions and the instructors' answers.

Services take a Session, flush, and never commit.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from academy.auth.models import User
from academy.courses.models import Course, Module
from academy.courses.staff import is_course_staff
from academy.db import insert_or_read_back, utcnow
from academy.learning.progress import ModuleState, Outline
from academy.questions import letters, triggers
from academy.questions.models import HelpOffer, LearnerQuestion, QuestionReply

MAX_BODY = 4000


@dataclass
class ModuleCare:
    """What the module page shows of care: open offers and the learner's threads here."""

    offers: list[HelpOffer] = field(default_factory=list)
    questions: list[LearnerQuestion] = field(default_factory=list)

    # for course staff reading the module: every learner's questions here, with their names
    staff_view: bool = False
    learner_names: dict[int, str] = field(default_factory=dict)

    @property
    def offer(self) -> HelpOffer | None:
        return self.offers[0] if self.offers else None

    @property
    def request_key(self) -> str:
        """A new key for the question form on this page (see LearnerQuestion.request_key)."""
        return uuid.uuid4().hex


def _offer_rows(session: Session, user: User, module: Module) -> dict[str, HelpOffer]:
    rows = session.scalars(
        select(HelpOffer).where(HelpOffer.user_id == user.id, HelpOffer.module_id == module.id)
    )
    return {o.trigger: o for o in rows}


def _record(
    session: Session, user: User, course: Course, module: Module, hit: triggers.Fired, share: int
) -> HelpOffer:
    """The offer for this trigger, created once (two tabs at once create one)."""
    offer = HelpOffer(
        user_id=user.id,
        course_id=course.id,
        module_id=module.id,
        trigger=hit.trigger,
        holdout=triggers.is_held_out(user.id, course.id, hit.trigger, share),
        quiz_attempt_id=hit.quiz_attempt_id,
    )
    return insert_or_read_back(
        session, offer, lambda: _offer_rows(session, user, module).get(hit.trigger)
    )[0]


def on_module_page(
    session: Session,
    user: User,
    state: Outline,
    module_state: ModuleState,
    now: datetime | None = None,
) -> ModuleCare:
    """Offers that fire here now (each made once per learner, module and trigger; held-out
    learners are recorded, not offered) and the learner's questions in this module.

    One query for the threads; the offers are read only when a trigger fires."""
    module = module_state.module
    if is_course_staff(user, state.course):
        return staff_view(session, module)
    care = ModuleCare(questions=questions_in_module(session, user, module))
    if state.enrollment is None:
        return care
    moment = triggers.Moment(session, user.id, module, module_state.progress, now or utcnow())
    hits = triggers.fired(moment, state.course)
    if not hits:
        return care
    existing = _offer_rows(session, user, module)
    share = triggers.settings(state.course).holdout
    for hit in hits:
        offer = existing.get(hit.trigger) or _record(
            session, user, state.course, module, hit, share
        )
        if offer.is_open:
            care.offers.append(offer)
    return care


def questions_in_module(session: Session, user: User, module: Module) -> list[LearnerQuestion]:
    return list(
        session.scalars(
            select(LearnerQuestion)
            .options(joinedload(LearnerQuestion.replies))
            .where(LearnerQuestion.user_id == user.id, LearnerQuestion.module_id == module.id)
            .order_by(LearnerQuestion.id)
        ).unique()
    )


def staff_view(session: Session, module: Module, limit: int = 50) -> ModuleCare:
    """What the course's instructors see on a module page: the learners' open threads there,
    newest first (withdrawn ones left out); one query."""
    rows = session.execute(
        select(LearnerQuestion, User.full_name)
        .join(User, User.id == LearnerQuestion.user_id)
        .options(joinedload(LearnerQuestion.replies))
        .where(LearnerQuestion.module_id == module.id, LearnerQuestion.withdrawn_at.is_(None))
        .order_by(LearnerQuestion.id.desc())
        .limit(limit)
    ).unique()
    care = ModuleCare(staff_view=True)
    for question, name in rows:
        care.questions.append(question)
        care.learner_names[question.id] = name
    return care


def own_offer(session: Session, user: User, offer_id: int | None) -> HelpOffer | None:
    if offer_id is None:
        return None
    offer = session.get(HelpOffer, offer_id)
    return offer if offer is not None and offer.user_id == user.id else None


def dismiss(session: Session, offer: HelpOffer) -> None:
    """The learner closed the offer: it is not shown again."""
    if offer.closed_at is None:
        offer.closed_at = utcnow()
    session.flush()


def _asked(session: Session, user: User, request_key: str) -> LearnerQuestion | None:
    return session.scalar(
        select(LearnerQuestion).where(
            LearnerQuestion.user_id == user.id, LearnerQuestion.request_key == request_key
        )
    )


def ask(
    session: Session,
    user: User,
    course: Course,
    module: Module,
    body: str,
    *,
    offer: HelpOffer | None = None,
    attachment: str | None = None,
    request_key: str | None = None,
) -> LearnerQuestion:
    """The learner's question to the course's instructors, with where it was asked from:
    the module, and the quiz attempt the offer fired on. The same form sent twice (a double
    click, a resend) makes one question; the instructors are told by e-mail."""
    key = (request_key or "")[:40] or None
    if key is not None and (found := _asked(session, user, key)) is not None:
        return found
    question = LearnerQuestion(
        user_id=user.id,
        course_id=course.id,
        module_id=module.id,
        offer_id=offer.id if offer is not None else None,
        quiz_attempt_id=offer.quiz_attempt_id if offer is not None else None,
        body=body.strip()[:MAX_BODY],
        attachment=attachment,
        request_key=key,
    )
    question, inserted = insert_or_read_back(
        session, question, lambda: _asked(session, user, key or "")
    )
    if not inserted:  # a parallel request with the same form made it
        return question
    if offer is not None and offer.closed_at is None:
        offer.closed_at = utcnow()
    session.flush()
    letters.question_asked(session, question, course, module, user)
    return question


def thread(session: Session, user: User, question_id: int) -> LearnerQuestion | None:
    """A question as `user` may see it: their own, or one of a course they teach. Never a
    company manager's (they are neither); None otherwise, answered as 404."""
    question = session.get(LearnerQuestion, question_id)
    if question is None:
        return None
    if question.user_id == user.id:
        return question
    course = session.get(Course, question.course_id)
    if course is not None and is_course_staff(user, course):
        return question
    return None


def answer(session: Session, staff: User, question: LearnerQuestion, body: str) -> QuestionReply:
    """An instructor answers: the learner is told by e-mail (the outbox, in the same
    transaction); the first answer's time is kept for the time to first answer."""
    reply = QuestionReply(
        question_id=question.id,
        author_id=staff.id,
        author_name=staff.full_name,
        from_staff=True,
        body=body.strip()[:MAX_BODY],
    )
    session.add(reply)
    session.flush()
    if question.first_answered_at is None:
        question.first_answered_at = reply.written_at
    letters.question_answered(session, question, reply)
    session.flush()
    return reply


def follow_up(session: Session, user: User, question: LearnerQuestion, body: str) -> QuestionReply:
    """The learner adds to their own question."""
    reply = QuestionReply(
        question_id=question.id,
        author_id=user.id,
        author_name=user.full_name,
        from_staff=False,
        body=body.strip()[:MAX_BODY],
    )
    session.add(reply)
    session.flush()
    return reply


def withdraw(session: Session, question: LearnerQuestion) -> None:
    """The learner takes the question back: it leaves the instructors' inbox."""
    if question.withdrawn_at is None:
        question.withdrawn_at = utcnow()
    session.flush()


@dataclass(frozen=True)
class InboxRow:
    question: LearnerQuestion
    learner_name: str
    module: Module

    @property
    def wait_seconds(self) -> float | None:
        """Time to the first answer (None while unanswered)."""
        answered = self.question.first_answered_at
        return (answered - self.question.asked_at).total_seconds() if answered else None


def inbox(session: Session, course: Course, *, waiting_only: bool = False) -> list[InboxRow]:
    """A course's questions, unanswered first, newest first; withdrawn ones left out. One
    query."""
    query = (
        select(LearnerQuestion, User.full_name, Module)
        .join(User, User.id == LearnerQuestion.user_id)
        .join(Module, Module.id == LearnerQuestion.module_id)
        .where(LearnerQuestion.course_id == course.id, LearnerQuestion.withdrawn_at.is_(None))
        .order_by(LearnerQuestion.first_answered_at.is_not(None), LearnerQuestion.id.desc())
    )
    if waiting_only:
        query = query.where(LearnerQuestion.first_answered_at.is_(None))
    return [InboxRow(q, name, m) for q, name, m in session.execute(query)]


def erase(session: Session, user: User) -> None:
    """Account deletion: the words of the person's questions and replies go; counts stay."""
    from sqlalchemy import update

    session.execute(
        update(LearnerQuestion)
        .where(LearnerQuestion.user_id == user.id)
        .values(body="", attachment=None)
    )
    session.execute(update(QuestionReply).where(QuestionReply.author_id == user.id).values(body=""))
