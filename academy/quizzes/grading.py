"""Grading quiz answers: pure functions, no Flask, no database.

A question is the dict stored in an attempt's snapshot (see academy.courses.quiz_source):
`kind` is single | multiple | text | number. Answers are what the learner sent:
an option key, a list of option keys, or the typed text.

Scoring, per question from 0 to 1:
- single choice, short text and numeric answers: 1 when right, else 0;
- multiple choice (partial credit): every correct option ticked earns 1/k and every
  wrong option ticked takes 1/k away, where k is the number of correct options;
  the result never drops below 0. Ticking everything therefore never earns full marks.
The quiz score is the sum of the question scores as a percentage of the number of questions;
the quiz is passed when that percentage reaches the pass mark.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

Answer = str | list[str] | None

_SPACES = re.compile(r"\s+")
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−"})
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
MAX_NUMBER_LENGTH = 40


class NotANumber(ValueError):
    """The learner's numeric answer is not a number."""


def normalise_text(value: str, *, keep_case: bool = False, keep_diacritics: bool = False) -> str:
    """The form of a short text answer that grading compares.

    Spacing and punctuation are ignored ("See Think Do Care" == "see-think-do-care."),
    and unless the author says otherwise, case and diacritics are ignored too ("Ř" == "r").
    """
    text = unicodedata.normalize("NFKC", value)
    if not keep_diacritics:
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    text = unicodedata.normalize("NFC", text)
    if not keep_case:
        text = text.casefold()
    return "".join(
        c for c in text if not c.isspace() and not unicodedata.category(c).startswith("P")
    )


def parse_number(value: str) -> Decimal | None:
    """A typed number: decimal comma or point, spaces as thousands separators.

    Empty input is None (unanswered); anything else that is not a number raises NotANumber.
    """
    text = _SPACES.sub("", value.replace("\u00a0", " ")).translate(_DASHES)
    if not text:
        return None
    if len(text) > MAX_NUMBER_LENGTH or not _NUMBER.match(text):
        raise NotANumber(value)
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the pattern already rules this out
        raise NotANumber(value) from exc


def _decimal(number: float | int | str) -> Decimal:
    return Decimal(str(number))


def question_score(question: dict[str, Any], answer: Answer) -> Fraction:
    """The score of one answer to one question, from 0 to 1 (see the module docstring)."""
    kind = question["kind"]
    if kind == "single":
        correct = {o["key"] for o in question["options"] if o["correct"]}
        return Fraction(int(isinstance(answer, str) and answer in correct))
    if kind == "multiple":
        chosen = set(answer) if isinstance(answer, list) else set()
        correct = {o["key"] for o in question["options"] if o["correct"]}
        known = {o["key"] for o in question["options"]}
        hits = len(chosen & correct)
        misses = len((chosen & known) - correct)
        return max(Fraction(0), Fraction(hits - misses, len(correct)))
    if kind == "text":
        if not isinstance(answer, str) or not answer.strip():
            return Fraction(0)
        keep_case = bool(question.get("case_sensitive"))
        keep_diacritics = bool(question.get("diacritics_sensitive"))
        given = normalise_text(answer, keep_case=keep_case, keep_diacritics=keep_diacritics)
        accepted = {
            normalise_text(a, keep_case=keep_case, keep_diacritics=keep_diacritics)
            for a in question["answers"]
        }
        return Fraction(int(given in accepted))
    if kind == "number":
        if not isinstance(answer, str):
            return Fraction(0)
        try:
            given_number = parse_number(answer)
        except NotANumber:
            return Fraction(0)
        if given_number is None or question.get("number") is None:
            return Fraction(0)
        target = _decimal(question["number"])
        tolerance = _decimal(question.get("tolerance") or 0)
        return Fraction(int(abs(given_number - target) <= tolerance))
    raise ValueError(f"unknown question kind {kind!r}")


@dataclass(frozen=True)
class Grade:
    """A graded attempt: the percentage, whether it passes, and each question's score."""

    score: float
    passed: bool
    question_scores: dict[str, float] = field(default_factory=dict)


def grade(questions: list[dict[str, Any]], answers: dict[str, Answer], pass_mark: int) -> Grade:
    """Grade every question of an attempt; unanswered questions score 0."""
    scores = {q["key"]: question_score(q, answers.get(q["key"])) for q in questions}
    total = sum(scores.values(), Fraction(0))
    percent = total * 100 / len(questions) if questions else Fraction(0)
    return Grade(
        score=round(float(percent), 2),
        passed=bool(questions) and percent >= pass_mark,
        question_scores={key: round(float(s), 4) for key, s in scores.items()},
    )


def is_answered(question: dict[str, Any], answer: Answer) -> bool:
    if isinstance(answer, list):
        return bool(answer)
    return isinstance(answer, str) and bool(answer.strip())
