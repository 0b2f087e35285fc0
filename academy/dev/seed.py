"""`flask dev seed-load`: fill a database with realistic synthetic learners, fast.

The course is written in the course format and imported as any course is; learners,
enrolments, module progress, quiz attempts (graded by the rules of academy.quizzes.grading),
ratings and certificates are generated in Python and written with multi-row inserts in
chunks; the summary rows are then rebuilt by the same code the admin relies on. Every
account shares one precomputed password hash: nobody signs in as a synthetic learner.
"""

from __future__ import annotations

import math
import random
import secrets
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from academy.auth.models import Role, User
from academy.auth.passwords import hash_password
from academy.certificates.models import Certificate, CertificateEvent, CertificateEventKind
from academy.certificates.services import new_code
from academy.courses.importer import import_path
from academy.courses.models import Course, Module, ModuleKind, ModuleVersion
from academy.db import utcnow
from academy.dev import seed_course as content
from academy.learning import summary
from academy.learning.models import Enrollment, ModuleFeedback, ModuleProgress
from academy.quizzes.models import AttemptStatus, QuizAttempt

CHUNK = 5000
FEMALE = [
    "Jana",
    "Eva",
    "Hana",
    "Lucie",
    "Tereza",
    "Kateřina",
    "Petra",
    "Lenka",
    "Veronika",
    "Markéta",
    "Šárka",
    "Zuzana",
    "Barbora",
    "Klára",
    "Alžběta",
    "Jitka",
    "Radka",
]
MALE = [
    "Jiří",
    "Jan",
    "Petr",
    "Tomáš",
    "Martin",
    "Lukáš",
    "Ondřej",
    "Jakub",
    "Pavel",
    "Michal",
    "David",
    "Štěpán",
    "Vojtěch",
    "Matěj",
    "Radek",
    "Zdeněk",
    "Filip",
]
SURNAMES = [
    ("Novák", "Nováková"),
    ("Svoboda", "Svobodová"),
    ("Dvořák", "Dvořáková"),
    ("Černý", "Černá"),
    ("Procházka", "Procházková"),
    ("Kučera", "Kučerová"),
    ("Veselý", "Veselá"),
    ("Horák", "Horáková"),
    ("Němec", "Němcová"),
    ("Marek", "Marková"),
    ("Pospíšil", "Pospíšilová"),
    ("Hájek", "Hájková"),
    ("Jelínek", "Jelínková"),
    ("Růžička", "Růžičková"),
    ("Beneš", "Benešová"),
    ("Šťastný", "Šťastná"),
    ("Král", "Králová"),
    ("Říha", "Říhová"),
]


class SeedError(RuntimeError):
    """The database cannot take the synthetic data as asked; the message says why."""


@dataclass
class Batch:
    users: list[dict[str, Any]] = field(default_factory=list)
    enrollments: list[dict[str, Any]] = field(default_factory=list)
    progress: list[dict[str, Any]] = field(default_factory=list)
    attempts: list[dict[str, Any]] = field(default_factory=list)
    feedback: list[dict[str, Any]] = field(default_factory=list)
    certificates: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class SeedReport:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class Quiz:
    version_id: int
    questions: list[dict[str, Any]]


def _next_id(session: Session, column) -> int:
    return (session.scalar(select(func.max(column))) or 0) + 1


def _answer(
    rng: random.Random, question: dict[str, Any], model: content.QuestionModel, right: bool
) -> tuple[Any, float]:
    """An answer and its score, as academy.quizzes.grading would score it."""
    options = question.get("options") or []
    correct = [o["key"] for o in options if o["correct"]]
    wrong = [o["key"] for o in options if not o["correct"]]
    if question["kind"] == "single":
        if right:
            return correct[0], 1.0
        lure = rng.random() < model.lure
        return (wrong[0] if lure else rng.choice(wrong[1:] or wrong)), 0.0
    if question["kind"] == "multiple":
        if right:
            return list(correct), 1.0
        return rng.choice([([correct[0]], 0.5), ([correct[0], wrong[0]], 0.0), ([wrong[1]], 0.0)])
    if right:
        return rng.choice(["See-Think-Do-Care", "STDC", "see think do care"]), 1.0
    return rng.choice(content.WRONG_TEXT), 0.0


