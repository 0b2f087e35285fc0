"""The visual quiz builder's two directions: a quiz module's text read into questions (the
course format's one parser, `academy.courses.quiz_source.parse_quiz`) and the builder's
questions written back as the quiz Markdown the format defines (`write_quiz`, beside it).

The header above the body is kept exactly as written; only the body is replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from academy.courses.quiz_source import Option, Question, parse_quiz, write_quiz
from academy.studio.headers import split

KINDS = ("single", "multiple", "text", "number")
MAX_QUESTIONS = 200
MAX_TEXT = 2000


class BuilderError(Exception):
    """The builder's questions cannot be written; `message` says which and why."""

    def __init__(self, message: str, question: int | None = None) -> None:
        super().__init__(message)
        self.message, self.question = message, question


@dataclass
class ReadQuiz:
    intro: str
    questions: list[dict[str, Any]]
    problems: int  # the parser's complaints about the text as it is


def read(text: str) -> ReadQuiz | None:
    """The quiz in a module's text, for the builder (None when the header is unreadable)."""
    parts = split(text)
    if parts is None:
        return None
    parsed = parse_quiz(parts[1])
    questions = [
        {
            "kind": q.kind or "single",
            "text": q.text,
            "feedback": q.feedback,
            "options": [
                {"text": o.text, "correct": o.correct, "feedback": o.feedback} for o in q.options
            ],
            "answers": list(q.answers),
            "number": "" if q.number is None else _plain(q.number),
            "tolerance": _plain(q.tolerance) if q.kind == "number" else "",
        }
        for q in parsed.questions
    ]
    return ReadQuiz(parsed.intro, questions, len(parsed.problems))


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _string(value: Any, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str):
        return ""
    return value.replace("\r\n", "\n").replace("\r", "\n")[:limit]


def _number(value: Any) -> float | None:
    text = _string(value, 40).strip().replace(",", ".").replace(" ", "")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if number == number and abs(number) < 1e15 else None  # not NaN, not huge


def _question(raw: Any, n: int) -> Question:
    if not isinstance(raw, dict):
        raise BuilderError(_("Otázka %(n)d nemá očekávaný tvar.", n=n), n)
    kind = raw.get("kind")
    text = _string(raw.get("text")).strip()
    if kind not in KINDS:
        raise BuilderError(_("Otázka %(n)d: vyberte druh otázky.", n=n), n)
    if not text:
        raise BuilderError(_("Otázka %(n)d: napište text otázky.", n=n), n)
    question = Question("", kind, text, 0, feedback=_string(raw.get("feedback")).strip())
    if kind in ("single", "multiple"):
        options = raw.get("options") if isinstance(raw.get("options"), list) else []
        for option in options[:50]:
            if not isinstance(option, dict):
                continue
            option_text = " ".join(_string(option.get("text"), 500).split())
            if option_text:
                question.options.append(
                    Option(
                        "",
                        option_text,
                        option.get("correct") is True,
                        " ".join(_string(option.get("feedback")).split()),
                    )
                )
        correct = sum(o.correct for o in question.options)
        if len(question.options) < 2:
            raise BuilderError(_("Otázka %(n)d: přidejte aspoň dvě možnosti.", n=n), n)
        if len({o.text for o in question.options}) < len(question.options):
            raise BuilderError(_("Otázka %(n)d: dvě možnosti mají stejný text.", n=n), n)
        if correct == 0:
            raise BuilderError(_("Otázka %(n)d: označte správnou možnost.", n=n), n)
        if kind == "single" and correct > 1:
            raise BuilderError(
                _(
                    "Otázka %(n)d: s jednou správnou odpovědí smí být správná jen jedna možnost; "
                    "pro víc správných zvolte druh „víc správných“.",
                    n=n,
                ),
                n,
            )
    elif kind == "text":
        answers = raw.get("answers") if isinstance(raw.get("answers"), list) else []
        question.answers = [a for a in (" ".join(_string(x, 500).split()) for x in answers) if a]
        if not question.answers:
            raise BuilderError(_("Otázka %(n)d: napište aspoň jednu uznávanou odpověď.", n=n), n)
    else:
        question.number = _number(raw.get("number"))
        tolerance = _number(raw.get("tolerance") or "0")
        if question.number is None:
            raise BuilderError(_("Otázka %(n)d: správná odpověď musí být číslo.", n=n), n)
        if tolerance is None or tolerance < 0:
            raise BuilderError(_("Otázka %(n)d: tolerance musí být číslo 0 nebo větší.", n=n), n)
        question.tolerance = tolerance
    return question


def write(text: str, payload: Any) -> str:
    """`text` with its quiz body rewritten from the builder's questions.

    Raises BuilderError for questions that cannot be written, or for a header that cannot
    be read; the text written always reads back to the same questions.
    """
    if not isinstance(payload, dict) or not isinstance(payload.get("questions"), list):
        raise BuilderError(_("Požadavek nemá očekávaný tvar."))
    raw_questions = payload["questions"][:MAX_QUESTIONS]
    questions = [_question(raw, n) for n, raw in enumerate(raw_questions, start=1)]
    body = write_quiz(_string(payload.get("intro"), 20_000), questions)
    parsed = parse_quiz(body)
    for n, (want, got) in enumerate(zip(questions, parsed.questions, strict=False), start=1):
        if (got.kind, got.text, len(got.options)) != (want.kind, want.text, len(want.options)):
            raise BuilderError(
                _(
                    "Otázka %(n)d: řádek textu otázky vypadá jako odpověď (začíná „=“, „(x)“, "
                    "„- [ ]“ nebo „>“); přepište ho.",
                    n=n,
                ),
                n,
            )
    if len(parsed.questions) != len(questions) or parsed.problems:
        raise BuilderError(_("Úvod kvízu nesmí obsahovat nadpis „###“; ten začíná otázku."))
    lines = text.replace("\r\n", "\n").split("\n")
    if split(text) is None:
        raise BuilderError(_("Hlavičku v textu nejde přečíst; opravte ji podle kontroly."))
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    return "\n".join(lines[: end + 1]) + "\n\n" + body
