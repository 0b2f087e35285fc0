"""The question sheet of one attempt: drawn once, shown without answers, reviewed after grading.

Pure functions. The full sheet (with correct answers) is stored on the attempt and never
leaves the server; `shown_questions` is the only view of it a template gets before grading.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass, field
from typing import Any

from academy.quizzes.grading import Answer, is_answered

CORRECT, PARTIAL, WRONG, UNANSWERED = "correct", "partial", "wrong", "unanswered"


def draw_sheet(
    questions: list[dict[str, Any]],
    *,
    shuffle: bool,
    rng: random.Random,
    shuffle_questions: bool = False,
    pick: int | None = None,
) -> list[dict[str, Any]]:
    """The questions for a new attempt: `pick` of them drawn from the pool (in the author's
    order unless `shuffle_questions`), with options shuffled when the quiz asks for it.

    The result is stored with the attempt, so the draw and the order stay the same for its
    whole life: a reload or a retry of the same attempt never redraws.
    """
    sheet = copy.deepcopy(questions)
    if pick is not None and pick < len(sheet):
        drawn = sorted(rng.sample(range(len(sheet)), pick))
        sheet = [sheet[i] for i in drawn]
    if shuffle_questions:
        rng.shuffle(sheet)
    if shuffle:
        for question in sheet:
            rng.shuffle(question.get("options") or [])
    return sheet


@dataclass(frozen=True)
class ShownOption:
    key: str
    text: str


@dataclass(frozen=True)
class ShownQuestion:
    """A question as the learner sees it while answering: no answers, no feedback."""

    key: str
    kind: str
    html: str
    options: list[ShownOption]


def shown_questions(sheet: list[dict[str, Any]]) -> list[ShownQuestion]:
    return [
        ShownQuestion(
            q["key"],
            q["kind"],
            q.get("html") or "",
            [ShownOption(o["key"], o["text"]) for o in q.get("options") or []],
        )
        for q in sheet
    ]


@dataclass(frozen=True)
class ReviewedOption:
    text: str
    chosen: bool
    correct: bool | None  # None while the correct answers are not revealed
    feedback: str


@dataclass(frozen=True)
class ReviewedQuestion:
    key: str
    kind: str
    html: str
    score: float
    status: str
    options: list[ReviewedOption] = field(default_factory=list)
    given: str = ""
    accepted: list[str] = field(default_factory=list)
    feedback: str = ""


def _status(answered: bool, score: float) -> str:
    if not answered:
        return UNANSWERED
    if score >= 1:
        return CORRECT
    return PARTIAL if score > 0 else WRONG


def _format_number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}".replace(".", ",")


def review(
    sheet: list[dict[str, Any]],
    answers: dict[str, Answer],
    scores: dict[str, float],
    *,
    reveal: bool,
) -> list[ReviewedQuestion]:
    """What the result page shows for each question.

    Always: the learner's answer and its score. With `reveal` (the quiz's show_answers
    policy): which options are correct, the accepted answers, and the explanations (the
    feedback of every option and of the question), which would otherwise give answers away.
    """
    reviewed = []
    for q in sheet:
        answer = answers.get(q["key"])
        score = float(scores.get(q["key"], 0.0))
        chosen = set(answer) if isinstance(answer, list) else {answer}
        options = [
            ReviewedOption(
                o["text"],
                o["key"] in chosen,
                bool(o["correct"]) if reveal else None,
                o.get("feedback", "") if reveal else "",
            )
            for o in q.get("options") or []
        ]
        accepted: list[str] = []
        if reveal and q["kind"] == "text":
            accepted = list(q.get("answers") or [])
        elif reveal and q["kind"] == "number":
            accepted = [_format_number(q.get("number"))]
            if q.get("tolerance"):
                accepted = [f"{accepted[0]} ± {_format_number(q['tolerance'])}"]
        reviewed.append(
            ReviewedQuestion(
                key=q["key"],
                kind=q["kind"],
                html=q.get("html") or "",
                score=score,
                status=_status(is_answered(q, answer), score),
                options=options,
                given=answer if isinstance(answer, str) and q["kind"] in ("text", "number") else "",
                accepted=accepted,
                feedback=q.get("feedback", "") if reveal else "",
            )
        )
    return reviewed
