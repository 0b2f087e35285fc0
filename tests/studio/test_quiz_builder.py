"""The visual quiz builder: questions of every type written as the course format's quiz
Markdown, read back by the one quiz parser, and refused with a message when incomplete."""

from __future__ import annotations

from pathlib import Path

import pytest

from academy.courses.quiz_source import parse_quiz, write_quiz
from academy.studio import quiz_builder
from tests.conftest import FIXTURES, csrf_token
from tests.studio.editing import editor_state
from tests.studio.samples import COURSE, sign_in

QUIZ_URL = f"/studio/courses/{COURSE}/modules/kviz/quiz.json"
HEAD = "---\ntitle: Kvíz\nkind: quiz\nminutes: 5\n---\n"
FOUR = {
    "intro": "Ověřte si znalosti.",
    "questions": [
        {
            "kind": "single",
            "text": "Co je cesta?",
            "feedback": "Viz lekce.",
            "options": [
                {"text": "Sled kontaktů", "correct": True, "feedback": "Ano."},
                {"text": "Logo", "correct": False, "feedback": "Ne, to je značka."},
            ],
        },
        {
            "kind": "multiple",
            "text": "Které metriky?\nVyberte všechny.",
            "feedback": "",
            "options": [
                {"text": "Konverze", "correct": True},
                {"text": "NPS", "correct": True},
                {"text": "Židle", "correct": False},
            ],
        },
        {"kind": "text", "text": "Zkratka modelu?", "answers": ["STDC", "See-Think-Do-Care"]},
        {"kind": "number", "text": "Kolik procent?", "number": "70,5", "tolerance": "5"},
    ],
}
WRITTEN = """---
title: Kvíz
kind: quiz
minutes: 5
---

Ověřte si znalosti.

### Co je cesta?

(x) Sled kontaktů
  > Ano.
( ) Logo
  > Ne, to je značka.

> Viz lekce.

### Které metriky?
Vyberte všechny.

- [x] Konverze
- [x] NPS
- [ ] Židle

### Zkratka modelu?

= STDC
or= See-Think-Do-Care

### Kolik procent?

= 70.5 +- 5
"""


def test_four_questions_of_every_type_are_written_as_the_format_defines():
    assert quiz_builder.write(HEAD, FOUR) == WRITTEN
    parsed = parse_quiz(WRITTEN.split("---\n\n", 1)[1])
    assert parsed.problems == []
    assert [q.kind for q in parsed.questions] == ["single", "multiple", "text", "number"]
    assert (parsed.questions[3].number, parsed.questions[3].tolerance) == (70.5, 5.0)


QUIZ_FILES = [
    path
    for folder in (FIXTURES / "courses", Path(__file__).parents[2] / "courses")
    for path in sorted(folder.glob("*/*.md"))
    if "\nkind: quiz\n" in path.read_text()
]


@pytest.mark.parametrize("path", QUIZ_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_valid_quiz_file_reads_back_into_the_builder_and_out_unchanged(path):
    text = path.read_text()
    read = quiz_builder.read(text)
    assert read is not None and read.problems == 0
    rewritten = quiz_builder.write(text, {"intro": read.intro, "questions": read.questions})
    body = rewritten.split("\n---\n", 1)[1]
    again = parse_quiz(body)
    original = parse_quiz(text.split("\n---\n", 1)[1])
    assert [q.to_dict() for q in again.questions] == [q.to_dict() for q in original.questions]
    assert write_quiz(again.intro, again.questions) == write_quiz(
        original.intro, original.questions
    )


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ({"kind": "single", "text": "", "options": []}, "Otázka 1: napište text otázky."),
        (
            {"kind": "single", "text": "Q", "options": [{"text": "A", "correct": True}]},
            "Otázka 1: přidejte aspoň dvě možnosti.",
        ),
        (
            {"kind": "multiple", "text": "Q", "options": [{"text": "A"}, {"text": "B"}]},
            "Otázka 1: označte správnou možnost.",
        ),
        (
            {"kind": "text", "text": "Q", "answers": [" "]},
            "Otázka 1: napište aspoň jednu uznávanou odpověď.",
        ),
        (
            {"kind": "number", "text": "Q", "number": "dvacet"},
            "Otázka 1: správná odpověď musí být číslo.",
        ),
        (
            {"kind": "number", "text": "Q", "number": "20", "tolerance": "-1"},
            "Otázka 1: tolerance musí být číslo 0 nebo větší.",
        ),
        (
            {"kind": "text", "text": "Q\n= trik", "answers": ["A"]},
            "Otázka 1: řádek textu otázky vypadá jako odpověď (začíná „=“, „(x)“, „- [ ]“ nebo „>“); "
            "přepište ho.",
        ),
    ],
)
def test_an_incomplete_question_is_refused_with_its_number(app, question, message):
    with app.test_request_context(), pytest.raises(quiz_builder.BuilderError) as refused:
        quiz_builder.write(HEAD, {"questions": [question]})
    assert refused.value.message == message


def test_the_builder_calls_read_and_write_the_text_without_saving(client, auth, imported):
    sign_in(auth)
    state = editor_state(client, f"/studio/courses/{COURSE}/modules/kviz")
    headers = {"X-CSRFToken": state["csrf"]}
    read = client.post(QUIZ_URL, json={"source": state["source"]}, headers=headers)
    assert read.status_code == 200
    assert read.get_json()["questions"][0]["text"] == "Co je tajné?"
    written = client.post(QUIZ_URL, json={"source": state["source"], "quiz": FOUR}, headers=headers)
    assert written.status_code == 200
    assert written.get_json()["source"].endswith("### Kolik procent?\n\n= 70.5 +- 5\n")
    assert "show_answers: after_pass" in written.get_json()["source"]  # the header as it was
    refused = client.post(
        QUIZ_URL, json={"source": state["source"], "quiz": {"questions": [{}]}}, headers=headers
    )
    assert refused.status_code == 400
    assert refused.get_json() == {"error": "Otázka 1: vyberte druh otázky.", "question": 1}
    assert (
        editor_state(client, f"/studio/courses/{COURSE}/modules/kviz")["source"] == state["source"]
    )


def test_an_instructor_of_another_course_is_refused(client, auth, imported):
    sign_in(auth, "cizi@example.cz")
    token = csrf_token(client, "/studio")
    response = client.post(QUIZ_URL, json={"source": HEAD}, headers={"X-CSRFToken": token})
    assert response.status_code == 403
