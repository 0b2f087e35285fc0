"""The quiz syntax inside a quiz module's Markdown body (docs/course-format.md).

Pure parsing: a body in, questions and problems (with line numbers) out.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from academy.courses.wording import N_

QUESTION_RE = re.compile(r"^###\s+(.+?)\s*#*\s*$")
MULTI_RE = re.compile(r"^[-*]\s+\[([ xX])\]\s+(.+)$")
SINGLE_RE = re.compile(r"^\(([ xX])\)\s+(.+)$")
ANSWER_RE = re.compile(r"^(or)?=\s*(.*)$")
NUMBER_RE = re.compile(r"^(-?\d+(?:[.,]\d+)?)(?:\s*(?:\+-|±)\s*(\S+))?$")
NUMERIC_RE = re.compile(r"^-?\d+(?:[.,]\d+)?$")


@dataclass
class Option:
    key: str
    text: str
    correct: bool
    feedback: str = ""


@dataclass
class Question:
    key: str
    kind: str  # single | multiple | text | number
    text: str
    line: int
    options: list[Option] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    number: float | None = None
    tolerance: float = 0.0
    feedback: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# (line, Czech msgid marked with N_, its arguments); see academy.courses.source.Problem
QuizProblem = tuple[int, str, dict[str, Any]]


@dataclass
class ParsedQuiz:
    intro: str
    questions: list[Question]
    problems: list[QuizProblem]


def _key(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]


def _to_number(text: str) -> float | None:
    text = text.strip().replace(",", ".")
    return float(text) if NUMERIC_RE.match(text) else None


def parse_quiz(body: str, first_line: int = 1) -> ParsedQuiz:
    """Split a quiz body into its introduction and questions.

    Problems are (line, template, args); line numbers count from `first_line`.
    """
    intro: list[str] = []
    questions: list[Question] = []
    problems: list[QuizProblem] = []
    text_lines: list[str] = []
    last_option: Option | None = None
    flagged: set[int] = set()  # questions with a reported problem: no follow-up complaints

    def report(line: int, template: str, **args: Any) -> None:
        problems.append((line, template, args))
        flagged.add(len(questions) - 1)

    def finish() -> None:
        if questions:
            questions[-1].text = "\n".join(text_lines).strip()

    for offset, raw in enumerate(body.split("\n")):
        line_no = first_line + offset
        line = raw.rstrip()
        stripped = line.strip()
        heading = QUESTION_RE.match(line)
        if heading:
            finish()
            title = heading.group(1)
            questions.append(Question(_key(title, str(len(questions))), "", title, line_no))
            text_lines, last_option = [title], None
            continue
        if not questions:
            intro.append(raw)
            continue
        question = questions[-1]
        multi, single, answer = MULTI_RE.match(line), SINGLE_RE.match(line), ANSWER_RE.match(line)
        kind = "multiple" if multi else "single" if single else None
        if kind:
            match = multi or single
            assert match is not None
            if question.kind and question.kind != kind:
                report(
                    line_no,
                    N_(
                        "otázka míchá druhy odpovědí (%(first)s a %(second)s); v jedné otázce "
                        "použijte jen jeden druh"
                    ),
                    first=question.kind,
                    second=kind,
                )
                continue
            question.kind = kind
            option_text = match.group(2).strip()
            if any(o.text == option_text for o in question.options):  # keys would collide
                report(
                    line_no,
                    N_("možnost %(option)s je v této otázce dvakrát; nechte jen jednu"),
                    option=repr(option_text),
                )
            last_option = Option(
                _key(question.key, option_text), option_text, match.group(1) in "xX"
            )
            question.options.append(last_option)
        elif answer:
            value = answer.group(2).strip()
            last_option = None
            if not value:
                report(line_no, N_("za '=' chybí odpověď; napište odpověď, která se má uznat"))
                continue
            number = NUMBER_RE.match(value)
            is_number = bool(number) and not answer.group(1)
            if "+-" in value or "±" in value or is_number:
                if question.kind and question.kind != "number":
                    report(line_no, N_("otázka kombinuje číselnou odpověď s jinými odpověďmi"))
                    continue
                if question.kind == "number":
                    report(
                        line_no, N_("číselná otázka smí mít jen jeden řádek '= číslo +- tolerance'")
                    )
                    continue
                tolerance = _to_number(number.group(2) or "0") if number else None
                if not number or tolerance is None or tolerance < 0:
                    report(
                        line_no,
                        N_(
                            "číselná odpověď %(value)s není číslo s nepovinnou tolerancí, "
                            "např. '= 20 +- 2'"
                        ),
                        value=repr(value),
                    )
                    continue
                question.kind, question.tolerance = "number", tolerance
                question.number = _to_number(number.group(1))
            else:
                if question.kind and question.kind != "text":
                    report(line_no, N_("otázka kombinuje textovou odpověď s jinými odpověďmi"))
                    continue
                if answer.group(1) and not question.answers:
                    report(line_no, N_("'or=' musí následovat po řádku '= odpověď'"))
                    continue
                question.kind = "text"
                question.answers.append(value)
        elif stripped.startswith(">"):
            quote = stripped[1:].strip()
            if raw[:1].isspace() and last_option is not None:
                last_option.feedback = (last_option.feedback + " " + quote).strip()
            else:
                last_option = None
                question.feedback = (question.feedback + "\n" + quote).strip()
        elif not stripped:
            continue
        elif question.kind or question.feedback:
            report(
                line_no,
                N_(
                    "nečekaný text za odpověďmi; text otázky patří před možnosti "
                    "a zpětná vazba na řádky '> '"
                ),
            )
        else:
            text_lines.append(raw)
    finish()
    for index, question in enumerate(questions):
        if index not in flagged:
            problems += _check(question)
    return ParsedQuiz("\n".join(intro).strip(), questions, problems)


def _check(q: Question) -> list[QuizProblem]:
    if not q.kind:
        return [
            (
                q.line,
                N_(
                    "otázka nemá žádné odpovědi; přidejte možnosti '(x)' / '- [x]' nebo '= odpověď'"
                ),
                {},
            )
        ]
    correct = sum(o.correct for o in q.options)
    if q.kind in ("single", "multiple") and len(q.options) < 2:
        return [(q.line, N_("otázka s výběrem potřebuje aspoň dvě možnosti"), {})]
    if q.kind in ("single", "multiple") and correct == 0:
        return [
            (
                q.line,
                N_(
                    "otázka nemá žádnou správnou odpověď; označte správnou možnost pomocí (x) nebo [x]"
                ),
                {},
            )
        ]
    if q.kind == "single" and correct > 1:
        return [
            (
                q.line,
                N_(
                    "otázka s jednou správnou odpovědí má víc správných možností; "
                    "pro víc správných odpovědí použijte možnosti '- [x]'"
                ),
                {},
            )
        ]
    return []


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _quote(text: str, indent: str = "") -> list[str]:
    return [f"{indent}> {line}".rstrip() for line in text.strip().split("\n")]


def write_question(question: Question) -> str:
    """One question in the course format; `parse_quiz` reads it back to the same question."""
    title, _, rest = question.text.strip().partition("\n")
    lines = [f"### {title.strip()}"]
    if rest.strip():
        lines.append(rest.strip())
    lines.append("")
    if question.kind in ("single", "multiple"):
        for option in question.options:
            mark = "x" if option.correct else " "
            head = f"({mark})" if question.kind == "single" else f"- [{mark}]"
            lines.append(f"{head} {' '.join(option.text.split())}")
            if option.feedback.strip():
                lines += _quote(" ".join(option.feedback.split()), "  ")
    elif question.kind == "number":
        number = _number_text(question.number or 0)
        lines.append(f"= {number} +- {_number_text(question.tolerance or 0)}")
    else:
        lines += [
            f"{'or=' if i else '='} {' '.join(a.split())}" for i, a in enumerate(question.answers)
        ]
    if question.feedback.strip():
        lines += ["", *_quote(question.feedback)]
    return "\n".join(lines)


def write_quiz(intro: str, questions: list[Question]) -> str:
    """A quiz body as the course format writes it: the introduction, then each question."""
    blocks = [intro.strip()] if intro.strip() else []
    blocks += [write_question(q) for q in questions]
    return "\n\n".join(blocks) + "\n"
