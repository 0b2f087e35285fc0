"""A question pool: `pick` questions drawn once per attempt, optionally in a shuffled order."""

from __future__ import annotations

import random
from typing import Any

from academy.quizzes.sheet import draw_sheet
from tests.quizzes.conftest import QUIZ, attempt_row, quiz_settings, start


def questions(n: int) -> list[dict[str, Any]]:
    return [{"key": f"q{i}", "kind": "text", "answers": ["x"], "options": []} for i in range(n)]


def test_pick_draws_that_many_distinct_questions_in_the_authors_order():
    keys = [
        q["key"] for q in draw_sheet(questions(12), shuffle=False, pick=5, rng=random.Random(3))
    ]
    assert len(keys) == len(set(keys)) == 5
    assert keys == sorted(keys, key=lambda k: int(k[1:]))


def test_draws_differ_between_attempts_and_shuffle_questions_reorders():
    rng = random.Random(5)
    draws = {
        tuple(q["key"] for q in draw_sheet(questions(12), shuffle=False, pick=5, rng=rng))
        for _ in range(10)
    }
    assert len(draws) > 1
    shuffled = draw_sheet(questions(12), shuffle=False, shuffle_questions=True, rng=rng)
    assert sorted(q["key"] for q in shuffled) == sorted(q["key"] for q in questions(12))
    assert [q["key"] for q in shuffled] != [q["key"] for q in questions(12)]


def correct_form(sheet: list[dict[str, Any]]) -> dict[str, Any]:
    form: dict[str, Any] = {}
    for q in sheet:
        right = [o["key"] for o in q["options"] if o["correct"]]
        name = f"q_{q['key']}"
        if q["kind"] == "multiple":
            form[name] = right
        elif q["kind"] == "single":
            form[name] = right[0]
        elif q["kind"] == "text":
            form[name] = q["answers"][0]
        else:
            form[name] = str(q["number"]).replace(".", ",")
    return form


def test_an_attempt_keeps_its_drawn_questions_across_reloads_and_is_graded_on_them(app, learner):
    quiz_settings(app, pick=2, shuffle_questions=True)
    assert "2 otázky, pro každý pokus vylosované z celkem 4" in learner.client.get(QUIZ).get_data(
        as_text=True
    )
    start(learner)
    sheet = attempt_row(app)["questions"]
    assert len(sheet) == 2
    for _reload in range(2):  # the same two questions, in the drawn order, every time
        page = learner.client.get(f"{QUIZ}/attempts/1").get_data(as_text=True)
        positions = [page.index(f'name="q_{q["key"]}"') for q in sheet]
        assert positions == sorted(positions)
        assert page.count("<fieldset") == 2

    response = learner.post(
        f"{QUIZ}/attempts/1", {**correct_form(sheet), "submit": "Odevzdat kvíz"}
    )
    assert response.status_code == 302
    row = attempt_row(app)
    assert (row["score"], row["passed"]) == (100, True)
    assert row["questions"] == sheet
