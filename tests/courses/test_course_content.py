"""The academy's own courses keep the promises of issue 24: quiz pools, feedback on every
option, answers graded as a Czech learner types them, no "÷", one fictional insurer."""

from __future__ import annotations

from pathlib import Path

import pytest

from academy.courses.quiz_source import parse_quiz
from academy.courses.source import load_course
from academy.quizzes.grading import question_score

COURSES = Path(__file__).resolve().parents[2] / "courses"
SLUGS = ["mapovani-zakaznickych-cest", "prace-s-daty-v-cx", "vyzkum-a-zpetna-vazba"]


def _quiz(slug: str):
    course, problems = load_course(COURSES / slug)
    assert course is not None, problems
    module = next(m for m in course.modules if m.kind == "quiz")
    return module.doc.meta, parse_quiz(module.doc.body, module.doc.body_line).questions


@pytest.mark.parametrize("slug", SLUGS)
def test_each_quiz_draws_seven_from_a_pool_three_times_larger(slug):
    meta, questions = _quiz(slug)
    assert meta["pick"] == 7
    assert len(questions) >= 21


@pytest.mark.parametrize("slug", SLUGS)
def test_every_option_of_every_choice_question_has_feedback(slug):
    _, questions = _quiz(slug)
    bare = [(q.line, o.text) for q in questions for o in q.options if not o.feedback.strip()]
    assert bare == []


@pytest.mark.parametrize("slug", SLUGS)
def test_numeric_answers_pass_with_a_decimal_comma(slug):
    _, questions = _quiz(slug)
    numbers = [q for q in questions if q.kind == "number"]
    for q in numbers:
        typed = f"{q.number:g}".replace(".", ",")
        assert question_score(q.to_dict(), typed) == 1, q.text


def _communication_layer():
    _, questions = _quiz("mapovani-zakaznickych-cest")
    question = next(q for q in questions if "obsah i formu sdělení" in q.text)
    return question.to_dict()


@pytest.mark.parametrize("typed", ["Komunikační vrstva", "komunikacni vrstva", "vrstva komunikace"])
def test_the_communication_layer_is_recognised_as_typed(typed):
    assert question_score(_communication_layer(), typed) == 1


@pytest.mark.parametrize("typed", ["komunikační", "vrstva", "komunikace"])
def test_half_of_the_term_does_not_pass(typed):
    assert question_score(_communication_layer(), typed) == 0


def test_everything_customer_is_not_quizzed():
    _, questions = _quiz("vyzkum-a-zpetna-vazba")
    assert not [q.line for q in questions if "everything customer" in q.text.casefold()]


def test_course_text_has_no_division_sign_and_one_fictional_insurer():
    texts = {p: p.read_text(encoding="utf-8") for p in COURSES.glob("*/*.md")}
    assert [p.name for p, t in texts.items() if "÷" in t] == []
    assert [p.name for p, t in texts.items() if "Pevnost" in t] == []


@pytest.fixture
def academy(app):
    """The academy's own courses/, imported and published."""
    from academy.courses.importer import import_path
    from academy.extensions import db

    with app.app_context():
        report = import_path(db.session, COURSES, Path(app.config["MEDIA_DIR"]), publish=True)
        assert report.ok, report.problems
        db.session.commit()


def test_a_lesson_reaches_the_learner_with_czech_non_breaking_spaces(academy, auth):
    auth.create()
    auth.login()
    assert auth.post("/courses/vyzkum-a-zpetna-vazba/enrol").status_code == 302
    page = auth.client.get("/courses/vyzkum-a-zpetna-vazba/zpetna-vazba-v-kontaktnich-bodech")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert ">Zpětná vazba v\u00a0kontaktních bodech</h1>" in html
    assert "Modul 1 z\u00a06" in html
    assert "Míra opuštění 30&nbsp;% může být úspěchem" in html  # rendered at import


def test_the_catalog_and_the_course_page_give_the_same_length(academy, client):
    catalog = client.get("/").get_data(as_text=True)
    course = client.get("/courses/vyzkum-a-zpetna-vazba").get_data(as_text=True)
    # 15 + 20 + 15 + 15 + 20 + 15 minutes = 100 min, shown as 1,7 h on both pages
    assert "<li>1,7 h</li>" in catalog and "<li>1,7 h</li>" in course
