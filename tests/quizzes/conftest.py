"""Quiz helpers: a learner enrolled in the demo course, and answers by question and option text.

The demo quiz (tests/fixtures/courses/demo-kurz/04-kviz.md) has four questions, in this order:
single choice, multiple choice, short text, numeric. Its options are shuffled per attempt.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, update

from academy.courses.models import Module
from academy.extensions import db
from academy.quizzes.models import QuizAttempt
from tests.conftest import Auth, csrf_token

COURSE = "/courses/demo-kurz"
QUIZ = f"{COURSE}/kviz"
LEARNER = "ucen@example.cz"

RIGHT: dict[int, Any] = {
    0: "SPRAVNA-ODPOVED-TAJNA",
    1: ["SPRAVNA-KONVERZE", "SPRAVNY-PODIL-KONTAKTU"],
    2: "  see think do care ",
    3: "42,5",
}
WRONG: dict[int, Any] = {
    0: "Špatná odpověď",
    1: ["SPRAVNA-KONVERZE", "Počet zaměstnanců marketingu"],
    2: "nevím",
    3: "40",
}
# What must never be in a page or response before the attempt is graded.
SECRETS = [
    "See-Think-Do-Care",
    "STDC",
    "42,5",
    "42.5",
    "0.01",
    "0,01",
    "Vysvětlení.",
    "Tahle odpověď to není.",
    "Ano, konverze je základní metrika.",
    "Tohle je interní údaj",
    "Avinash Kaushik",
    '"correct"',
    "is-correct",
    "správná odpověď",
    "Správná odpověď",
    "tolerance",
]


@pytest.fixture
def learner(auth: Auth, imported) -> Auth:
    """A learner, logged in and enrolled in the demo course."""
    auth.create(email=LEARNER, name="Učeň Nový")
    auth.login(email=LEARNER)
    auth.post(f"{COURSE}/enrol")
    return auth


def quiz_settings(app, **changes: Any) -> None:
    """Change the demo quiz's rules, as an edited front matter would."""
    with app.app_context():
        module = db.session.scalar(select(Module).where(Module.slug == "kviz"))
        module.settings = {**module.settings, **changes}
        db.session.commit()


def attempt_row(app, number: int = 1, email: str = LEARNER) -> dict[str, Any]:
    from academy.auth.models import User

    with app.app_context():
        attempt = db.session.scalar(
            select(QuizAttempt)
            .join(User, User.id == QuizAttempt.user_id)
            .where(User.email == email, QuizAttempt.number == number)
        )
        assert attempt is not None, f"no attempt {number}"
        return {c.key: getattr(attempt, c.key) for c in QuizAttempt.__table__.columns}


def move_attempt(app, number: int = 1, **values: Any) -> None:
    """Set an attempt's times, as if the clock had moved on."""
    with app.app_context():
        db.session.execute(update(QuizAttempt).where(QuizAttempt.number == number).values(**values))
        db.session.commit()


def answer_form(app, number: int, answers: dict[int, Any]) -> dict[str, Any]:
    """Form fields answering question i (source order) with option text(s) or typed text."""
    sheet = attempt_row(app, number)["questions"]
    data: dict[str, Any] = {}
    for index, value in answers.items():
        question = sheet[index]
        by_text = {o["text"]: o["key"] for o in question["options"]}
        name = f"q_{question['key']}"
        if question["kind"] == "multiple":
            data[name] = [by_text[v] for v in value]
        elif question["kind"] == "single":
            data[name] = by_text[value]
        else:
            data[name] = value
    return data


def start(auth: Auth, follow: bool = False):
    return auth.post(f"{QUIZ}/attempts", follow_redirects=follow)


def submit(auth: Auth, number: int, answers: dict[int, Any], **extra: Any):
    data = {**answer_form(auth.app, number, answers), "submit": "Odevzdat kvíz", **extra}
    return auth.post(f"{QUIZ}/attempts/{number}", data)


def autosave(auth: Auth, number: int, payload: dict[str, Any], token: str | None = None):
    token = token or csrf_token(auth.client, "/")
    return auth.client.post(
        f"{QUIZ}/attempts/{number}/answers",
        json=payload,
        headers={"X-CSRFToken": token, "Accept": "application/json"},
    )
