"""Taking quizzes: start, autosave, submit, time out, review, reset.

Services take a Session, flush, and never commit. Every change of an attempt's status is a
compare-and-set UPDATE on `status = 'in_progress'`, so parallel requests change it once.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from academy.audit import services as audit
from academy.auth.models import User
from academy.courses.models import Module, ModuleVersion
from academy.learning import progress
from academy.quizzes import grading
from academy.quizzes.grading import Answer
from academy.quizzes.models import AttemptStatus, QuizAttempt, QuizReset
from academy.quizzes.rules import DEFAULT_GRACE, Gate, QuizRules, gate, is_overdue
from academy.quizzes.sheet import draw_sheet


@dataclass
class QuizStanding:
    """A learner's attempts at one quiz (those not voided by a reset) and what they allow."""

    rules: QuizRules
    attempts: list[QuizAttempt]
    now: datetime
    grace: timedelta = DEFAULT_GRACE
    last_number: int = 0  # voided attempts included: numbers are never reused

    @property
    def open_attempt(self) -> QuizAttempt | None:
        return next((a for a in self.attempts if a.is_open), None)

    @property
    def graded(self) -> list[QuizAttempt]:
        return [a for a in self.attempts if a.is_graded]

    @property
    def used(self) -> int:
        return len(self.attempts)

    @property
    def attempts_left(self) -> int | None:
        return self.rules.attempts_left(self.used)

    @property
    def passed(self) -> bool:
        return any(a.passed for a in self.graded)

    @property
    def best(self) -> QuizAttempt | None:
        """The best passing attempt if there is one, else the best attempt."""
        graded = sorted(self.graded, key=lambda a: (bool(a.passed), a.score or 0, -a.number))
        return graded[-1] if graded else None

    @property
    def gate(self) -> Gate:
        finished = [a.submitted_at for a in self.graded if a.submitted_at is not None]
        return gate(self.rules, self.used, max(finished, default=None), self.now)

    @property
    def reveals_answers(self) -> bool:
        return self.rules.reveals_answers(passed=self.passed, used=self.used)

    def is_overdue(self, attempt: QuizAttempt) -> bool:
        return attempt.is_open and is_overdue(attempt.deadline, self.now, self.grace)


def course_pass_mark(module: Module) -> int:
    """The course's certificate pass mark, which a required quiz must also reach."""
    if not module.required:
        return 0
    return int((module.course.certificate_rules or {}).get("pass_mark") or 0)


def standing(
    session: Session, user: User, module: Module, now: datetime, grace: timedelta = DEFAULT_GRACE
) -> QuizStanding:
    """One read of all the learner's attempts, so every decision uses the same snapshot."""
    found = list(
        session.scalars(
            select(QuizAttempt)
            .where(QuizAttempt.user_id == user.id, QuizAttempt.module_id == module.id)
            .order_by(QuizAttempt.number)
        )
    )
    return QuizStanding(
        QuizRules.from_settings(module.settings, course_pass_mark(module)),
        [a for a in found if a.counts],
        now,
        grace,
        last_number=max((a.number for a in found), default=0),
    )


def find_attempt(session: Session, user: User, module: Module, number: int) -> QuizAttempt | None:
    """One of `user`'s own attempts; nobody else's is ever found this way."""
    return session.scalar(
        select(QuizAttempt).where(
            QuizAttempt.user_id == user.id,
            QuizAttempt.module_id == module.id,
            QuizAttempt.number == number,
        )
    )