def _quiz(
    rng: random.Random,
    batch: Batch,
    user_id: int,
    module: Module,
    quiz: Quiz,
    ability: float,
    start: datetime,
    now: datetime,
) -> datetime | None:
    """Up to three attempts; the time the quiz was passed, or None."""
    for number in (1, 2, 3):
        submitted = start + timedelta(minutes=rng.uniform(4, 20))
        if submitted > now:
            return None
        theta = ability + 0.5 * (number - 1)
        answers, scores = {}, {}
        for question, model in zip(quiz.questions, content.QUESTIONS, strict=False):
            right = rng.random() < 1 / (1 + math.exp(-model.a * (theta - model.b)))
            answers[question["key"]], scores[question["key"]] = _answer(rng, question, model, right)
        score = round(100 * sum(scores.values()) / len(scores), 2)
        passed = score >= 70
        batch.attempts.append(
            {
                "user_id": user_id,
                "module_id": module.id,
                "module_version_id": quiz.version_id,
                "number": number,
                "status": AttemptStatus.GRADED,
                "started_at": start,
                "submitted_at": submitted,
                "timed_out": False,
                "pass_mark": 70,
                "score": score,
                "passed": passed,
                "questions": quiz.questions,
                "answers": answers,
                "question_scores": scores,
            }
        )
        if passed:
            return submitted
        start = submitted + timedelta(hours=rng.uniform(1, 72))
    return None


def _feedback(
    rng: random.Random, batch: Batch, user_id: int, position: int, module: Module, at: datetime
) -> None:
    if rng.random() > 0.1:
        return
    mean = 2.1 if position == content.HARD_MODULE else 4.1 - 0.04 * position
    rating = min(5, max(1, round(rng.gauss(mean, 0.9))))
    comment = rng.choice(content.COMMENTS[rating]) if rng.random() < 0.35 else ""
    batch.feedback.append(
        {
            "user_id": user_id,
            "module_id": module.id,
            "rating": rating,
            "comment": comment,
            "created_at": at,
            "updated_at": at,
        }
    )


def _learner(
    rng: random.Random,
    batch: Batch,
    ids: tuple[int, int, int],
    course: Course,
    modules: list[Module],
    quizzes: dict[int, Quiz],
    password_hash: str,
    now: datetime,
) -> None:
    user_id, enrollment_id, certificate_id = ids
    female = rng.random() < 0.55
    first = rng.choice(FEMALE if female else MALE)
    last = rng.choice(SURNAMES)[1 if female else 0]
    email = f"{summary.fold(first)}.{summary.fold(last)}.{user_id}@{content.EMAIL_DOMAIN}"
    if user_id % 20000 == 7:  # now and then a name that would be a formula in a spreadsheet
        first = '=HYPERLINK("x")'

    enrolled = now - timedelta(days=365 * rng.random() ** 1.6, minutes=rng.uniform(0, 1440))
    batch.users.append(
        {
            "id": user_id,
            "email": email,
            "full_name": f"{first} {last}",
            "password_hash": password_hash,
            "role": Role.LEARNER,
            "created_at": enrolled - timedelta(hours=rng.uniform(0, 48)),
            "email_verified_at": enrolled - timedelta(hours=rng.uniform(0, 1)),
            "recovery_code_hashes": [],
        }
    )
    ability, pace = rng.gauss(0, 1), rng.lognormvariate(0, 0.8)
    t, last_module, complete = enrolled + timedelta(minutes=rng.uniform(1, 30)), None, True
    for position, module in enumerate(modules, 1):
        start = t if position == 1 else t + timedelta(days=rng.expovariate(1 / pace))
        if start > now or (position > 1 and rng.random() > 0.965):
            complete = False
            break
        row = {
            "user_id": user_id,
            "module_id": module.id,
            "started_at": start,
            "completed_at": None,
        }
        batch.progress.append(row)
        last_module = module.id
        if module.kind is ModuleKind.QUIZ:
            done = _quiz(rng, batch, user_id, module, quizzes[module.id], ability, start, now)
        else:
            keep_on = 0.62 if position == content.HARD_MODULE else 0.985
            done = start + timedelta(minutes=rng.uniform(5, 45))
            done = done if rng.random() < keep_on and done <= now else None
        if done is None:
            complete = False
            break
        row["completed_at"] = t = done
        _feedback(rng, batch, user_id, position, module, done)
    batch.enrollments.append(
        {
            "id": enrollment_id,
            "user_id": user_id,
            "course_id": course.id,
            "enrolled_at": enrolled,
            "last_module_id": last_module,
            "completed_at": t if complete else None,
        }
    )
    if complete:
        batch.certificates.append(
            {
                "id": certificate_id,
                "code": new_code(),
                "user_id": user_id,
                "course_id": course.id,
                "full_name": f"{first} {last}",
                "course_title": course.title,
                "hours": "6",
                "instructors": [content.INSTRUCTOR[0]],
                "completed_on": t.date(),
                "issued_at": t,
                "name_confirmed_at": t + timedelta(hours=1),
                "revision": 1,
            }
        )
        batch.events.append(
            {
                "certificate_id": certificate_id,
                "kind": CertificateEventKind.ISSUED,
                "actor_id": user_id,
                "reason": "",
                "details": {},
                "at": t,
            }
        )


