"""A learner takes the quiz: start, autosave, submit, result, retry, completion."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from academy.extensions import db
from academy.learning.models import ModuleProgress
from academy.quizzes.models import QuizAttempt
from tests.conftest import csrf_token
from tests.quizzes.conftest import (
    COURSE,
    QUIZ,
    RIGHT,
    WRONG,
    answer_form,
    attempt_row,
    autosave,
    start,
    submit,
)


def test_module_page_explains_the_quiz_and_offers_to_start(learner, client):
    html = client.get(QUIZ).get_data(as_text=True)
    assert "Ověřte si znalosti." in html
    assert "4 otázky" in html or "4 otázek" in html
    assert "ke splnění 70 %" in html
    assert "3 pokusy" in html or "3 pokusů" in html
    assert "Začít kvíz" in html


def test_learner_fails_then_passes_sees_answers_and_explanations_only_then_and_course_shows_done(
    app, learner, client
):
    assert start(learner).headers["Location"] == f"{QUIZ}/attempts/1"
    response = submit(learner, 1, WRONG)
    assert response.headers["Location"] == f"{QUIZ}/attempts/1"
    html = client.get(f"{QUIZ}/attempts/1").get_data(as_text=True)
    assert "Nesplněno" in html
    assert "0 %" in html  # the multiple choice: one right, one wrong tick = 0 points
    # show_answers: after_pass holds for the explanations too: they would give answers away
    assert "Tahle odpověď to není." not in html  # feedback on the option chosen
    assert "Vysvětlení." not in html  # feedback on the question
    assert "Správné odpovědi a jejich vysvětlení uvidíte, až kvíz splníte." in html
    assert "See-Think-Do-Care" not in html and "is-correct" not in html
    assert "Zbývají 2 pokusy." in html

    assert start(learner).headers["Location"] == f"{QUIZ}/attempts/2"
    submit(learner, 2, RIGHT)
    html = client.get(f"{QUIZ}/attempts/2").get_data(as_text=True)
    assert "100 %" in html and "Splněno" in html
    assert "Modul se vám počítá jako hotový." in html
    assert "See-Think-Do-Care" in html  # shown after passing (show_answers: after_pass)
    assert "Vysvětlení." in html  # and the explanations with them
    first = client.get(f"{QUIZ}/attempts/1").get_data(as_text=True)
    assert "is-correct" in first  # earlier attempts are reviewed with the answers now

    course = client.get(COURSE).get_data(as_text=True)
    quiz_item = re.search(r'<li class="module-item status-(\w+)">(?:(?!</li>).)*Kvíz', course, re.S)
    assert quiz_item and quiz_item.group(1) == "done"
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count(ModuleProgress.id)).where(
                    ModuleProgress.completed_at.is_not(None)
                )
            )
            == 1
        )


def test_partial_credit_can_pass(app, learner, client):
    start(learner)
    submit(learner, 1, {**RIGHT, 1: ["SPRAVNA-KONVERZE"], 3: "41"})  # 1 + 0.5 + 1 + 0 = 62.5 %
    row = attempt_row(app, 1)
    assert (row["score"], row["passed"]) == (62.5, False)
    assert "Částečně správně (0,5 b.)" in client.get(f"{QUIZ}/attempts/1").get_data(as_text=True)


def test_score_and_passed_sent_by_the_client_are_ignored(app, learner):
    start(learner)
    submit(learner, 1, WRONG, score="100", passed="1", status="graded")
    row = attempt_row(app, 1)
    assert (row["score"], row["passed"]) == (0.0, False)


def test_answers_are_autosaved_and_survive_a_reload(app, learner, client):
    start(learner)
    fields = answer_form(app, 1, {0: RIGHT[0], 1: RIGHT[1], 2: "See"})
    response = autosave(learner, 1, fields)
    assert response.status_code == 200
    assert response.json["saved"] is True and response.json["errors"] == {}
    assert "Odpovědi uloženy v" in response.json["message"]
    html = client.get(f"{QUIZ}/attempts/1").get_data(as_text=True)
    for key in fields[next(k for k in fields if isinstance(fields[k], list))]:
        assert re.search(rf'<input checked[^>]*value="{key}"', html), key
    assert 'value="See"' in html
    assert attempt_row(app, 1)["status"] == "in_progress"


def test_autosave_needs_the_csrf_header(app, learner, client):
    start(learner)
    response = client.post(
        f"{QUIZ}/attempts/1/answers", json={}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 400
    assert attempt_row(app, 1)["saved_at"] is None


def test_autosave_reports_bad_input_in_czech_and_keeps_the_rest(app, learner):
    start(learner)
    sheet = attempt_row(app, 1)["questions"]
    number_field, text_field = f"q_{sheet[3]['key']}", f"q_{sheet[2]['key']}"
    response = autosave(learner, 1, {number_field: "dvacet", text_field: "STDC"})
    assert response.json["errors"] == {number_field: ["Zadejte číslo, například 12 nebo 12,5."]}
    assert attempt_row(app, 1)["answers"] == {sheet[2]["key"]: "STDC"}
    assert autosave(learner, 1, {"x": {"nested": 1}}).status_code == 400
    assert autosave(learner, 1, [1, 2]).status_code == 400
    assert autosave(learner, 1, {text_field: "x" * 70_000}).status_code == 400


def test_bad_input_on_submit_is_explained_never_a_500(app, learner):
    start(learner)
    sheet = attempt_row(app, 1)["questions"]
    cases = {
        f"q_{sheet[0]['key']}": ("neznama-moznost", "Vyberte odpověď z nabízených možností."),
        f"q_{sheet[1]['key']}": ("neznama-moznost", "Vyberte odpověď z nabízených možností."),
        f"q_{sheet[2]['key']}": ("x" * 201, "Odpověď může mít nejvýše 200 znaků."),
        f"q_{sheet[3]['key']}": ("12 %", "Zadejte číslo, například 12 nebo 12,5."),
    }
    for field, (value, message) in cases.items():
        response = learner.post(f"{QUIZ}/attempts/1", {field: value, "submit": "Odevzdat"})
        assert response.status_code == 422, field
        assert message in response.get_data(as_text=True)
    assert attempt_row(app, 1)["status"] == "in_progress"


def test_blank_questions_are_named_and_submitting_needs_a_second_click(app, learner, client):
    start(learner)
    # Two of four answered: the sheet comes back (no JavaScript needed), naming the blank ones,
    # with the answers kept and the attempt still open.
    response = submit(learner, 1, {0: RIGHT[0], 2: RIGHT[2]})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Na 2 otázky jste neodpověděli" in html
    assert 'href="#otazka-2"' in html and 'href="#otazka-4"' in html
    assert 'href="#otazka-1"' not in html
    assert 'name="submit_anyway"' in html
    row = attempt_row(app, 1)
    assert row["status"] == "in_progress"
    assert len([v for v in row["answers"].values() if v]) == 2
    # "Submit anyway" grades it, blanks scoring zero.
    response = submit(learner, 1, {0: RIGHT[0], 2: RIGHT[2]}, submit_anyway="Přesto odevzdat")
    assert response.status_code == 302
    assert attempt_row(app, 1)["score"] == 50
    assert "Bez odpovědi" in client.get(f"{QUIZ}/attempts/1").get_data(as_text=True)


def test_an_all_answered_sheet_submits_at_the_first_click(app, learner):
    start(learner)
    assert submit(learner, 1, RIGHT).status_code == 302
    assert attempt_row(app, 1)["score"] == 100


def test_save_button_keeps_answers_without_grading_for_browsers_without_javascript(app, learner):
    start(learner)
    data = {**answer_form(app, 1, {2: "STDC"}), "save": "Uložit"}
    response = learner.post(f"{QUIZ}/attempts/1", data, follow_redirects=True)
    assert "Odpovědi jsou uložené." in response.get_data(as_text=True)
    row = attempt_row(app, 1)
    assert row["status"] == "in_progress" and "STDC" in row["answers"].values()


def test_options_are_shuffled_once_and_stay_in_order_within_the_attempt(app, learner, client):
    start(learner)

    def order() -> list[str]:
        html = client.get(f"{QUIZ}/attempts/1").get_data(as_text=True)
        return re.findall(r'type="(?:radio|checkbox)" value="([0-9a-f]+)"', html)

    first = order()
    assert len(first) == 5
    assert (
        order()
        == first
        == [o["key"] for q in attempt_row(app, 1)["questions"] for o in q["options"]]
    )


def test_a_learner_never_opens_another_learners_attempt(app, auth, learner, client):
    start(learner)
    learner.logout()
    auth.create(email="druhy@example.cz", name="Druhý Učeň")
    auth.login(email="druhy@example.cz")
    auth.post(f"{COURSE}/enrol")
    assert client.get(f"{QUIZ}/attempts/1").status_code == 404
    assert autosave(auth, 1, {}).status_code == 404
    assert auth.post(f"{QUIZ}/attempts/1", {"submit": "x"}).status_code == 404
    assert client.get(f"{QUIZ}/results").status_code == 403


def test_the_quiz_needs_an_enrolment(auth, client, imported):
    auth.create(email="host@example.cz", name="Host")
    auth.login(email="host@example.cz")
    response = auth.post(f"{QUIZ}/attempts")
    assert response.headers["Location"] == COURSE
    assert client.get(f"{COURSE}/uvod/attempts/1").status_code == 404  # not a quiz


def test_submitting_twice_in_a_row_grades_once(app, learner):
    start(learner)
    first = submit(learner, 1, RIGHT)
    second = submit(learner, 1, WRONG)
    assert first.status_code == second.status_code == 302
    assert attempt_row(app, 1)["passed"] is True
    with app.app_context():
        assert db.session.scalar(select(func.count(QuizAttempt.id))) == 1


def test_starting_twice_resumes_the_open_attempt(app, learner, client):
    assert start(learner).headers["Location"] == f"{QUIZ}/attempts/1"
    assert start(learner).headers["Location"] == f"{QUIZ}/attempts/1"
    assert "Pokračovat v kvízu" in client.get(QUIZ).get_data(as_text=True)
    token = csrf_token(client, "/")
    assert token
    with app.app_context():
        assert db.session.scalar(select(func.count(QuizAttempt.id))) == 1


def test_passing_the_last_required_module_completes_the_course(app, learner, client):
    learner.post(f"{COURSE}/uvod/done")
    learner.post(f"{COURSE}/persony/done")
    start(learner)
    response = submit(learner, 1, RIGHT)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Gratulujeme, dokončili jste kurz" in html
    assert f'href="{COURSE}/certificate"' in html