def start_attempt(
    session: Session,
    user: User,
    module: Module,
    now: datetime,
    *,
    grace: timedelta = DEFAULT_GRACE,
    rng: random.Random | None = None,
) -> QuizAttempt | Gate:
    """Resume the open attempt, or start the next one if the rules allow; else the refusal.

    Parallel starts that read the same attempts compute the same number; the unique
    constraint keeps one and the others resume it.
    """
    state = standing(session, user, module, now, grace)
    open_attempt = state.open_attempt
    if open_attempt is not None and not state.is_overdue(open_attempt):
        return open_attempt
    if open_attempt is not None:
        finish_overdue(session, user, open_attempt, now)
        state = standing(session, user, module, now, grace)
    if not state.gate.allowed:
        return state.gate
    version = session.scalar(
        select(ModuleVersion).where(
            ModuleVersion.module_id == module.id,
            ModuleVersion.content_hash == module.content_hash,
        )
    )
    if version is None:
        raise LookupError(f"module {module.id} has no version {module.content_hash}")
    sheet = draw_sheet(
        version.settings.get("questions") or [],
        shuffle=state.rules.shuffle,
        shuffle_questions=state.rules.shuffle_questions,
        pick=state.rules.pick,
        rng=rng or random.SystemRandom(),
    )
    attempt = QuizAttempt(
        user_id=user.id,
        module_id=module.id,
        module_version_id=version.id,
        number=state.last_number + 1,
        started_at=now,
        deadline=state.rules.deadline(now),
        pass_mark=state.rules.pass_mark,
        questions=sheet,
        answers={},
    )
    try:
        with session.begin_nested():
            session.add(attempt)
    except IntegrityError:
        winner = find_attempt(session, user, module, attempt.number)
        assert winner is not None
        return winner
    return attempt


def save_answers(
    session: Session,
    attempt: QuizAttempt,
    answers: dict[str, Answer],
    now: datetime,
    grace: timedelta = DEFAULT_GRACE,
) -> bool:
    """Autosave: keep the answers of an open attempt; False once it is closed or overdue."""
    if is_overdue(attempt.deadline, now, grace):
        return False
    merged = {**(attempt.answers or {}), **answers}
    done = session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.status == AttemptStatus.IN_PROGRESS)
        .values(answers=merged, saved_at=now)
        .execution_options(synchronize_session=False)
    )
    session.refresh(attempt)
    return done.rowcount == 1


@dataclass
class Submission:
    """What grading did: whether this request graded the attempt and completed the course."""

    graded_now: bool
    course_complete: bool = False


def submit(
    session: Session,
    user: User,
    attempt: QuizAttempt,
    answers: dict[str, Answer],
    now: datetime,
    *,
    timed_out: bool = False,
    outline: progress.Outline | None = None,
) -> Submission:
    """Grade an open attempt once. A second submit (double click, another tab) finds it
    graded and changes nothing. A passed attempt completes the module. `outline`, the
    learner's outline of the quiz's course when the caller has it, saves loading it again."""
    result = grading.grade(attempt.questions, answers, attempt.pass_mark)
    graded = {
        "status": AttemptStatus.GRADED,
        "answers": answers,
        "score": result.score,
        "passed": result.passed,
        "question_scores": result.question_scores,
        "submitted_at": now,
        "timed_out": timed_out,
    }
    done = session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.status == AttemptStatus.IN_PROGRESS)
        .values(**graded)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # graded by a parallel request: show what that one stored
        session.refresh(attempt)
        return Submission(False)
    for name, value in graded.items():  # what this statement stored: no reload needed
        set_committed_value(attempt, name, value)
    if not result.passed:
        return Submission(True)
    module = session.get(Module, attempt.module_id)  # in the identity map when outline is given
    assert module is not None
    state = outline
    if state is None or state.course.id != module.course_id:
        state = progress.outline(session, user, module.course)
    if not any(s.module.id == module.id for s in state.states):
        return Submission(True)
    return Submission(True, progress.complete_module(session, user, state, module))


def finish_overdue(session: Session, user: User, attempt: QuizAttempt, now: datetime) -> Submission:
    """Grade an attempt whose time ran out with the answers saved before the deadline."""
    ended = attempt.deadline if attempt.deadline is not None else now
    return submit(session, user, attempt, dict(attempt.answers or {}), ended, timed_out=True)


