"""A course's quiz questions in Moodle's GIFT format, so they can move to Moodle. Pure, no Flask.

How the academy's quiz syntax maps to GIFT (https://docs.moodle.org/en/GIFT_format):
- single choice `(x)` / `( )`: `=right ~wrong`;
- multiple choice `- [x]` / `- [ ]`: `~%w%option` weights that mirror the academy's partial
  credit: each correct option +100/k %, each wrong one -100/k % (k correct options), so the
  correct ones sum to 100 % and Moodle, like the academy, never scores a question below 0;
- text answers `=` / `or=`: a short-answer question with every alternative as `=answer`; the
  academy ignores diacritics, so each answer is also given without them (Moodle ignores case);
- numbers `= 20 +- 2`: `{#20:2}`;
- option feedback `  >` becomes `#feedback`, question feedback `>` becomes `####feedback`.
Texts are Markdown, marked `[markdown]`; GIFT's special characters ~ = # { } : and the backslash
are escaped, line breaks become `\\n`, so each question stays one block without blank lines.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from academy.courses.quiz_source import Option, Question

_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "~": "\\~",
        "=": "\\=",
        "#": "\\#",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
        "\r": "",
    }
)
MAX_NAME = 250  # Moodle keeps at most 255 characters of a question name


def escape(text: str) -> str:
    """Text safe inside a GIFT question: special characters escaped, newlines as `\\n`."""
    return text.strip().translate(_ESCAPES)


def category_path(*names: str) -> str:
    """A `$CATEGORY:` path under the importing course; '/' inside a name is doubled."""
    parts = []
    for name in names:
        part = " ".join(name.split()).replace("/", "//")
        parts.append(part if not part.startswith("/") and not part.endswith("/") else f" {part} ")
    return "/".join(["$course$", "top", *parts])


def quiz_to_gift(course_title: str, quizzes: Iterable[tuple[str, list[Question]]]) -> str:
    """Every quiz of a course as one GIFT file: a category per quiz, then its questions."""
    blocks = [f"// {' '.join(course_title.split())}: quiz questions exported from CX akademie"]
    for quiz_title, questions in quizzes:
        if not questions:
            continue
        blocks.append(f"$CATEGORY: {category_path(course_title, quiz_title)}")
        blocks += [question_to_gift(q) for q in questions]
    return "\n\n".join(blocks) + "\n"


def question_to_gift(question: Question) -> str:
    """One question as a GIFT block (no blank lines inside)."""
    name = question.text.strip().split("\n", 1)[0][:MAX_NAME]
    head = f"::{escape(name)}::[markdown]{escape(question.text)}"
    general = f"\t####{escape(question.feedback)}\n" if question.feedback.strip() else ""
    if question.kind == "number":
        answer = f"{_number(question.number)}:{_number(question.tolerance)}"
        return f"{head}{{#{answer}}}" if not general else f"{head}{{#{answer}\n{general}}}"
    if question.kind == "text":
        lines = [f"\t={escape(answer)}" for answer in _with_folded(question.answers)]
    elif question.kind == "single":
        lines = [_option("=" if o.correct else "~", o) for o in question.options]
    elif question.kind == "multiple":
        correct = sum(o.correct for o in question.options)
        weight = _percent(100 / correct)
        lines = [
            _option(f"~%{weight}%" if o.correct else f"~%-{weight}%", o) for o in question.options
        ]
    else:
        raise ValueError(f"unknown question kind {question.kind!r}")
    return f"{head}{{\n" + "\n".join(lines) + f"\n{general}}}"


def _option(prefix: str, option: Option) -> str:
    feedback = f"#{escape(option.feedback)}" if option.feedback.strip() else ""
    return f"\t{prefix}{escape(option.text)}{feedback}"


def _with_folded(answers: list[str]) -> list[str]:
    """The answers, each followed by its form without diacritics when that differs."""
    result: list[str] = []
    for answer in answers:
        decomposed = unicodedata.normalize("NFKD", answer)
        folded = "".join(c for c in decomposed if not unicodedata.combining(c))
        for form in (answer, folded):
            if form not in result:
                result.append(form)
    return result


def _percent(value: float) -> str:
    """Moodle's weights have at most five decimals: 50, 33.33333, 12.5."""
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _number(value: float | None) -> str:
    if value is None:
        raise ValueError("a numeric question without its number")
    return str(int(value)) if float(value).is_integer() else repr(float(value))
