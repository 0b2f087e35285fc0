"""Nothing the browser receives before grading tells which answers are correct."""

from __future__ import annotations

import re

from tests.quizzes.conftest import QUIZ, SECRETS, WRONG, answer_form, attempt_row, autosave, start

# Clock times in a body ("03:42:50.593") are not answers: "42.5" may be in one by chance.
_TIMES = re.compile(r"\d\d:\d\d:\d\d(?:[.,]\d+)?")


def _assert_clean(label: str, body: str) -> None:
    body = _TIMES.sub("<time>", body)
    found = [s for s in SECRETS if s in body]
    assert not found, f"{label} leaks {found}"


def test_no_page_or_response_before_grading_reveals_an_answer(app, learner, client):
    responses = {"module page": client.get(QUIZ)}
    responses["start"] = start(learner)
    responses["attempt page"] = client.get(f"{QUIZ}/attempts/1")
    responses["attempt page again"] = client.get(f"{QUIZ}/attempts/1")
    fields = answer_form(app, 1, WRONG)
    responses["autosave"] = autosave(learner, 1, fields)
    responses["autosave with errors"] = autosave(learner, 1, {next(iter(fields)): "neznámá"})
    responses["save without JavaScript"] = learner.post(
        f"{QUIZ}/attempts/1", {**fields, "save": "Uložit"}, follow_redirects=True
    )
    responses["form with errors"] = learner.post(
        f"{QUIZ}/attempts/1", {next(iter(fields)): "neznámá", "submit": "Odevzdat"}
    )
    responses["reload with saved answers"] = client.get(f"{QUIZ}/attempts/1")
    responses["script"] = client.get("/static/js/quiz.js")
    expected = {"start": 302, "form with errors": 422}  # the others are pages or JSON: 200
    for label, response in responses.items():
        assert response.status_code == expected.get(label, 200), label
        _assert_clean(label, response.get_data(as_text=True))
        for name, value in response.headers.items():
            _assert_clean(f"{label} header {name}", value)
    assert attempt_row(app, 1)["status"] == "in_progress"


def test_correct_and_wrong_options_are_rendered_alike(app, learner, client):
    start(learner)
    html = client.get(f"{QUIZ}/attempts/1").get_data(as_text=True)
    sheet = attempt_row(app, 1)["questions"]
    for question in sheet[:2]:
        shapes = set()
        for option in question["options"]:
            item = re.search(
                rf'<li><label class="quiz-option">(<input[^>]*value="{option["key"]}"[^>]*>)', html
            )
            assert item, option["text"]
            shapes.add(re.sub(r'(id|value)="[^"]*"', "", item.group(1)))
        assert len(shapes) == 1, shapes  # same tag, same attributes: nothing to tell them apart


def test_module_page_and_history_after_a_failed_attempt_stay_clean(app, learner, client):
    start(learner)
    learner.post(f"{QUIZ}/attempts/1", {**answer_form(app, 1, WRONG), "submit": "Odevzdat"})
    _assert_clean("module page after a fail", client.get(QUIZ).get_data(as_text=True))
    result = client.get(f"{QUIZ}/attempts/1").get_data(as_text=True)
    for secret in ("See-Think-Do-Care", "STDC", "42,5", "is-correct", "správná odpověď"):
        assert secret not in result  # neither answers nor explanations until passed
