"""Bad input answers with a clear Czech message and loses nothing: oversized text and files,
the wrong type, macros in a renamed file, a hand-in after acceptance, parallel hand-ins,
another learner's files and submissions, a learner at the review queue, two reviewers."""

from __future__ import annotations

import io
import threading

from sqlalchemy import func, select

from academy.assignments.models import SubmissionFile, SubmissionVersion, WorkSubmission
from academy.extensions import db
from tests.assignments.conftest import (
    INSTRUCTOR,
    MODULE,
    QUEUE,
    TEXT,
    WORK,
    hand_in,
    revision,
    staff,
    submission,
    with_macros,
    xlsx_bytes,
)
from tests.conftest import Auth, csrf_token


def _flash(response) -> str:
    return response.get_data(as_text=True)


def test_too_long_text_is_refused_and_shown_back_whole(app, learner):
    long = "Příliš dlouhý text." * 40  # 760 characters, the rules allow 400
    response = hand_in(learner, app, text=long)
    assert response.status_code == 422
    page = _flash(response)
    assert "Text má 760 znaků, povoleno je nejvýš 400. Zkraťte ho; nic jsme nesmazali." in page
    assert long.strip() in page  # in the text area again, nothing lost


def test_too_short_text_keeps_the_draft_and_hands_in_nothing(app, learner):
    response = hand_in(learner, app, text="Krátké.", follow=True)
    assert "odevzdat lze od 20. Doplňte ho; rozepsaný text je uložený." in _flash(response)
    assert submission(app).draft_text == "Krátké."
    assert submission(app).versions_count == 0


def test_oversized_file_is_refused_with_the_limit(app, learner):
    big = (io.BytesIO(b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 10)), "velky.pdf")
    response = hand_in(learner, app, files=[big], button="attach", follow=True)
    assert "Soubor je větší než 1 MB." in _flash(response)


def test_wrong_type_is_refused(app, learner):
    response = hand_in(
        learner, app, files=[(io.BytesIO(b"MZ\x90"), "program.exe")], button="attach", follow=True
    )
    assert "Soubor typu „exe“ sem nahrát nelze. Povolené typy: xlsx, pdf, docx." in _flash(response)


def test_macro_workbook_renamed_xlsx_is_refused_and_the_text_kept(app, learner):
    renamed = (io.BytesIO(with_macros(xlsx_bytes())), "tabulka.xlsx")
    response = hand_in(learner, app, text=TEXT, files=[renamed], button="attach", follow=True)
    assert "Soubor obsahuje makra nebo ovládací prvky ActiveX" in _flash(response)
    assert submission(app).draft_text == TEXT


def test_a_pdf_named_docx_is_refused(app, learner):
    response = hand_in(
        learner,
        app,
        files=[(io.BytesIO(b"%PDF-1.7\n%%EOF"), "prace.docx")],
        button="attach",
        follow=True,
    )
    assert "Obsah souboru neodpovídá příponě .docx (soubor je ve skutečnosti PDF)." in _flash(
        response
    )


def test_handing_in_after_acceptance_is_refused(app, learner):
    hand_in(learner, app)
    with app.app_context():
        db.session.execute(WorkSubmission.__table__.update().values(status="accepted"))
        db.session.commit()
    response = hand_in(learner, app, text=TEXT + " znovu")
    assert response.status_code == 302
    page = learner.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Úkol je už přijatý; další odevzdání není potřeba." in page
    assert submission(app).versions_count == 1


def test_a_second_click_hands_in_one_version(app, learner):
    stale = revision(app)
    hand_in(learner, app)
    token = csrf_token(learner.client, MODULE)
    again = learner.client.post(
        WORK, data={"text": TEXT, "revision": str(stale), "submit": "y", "csrf_token": token}
    )
    assert again.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SubmissionVersion)) == 1


def test_parallel_hand_ins_make_exactly_one_version(app, learner):
    hand_in(learner, app, button="save")  # the submission exists, as after typing
    token, rev = csrf_token(learner.client, MODULE), str(revision(app))
    cookies = {c.key: c.value for c in learner.client._cookies.values()}
    answers: list[int] = []

    def post():
        client = app.test_client()
        for name, value in cookies.items():
            client.set_cookie(name, value)
        answers.append(
            client.post(
                WORK, data={"text": TEXT, "revision": rev, "submit": "y", "csrf_token": token}
            ).status_code
        )

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [302, 302, 302, 302]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SubmissionVersion)) == 1
        assert db.session.scalar(select(WorkSubmission.versions_count)) == 1