def close_locked(
    session: Session,
    user: User,
    attempt: QuizAttempt,
    now: datetime,
    grace: timedelta = DEFAULT_GRACE,
    *,
    for_good: bool,
) -> bool:
    """An open attempt on a module the cohort's schedule locked after it began: graded with
    the answers saved once its time limit (and grace) has passed. An attempt without a
    time limit is graded at once when the lock is `for_good` (a closed course: nothing
    else would ever close it); behind a lock that lifts (a release date) it waits for the
    module to open. While its time runs it stays open, the lock keeping the sheet shut.
    True: it was open and is graded now (by this call or a parallel one)."""
    if not attempt.is_open:
        return False
    if attempt.deadline is not None:
        if not is_overdue(attempt.deadline, now, grace):
            return False
        finish_overdue(session, user, attempt, now)
    elif for_good:
        submit(session, user, attempt, dict(attempt.answers or {}), now)
    else:
        return False
    return True


def latest_number(session: Session, user: User, module: Module) -> int | None:
    """The number of `user`'s latest attempt at the quiz, if any."""
    return session.scalar(
        select(func.max(QuizAttempt.number)).where(
            QuizAttempt.user_id == user.id, QuizAttempt.module_id == module.id
        )
    )


@dataclass
class LearnerAttempts:
    learner: User
    attempts: list[QuizAttempt] = field(default_factory=list)

    @property
    def counting(self) -> list[QuizAttempt]:
        return [a for a in self.attempts if a.counts]

    @property
    def best_score(self) -> float | None:
        scores = [a.score for a in self.attempts if a.is_graded and a.score is not None]
        return max(scores) if scores else None

    @property
    def passed(self) -> bool:
        return any(a.passed for a in self.attempts if a.is_graded)


def learners_attempts(session: Session, module: Module) -> list[LearnerAttempts]:
    """Every learner's attempts at `module`, voided ones included, in one query."""
    rows = session.scalars(
        select(QuizAttempt)
        .join(User, User.id == QuizAttempt.user_id)
        .options(joinedload(QuizAttempt.user))
        .where(QuizAttempt.module_id == module.id)
        .order_by(User.full_name, User.id, QuizAttempt.number)
    )
    found: dict[int, LearnerAttempts] = {}
    for attempt in rows:
        found.setdefault(attempt.user_id, LearnerAttempts(attempt.user)).attempts.append(attempt)
    return list(found.values())


def resets(session: Session, module: Module) -> list[QuizReset]:
    return list(
        session.scalars(
            select(QuizReset)
            .options(joinedload(QuizReset.learner), joinedload(QuizReset.reset_by))
            .where(QuizReset.module_id == module.id)
            .order_by(QuizReset.created_at.desc(), QuizReset.id.desc())
        )
    )


def reset_attempts(
    session: Session, staff: User, learner: User, module: Module, reason: str, now: datetime
) -> QuizReset:
    """Void a learner's attempts so they start again from attempt 1 of the limit.

    The attempts stay for the record; an unfinished one is cancelled. A module already
    completed stays completed. The reset is recorded with its reason and in the audit log.
    """
    reset = QuizReset(
        module_id=module.id,
        learner_id=learner.id,
        reset_by_id=staff.id,
        reason=reason,
        created_at=now,
    )
    session.add(reset)
    session.flush()
    session.execute(
        update(QuizAttempt)
        .where(
            QuizAttempt.user_id == learner.id,
            QuizAttempt.module_id == module.id,
            QuizAttempt.status == AttemptStatus.IN_PROGRESS,
        )
        .values(status=AttemptStatus.CANCELLED)
        .execution_options(synchronize_session=False)
    )
    voided = session.execute(
        update(QuizAttempt)
        .where(
            QuizAttempt.user_id == learner.id,
            QuizAttempt.module_id == module.id,
            QuizAttempt.reset_id.is_(None),
        )
        .values(reset_id=reset.id)
        .execution_options(synchronize_session=False)
    )
    reset.attempts_voided = voided.rowcount
    audit.record(
        session,
        "quiz_attempts_reset",
        user_id=learner.id,
        actor_id=staff.id,
        email=learner.email,
        course=module.course.slug,
        module=module.slug,
        attempts=voided.rowcount,
        reason=reason,
    )
    session.flush()
    return reset
