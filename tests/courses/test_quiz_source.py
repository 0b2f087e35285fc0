"""The quiz syntax parser on good input, and the problems it reports (line numbers included)."""

from __future__ import annotations

from academy.courses.quiz_source import parse_quiz
from tests.courses.wording import english

BODY = """Úvod ke kvízu.

### Kdo je tichý zákazník?

(x) Odejde bez stížnosti
  > Ano.
( ) Stěžuje si telefonicky

> Tichý zákazník nedává zpětnou vazbu.

### Které metriky sledujeme?
Vyberte všechny.

- [x] Konverze
- [X] Míra chyb
- [ ] Počet poboček
  > Interní údaj.

### Jak se jmenuje model?

= See-Think-Do-Care
or= STDC

### Kolik procent košíků zůstane opuštěných?

= 70 +- 5
"""


def test_parses_every_question_kind():
    quiz = parse_quiz(BODY, first_line=6)
    assert quiz.problems == []
    assert quiz.intro == "Úvod ke kvízu."
    single, multiple, text, number = quiz.questions
    assert (single.kind, single.line) == ("single", 8)
    assert [(o.text, o.correct, o.feedback) for o in single.options] == [
        ("Odejde bez stížnosti", True, "Ano."),
        ("Stěžuje si telefonicky", False, ""),
    ]
    assert single.feedback == "Tichý zákazník nedává zpětnou vazbu."
    assert multiple.kind == "multiple"
    assert multiple.text == "Které metriky sledujeme?\nVyberte všechny."
    assert [o.correct for o in multiple.options] == [True, True, False]
    assert multiple.options[2].feedback == "Interní údaj."
    assert (text.kind, text.answers) == ("text", ["See-Think-Do-Care", "STDC"])
    assert (number.kind, number.number, number.tolerance) == ("number", 70.0, 5.0)


def test_decimal_comma_and_exact_numbers():
    quiz = parse_quiz("### Polovina z 85?\n\n= 42,5 +- 0,01\n\n### Kolik?\n\n= 3\n")
    assert [(q.number, q.tolerance) for q in quiz.questions] == [(42.5, 0.01), (3.0, 0.0)]


def test_keys_are_stable_and_distinct():
    first, again = parse_quiz(BODY), parse_quiz(BODY)
    keys = [q.key for q in first.questions]
    assert keys == [q.key for q in again.questions] and len(set(keys)) == 4
    options = [o.key for q in first.questions for o in q.options]
    assert len(set(options)) == len(options)


def test_structural_problems_have_their_lines():
    body = (
        "### A?\n\n(x) Ano\n- [ ] Ne\n\n"  # line 4: mixed kinds
        "### B?\n\nor= dva\n\n"  # line 8: or= first
        "### C?\n\n(x) Ano\n( ) Ne\n\nVolný text\n\n"  # line 15: text after the answers
        "### D?\n\n=\n\n"  # line 19: empty answer
        "### E?\n"  # line 21: no answers
    )
    problems = [
        (line, english(template, args)) for line, template, args in parse_quiz(body).problems
    ]
    assert problems == [
        (4, "question mixes answer kinds (single and multiple); use one kind per question"),
        (8, "'or=' must follow an '= answer' line"),
        (
            15,
            "unexpected text after the answers; put question text before the options and "
            "feedback on '> ' lines",
        ),
        (19, "empty answer after '='; write the accepted answer"),
        (21, "question has no answers; add options '(x)' / '- [x]' or an '= answer'"),
    ]
