"""A hand-made course history whose every figure is computed by hand in the tests.

The demo course (tests/fixtures/courses/demo-kurz) counts three modules towards completion
(úvod, persony, kvíz); the bonus module is optional. Times are relative to `now`.

learner  enrolled  modules done (days ago)                  completed   last activity
A        41 d      úvod 40, persony 39, bonus 38, kvíz 31   31 d (10 d) 31 d
B        20 d      úvod 19, persony 18, kvíz 16             16 d (4 d)  16 d
C         8 d      úvod 7, persony 7, kvíz 6                 6 d (2 d)   6 d
D        60 d      úvod 59, persony 58, kvíz 54             54 d (6 d)  54 d   certificate revoked
E         5 d      úvod 3; persony opened 2 d ago            –            2 d
F        50 d      úvod opened 45 d ago                      –           45 d
G       100 d      nothing                                   –          100 d
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from academy.auth.models import Role, User
from academy.certificates import services as certificates
from academy.courses.models import Course, Module
from academy.db import utcnow
from academy.extensions import db
from academy.learning import summary
from academy.learning.models import Enrollment, ModuleFeedback, ModuleProgress
from academy.quizzes import grading
from academy.quizzes.models import AttemptStatus, QuizAttempt
from tests.conftest import Auth

COURSE = "demo-kurz"
INSTRUCTOR = "jiri@example.cz"  # listed in the demo course's front matter
ADMIN = "spravce@example.cz"

# (enrolled days ago, {module slug: (opened, done or None)}, completed days ago)
HISTORY = {
    "A": (41, {"uvod": (40, 40), "persony": (39, 39), "bonus": (38, 38), "kviz": (32, 31)}, 31),
    "B": (20, {"uvod": (19, 19), "persony": (18, 18), "kviz": (17, 16)}, 16),
    "C": (8, {"uvod": (7, 7), "persony": (7, 7), "kviz": (6, 6)}, 6),
    "D": (60, {"uvod": (59, 59), "persony": (58, 58), "kviz": (55, 54)}, 54),
    "E": (5, {"uvod": (4, 3), "persony": (2, None)}, None),
    "F": (50, {"uvod": (45, None)}, None),
    "G": (100, {}, None),
}
RATINGS = {
    ("A", "uvod"): 5,
    ("B", "uvod"): 4,
    ("C", "uvod"): 3,
    ("A", "persony"): 2,
    ("E", "uvod"): None,
    ("D", "persony"): 1,
}
COMMENTS = {("D", "persony"): "Příliš teorie, chybí příklad."}

# Quiz answers by question (source order) as option texts or typed text, with the score
# grading gives each: q1 single, q2 multiple (partial credit), q3 text, q4 number.
ANSWERS = {
    "A": ("SPRAVNA-ODPOVED-TAJNA", ["SPRAVNA-KONVERZE"], "STDC", "42,5"),
    "B": ("SPRAVNA-ODPOVED-TAJNA", ["SPRAVNY-PODIL-KONTAKTU"], "see think do care", "40"),
    "C": ("Špatná odpověď", ["SPRAVNA-KONVERZE"], "STDC", "40"),
    "D": (
        "SPRAVNA-ODPOVED-TAJNA",
        ["SPRAVNA-KONVERZE", "Počet zaměstnanců marketingu"],
        "STDC",
        "40",
    ),
    "E": ("Špatná odpověď", ["Počet zaměstnanců marketingu"], "STDC", "42.5"),
}
SUBMITTED = {"A": 31, "B": 16, "C": 6, "D": 54, "E": 2.5}  # days ago
SCORES = {  # what grading gives, by hand
    "A": (1, 0.5, 1, 1),
    "B": (1, 0.5, 1, 0),
    "C": (0, 0.5, 1, 0),
    "D": (1, 0, 1, 0),
    "E": (0, 0, 1, 1),
}


@dataclass
class Journey:
    now: datetime
    users: dict[str, int]
    course_id: int
    modules: dict[str, int]


def ago(now: datetime, days: float | None) -> datetime | None:
    return None if days is None else now - timedelta(days=days)


def answer_sheet(questions: list[dict], answers: tuple) -> dict:
    sheet = {}
    for question, given in zip(questions, answers, strict=True):
        keys = {o["text"]: o["key"] for o in question.get("options") or []}
        if question["kind"] == "single":
            sheet[question["key"]] = keys[given]
        elif question["kind"] == "multiple":
            sheet[question["key"]] = [keys[g] for g in given]
        else:
            sheet[question["key"]] = given
    return sheet


@pytest.fixture
def journey(app, imported) -> Journey:
    now = utcnow()
    with app.app_context():
        session = db.session
        course = session.scalars(select(Course).where(Course.slug == COURSE)).one()
        modules = {m.slug: m for m in course.modules}
        users = {}
        for name, (enrolled, progress, completed) in HISTORY.items():
            user = User(
                email=f"{name.lower()}@example.cz",
                full_name=f"Účastník {name}",
                password_hash="-",
                role=Role.LEARNER,
                email_verified_at=now,
            )
            session.add(user)
            session.flush()
            users[name] = user.id
            session.add(
                Enrollment(
                    user_id=user.id,
                    course_id=course.id,
                    enrolled_at=ago(now, enrolled),
                    completed_at=ago(now, completed),
                )
            )
            for slug, (opened, done) in progress.items():
                session.add(
                    ModuleProgress(
                        user_id=user.id,
                        module_id=modules[slug].id,
                        started_at=ago(now, opened),
                        completed_at=ago(now, done),
                    )
                )
            if completed is not None:
                certificate = certificates.issue(session, user, course, ago(now, completed))
                if name == "D":
                    certificates.revoke(session, certificate, user, "Opsaný kvíz.")
        quiz = modules["kviz"]
        questions = quiz.settings["questions"]
        for name, answers in ANSWERS.items():
            sheet = answer_sheet(questions, answers)
            graded = grading.grade(questions, sheet, 70)
            when = ago(now, SUBMITTED[name])
            session.add(
                QuizAttempt(
                    user_id=users[name],
                    module_id=quiz.id,
                    module_version_id=_version(quiz),
                    number=1,
                    status=AttemptStatus.GRADED,
                    started_at=when,
                    submitted_at=when,
                    pass_mark=70,
                    score=graded.score,
                    passed=graded.passed,
                    questions=questions,
                    answers=sheet,
                    question_scores=graded.question_scores,
                )
            )
        for (name, slug), rating in RATINGS.items():
            session.add(
                ModuleFeedback(
                    user_id=users[name],
                    module_id=modules[slug].id,
                    rating=rating,
                    comment=COMMENTS.get((name, slug), ""),
                )
            )
        session.flush()
        summary.rebuild(session)
        session.commit()
        return Journey(now, users, course.id, {slug: m.id for slug, m in modules.items()})


def _version(module: Module) -> int:
    from academy.courses.models import ModuleVersion

    return db.session.scalar(
        select(ModuleVersion.id).where(
            ModuleVersion.module_id == module.id, ModuleVersion.content_hash == module.content_hash
        )
    )


@pytest.fixture
def admin(auth: Auth) -> Auth:
    auth.create(email=ADMIN, name="Šárka Adminová", role=Role.ADMIN)
    auth.login(email=ADMIN)
    return auth


@pytest.fixture
def instructor(auth: Auth) -> Auth:
    auth.create(email=INSTRUCTOR, name="Jiří Šťastný", role=Role.INSTRUCTOR)
    auth.login(email=INSTRUCTOR)
    return auth


@pytest.fixture
def learner(auth: Auth, imported) -> Auth:
    """A learner, logged in and enrolled in the demo course (the quiz helpers' account)."""
    auth.create(email="ucen@example.cz", name="Učeň Nový")
    auth.login(email="ucen@example.cz")
    auth.post("/courses/demo-kurz/enrol")
    return auth