def test_another_learners_file_and_submission_answer_404(app, learner):
    hand_in(learner, app, files=[(io.BytesIO(xlsx_bytes()), "moje.xlsx")], button="attach")
    with app.app_context():
        file_id = db.session.scalar(select(SubmissionFile.id))
    assert learner.client.get(f"{MODULE}/work/files/{file_id}").status_code == 200
    other = Auth(app, app.test_client())
    other.create(email="ondrej@example.cz", name="Ondřej Cizí")
    other.login(email="ondrej@example.cz")
    other.post("/courses/praxe-v-cx/enrol")
    assert other.client.get(f"{MODULE}/work/files/{file_id}").status_code == 404
    assert other.client.get(f"{QUEUE}/{submission(app).id}").status_code == 403


def test_a_learner_at_the_review_queue_gets_403(app, learner):
    assert learner.client.get(QUEUE).status_code == 403


def test_an_instructor_of_another_course_gets_404(app, learner):
    hand_in(learner, app)
    stranger = Auth(app, app.test_client())
    staff(app, stranger, email="cizi.lektor@example.cz", name="Cizí Lektor")
    stranger.login(email="cizi.lektor@example.cz")
    assert stranger.client.get(QUEUE).status_code == 404


def test_two_reviewers_cannot_overwrite_each_other(app, learner):
    hand_in(learner, app)
    sid, seen = submission(app).id, revision(app)
    first, second = Auth(app, app.test_client()), Auth(app, app.test_client())
    staff(app, first)
    first.login(email=INSTRUCTOR)
    second.login(email=INSTRUCTOR)  # the same course team; a colleague at another desk
    data = {"revision": str(seen), "score_c1": "2", "score_c2": "2", "feedback": "Výborně."}
    assert first.post(f"{QUEUE}/{sid}/decision", data | {"accept": "y"}).status_code == 302
    late = second.post(f"{QUEUE}/{sid}/decision", data | {"give_back": "y", "feedback": "Doplňte."})
    assert late.status_code == 409
    page = late.get_data(as_text=True)
    assert "Mezitím práci vyhodnotil někdo jiný" in page
    assert '<blockquote class="work-feedback">Doplňte.</blockquote>' in page  # not lost
    assert submission(app).status == "accepted"


def test_returning_without_a_comment_or_accepting_below_the_pass_mark_is_refused(app, learner):
    hand_in(learner, app)
    sid = submission(app).id
    reviewer = Auth(app, app.test_client())
    staff(app, reviewer)
    reviewer.login(email=INSTRUCTOR)
    data = {"revision": str(revision(app)), "score_c1": "0", "score_c2": "1"}
    low = reviewer.post(f"{QUEUE}/{sid}/decision", data | {"accept": "y", "feedback": ""})
    assert low.status_code == 422
    assert "Přijmout lze práci s aspoň 3 b.; tato má 1 b." in low.get_data(as_text=True)
    bare = reviewer.post(f"{QUEUE}/{sid}/decision", data | {"give_back": "y", "feedback": " "})
    assert "vrátit práci bez komentáře nelze" in bare.get_data(as_text=True)
    missing = reviewer.post(
        f"{QUEUE}/{sid}/decision", {"revision": str(revision(app)), "accept": "y", "score_c1": "2"}
    )
    assert "Ohodnoťte všechna kritéria rubriky (chybí „Trend“)." in missing.get_data(as_text=True)
    forged = reviewer.post(f"{QUEUE}/{sid}/decision", data | {"score_c2": "7", "accept": "y"})
    assert forged.status_code == 422
    assert submission(app).status == "submitted"


def test_autosave_refuses_malformed_and_oversized_text(app, learner):
    token = csrf_token(learner.client, MODULE)
    headers = {"X-CSRFToken": token}
    bad = learner.client.post(f"{MODULE}/work/draft", json={"text": 5}, headers=headers)
    assert (bad.status_code, bad.json["message"]) == (
        400,
        "Text se nepodařilo uložit. Zkopírujte si ho a načtěte stránku.",
    )
    long = learner.client.post(f"{MODULE}/work/draft", json={"text": "x" * 401}, headers=headers)
    assert long.status_code == 422
    no_token = learner.client.post(f"{MODULE}/work/draft", json={"text": "a"})
    assert no_token.status_code == 400