def _write(session: Session, batch: Batch) -> None:
    for model, rows in (
        (User, batch.users),
        (Enrollment, batch.enrollments),
        (ModuleProgress, batch.progress),
        (QuizAttempt, batch.attempts),
        (ModuleFeedback, batch.feedback),
        (Certificate, batch.certificates),
        (CertificateEvent, batch.events),
    ):
        if rows:
            session.execute(insert(model.__table__), rows)


def _course(session: Session, modules: int, media_dir: Path) -> Course:
    """The synthetic course: imported on the first run, reused (with its modules) later."""
    found = session.scalar(select(Course).where(Course.slug == content.SLUG))
    if found is not None:
        return found
    with tempfile.TemporaryDirectory() as tmp:
        content.write_course(Path(tmp), modules)
        report = import_path(session, Path(tmp), media_dir)
    if not report.ok:
        raise SeedError(f"the synthetic course does not import: {report.problems}")
    return session.scalars(select(Course).where(Course.slug == content.SLUG)).one()


def seed_load(
    session: Session,
    learners: int,
    modules: int,
    media_dir: Path,
    *,
    seed: int = 8,
    now: datetime | None = None,
) -> SeedReport:
    """Add `learners` learners with their activity to the synthetic course (created on the
    first run with `modules` modules; later runs add learners to it). Flushes."""
    began, now = time.perf_counter(), now or utcnow()
    rng = random.Random(seed)
    course = _course(session, modules, media_dir)
    ordered = sorted(course.modules, key=lambda m: m.position)
    quizzes = {
        m.id: Quiz(v.id, v.settings["questions"])
        for m, v in session.execute(
            select(Module, ModuleVersion)
            .join(ModuleVersion, ModuleVersion.module_id == Module.id)
            .where(
                Module.course_id == course.id,
                Module.kind == ModuleKind.QUIZ,
                ModuleVersion.content_hash == Module.content_hash,
            )
        )
    }
    password_hash = hash_password(secrets.token_urlsafe(24))
    user_id, enrollment_id, certificate_id = (
        _next_id(session, User.id),
        _next_id(session, Enrollment.id),
        _next_id(session, Certificate.id),
    )
    report = SeedReport()
    for start in range(0, learners, CHUNK):
        batch = Batch()
        for offset in range(start, min(learners, start + CHUNK)):
            ids = (
                user_id + offset,
                enrollment_id + offset,
                certificate_id + len(batch.certificates) + report.counts.get("certificates", 0),
            )
            _learner(rng, batch, ids, course, ordered, quizzes, password_hash, now)
        _write(session, batch)
        for name in ("users", "progress", "attempts", "feedback", "certificates"):
            report.counts[name] = report.counts.get(name, 0) + len(getattr(batch, name))
    _fix_sequences(session)
    report.counts["summary rows"] = summary.rebuild(session, [course.id])
    session.execute(text("ANALYZE"))
    report.seconds = time.perf_counter() - began
    return report


def _fix_sequences(session: Session) -> None:
    """Ids were given explicitly; PostgreSQL's sequences must continue after them."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in ("user_account", "enrollment", "certificate"):
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        )
