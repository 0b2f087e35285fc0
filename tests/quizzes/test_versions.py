"""A quiz edited and re-imported after attempts changes no past result and no open attempt."""

from __future__ import annotations

import re
from pathlib import Path

from academy.courses.importer import import_path
from academy.extensions import db
from tests.quizzes.conftest import QUIZ, RIGHT, attempt_row, start, submit


def _edit_and_reimport(app, folder: Path) -> None:
    quiz = folder / "04-kviz.md"
    text = quiz.read_text(encoding="utf-8")
    text = text.replace("(x) SPRAVNA-ODPOVED-TAJNA", "( ) SPRAVNA-ODPOVED-TAJNA")
    text = text.replace("( ) Špatná odpověď", "(x) Špatná odpověď")
    text = text.replace("= 42,5 +- 0,01", "= 7 +- 0")
    text = text.replace("pass_mark: 70", "pass_mark: 100")
    quiz.write_text(text, encoding="utf-8")
    with app.app_context():
        report = import_path(db.session, folder.parent, Path(app.config["MEDIA_DIR"]))
        assert report.ok and report.updated == 1, report
        db.session.commit()


def _review_text(client, number: int) -> str:
    html = client.get(f"{QUIZ}/attempts/{number}").get_data(as_text=True)
    return re.sub(r"\s+", " ", html.split('id="review-title"')[1].split('id="history-title"')[0])


def test_edit_after_an_attempt_keeps_its_result_and_review(app, learner, client, imported):
    start(learner)
    submit(learner, 1, RIGHT)
    before = attempt_row(app, 1)
    review_before = _review_text(client, 1)
    _edit_and_reimport(app, imported)

    after = attempt_row(app, 1)
    assert (after["score"], after["passed"], after["pass_mark"]) == (100.0, True, 70)
    assert after["questions"] == before["questions"]
    assert _review_text(client, 1) == review_before
    assert "42,5" in review_before

    start(learner)
    assert attempt_row(app, 2)["module_version_id"] != before["module_version_id"]
    assert attempt_row(app, 2)["pass_mark"] == 100


def test_an_attempt_open_during_an_edit_is_graded_by_what_it_showed(app, learner, imported):
    start(learner)
    _edit_and_reimport(app, imported)
    submit(learner, 1, RIGHT)
    row = attempt_row(app, 1)
    assert (row["score"], row["passed"]) == (100.0, True)
