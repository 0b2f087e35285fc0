"""The learner's path: enrol, read, mark done, continue, "My learning"."""

from __future__ import annotations

from sqlalchemy import func, select

from academy import create_app
from academy.extensions import db
from academy.learning.models import Enrollment, ModuleProgress
from tests.conftest import PASSWORD, csrf_token
from tests.querycount import count_statements

COURSE = "/courses/demo-kurz"


def _learner(auth):
    auth.create()
    auth.login()


def test_catalog_lists_published_course_with_facts(client, imported):
    html = client.get("/").get_data(as_text=True)
    assert "Ukázkový kurz\u00a0– Šťastné cesty" in html  # Czech: a dash does not start a line
    assert "Kurz pro testy s\u00a0češtinou ěščřžýáíé." in html
    assert "4 moduly" in html  # two lessons, an optional bonus and a quiz
    assert "35 min" in html
    assert "čeština" in html


def test_course_page_invites_anonymous_visitor_to_sign_up(client, imported):
    html = client.get(COURSE).get_data(as_text=True)
    assert "Zaregistrovat se a začít" in html
    assert "Úvod do map" in html
    assert "Přehled kurzu s&nbsp;<strong>tučným</strong> textem." in html  # tied at import


def test_module_needs_login_and_enrolment(auth, client, imported):
    assert client.get(f"{COURSE}/uvod").status_code == 302
    _learner(auth)
    assert client.get(f"{COURSE}/01-uvod").status_code == 404  # slugs carry no number
    response = client.get(f"{COURSE}/uvod")
    assert response.headers["Location"] == COURSE


def test_enrol_twice_keeps_one_enrolment_and_opens_first_module(app, auth, client, imported):
    _learner(auth)
    first = auth.post(f"{COURSE}/enrol")
    second = auth.post(f"{COURSE}/enrol")
    assert first.headers["Location"] == f"{COURSE}/uvod"
    assert second.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(Enrollment.id))) == 1


def test_module_page_shows_rendered_markdown(auth, client, imported):
    _learner(auth)
    auth.post(f"{COURSE}/enrol")
    html = client.get(f"{COURSE}/uvod").get_data(as_text=True)
    assert '<h2 id="proc-mapovat">' in html
    assert 'src="/media/demo-kurz/obrazek.svg"' in html
    assert client.get("/media/demo-kurz/obrazek.svg").status_code == 200
    assert "Označit jako hotové" in html
    assert "Další" in html and "Persony" in html


def test_mark_done_is_idempotent_and_progress_counts_required_modules(app, auth, client, imported):
    _learner(auth)
    auth.post(f"{COURSE}/enrol")
    for _ in range(3):
        response = auth.post(f"{COURSE}/uvod/done")
    assert response.headers["Location"] == f"{COURSE}/persony"
    with app.app_context():
        assert db.session.scalar(select(func.count(ModuleProgress.id))) == 1
    html = client.get(COURSE).get_data(as_text=True)
    # required: úvod, persony, kvíz -> 1 of 3 done
    assert "Váš postup: 33 %" in html
    assert "1 z 3 modulů hotovo" in html
    auth.post(f"{COURSE}/bonus/done")  # optional module does not count
    assert "Váš postup: 33 %" in client.get(COURSE).get_data(as_text=True)
    auth.post(f"{COURSE}/persony/done")
    assert "Váš postup: 67 %" in client.get(COURSE).get_data(as_text=True)


def test_quiz_cannot_be_marked_done_by_a_button(auth, client, imported):
    _learner(auth)
    auth.post(f"{COURSE}/enrol")
    assert auth.post(f"{COURSE}/kviz/done").status_code == 400


def test_quiz_page_never_contains_the_answers(auth, client, imported):
    _learner(auth)
    auth.post(f"{COURSE}/enrol")
    html = client.get(f"{COURSE}/kviz").get_data(as_text=True)
    assert "Ověřte si znalosti." in html
    assert "SPRAVNA-ODPOVED-TAJNA" not in html
    assert "(x)" not in html


def test_progress_survives_a_restart_and_continue_opens_next_module(app, auth, client, imported):
    _learner(auth)
    auth.post(f"{COURSE}/enrol")
    auth.post(f"{COURSE}/uvod/done")
    restarted = create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": app.config["DATABASE_URL"],
            "SECRET_KEY": "other",
            "MEDIA_DIR": app.config["MEDIA_DIR"],
        }
    )
    fresh = restarted.test_client()
    token = csrf_token(fresh, "/login")
    fresh.post(
        "/login", data={"email": "jiri@example.cz", "password": PASSWORD, "csrf_token": token}
    )
    html = fresh.get(COURSE).get_data(as_text=True)
    assert "Váš postup: 33 %" in html
    assert "Pokračovat tam, kde jste skončili" in html
    assert f'href="{COURSE}/persony"' in html.split("Pokračovat tam")[0].rsplit("<a", 1)[1]
    with restarted.app_context():
        db.engine.dispose()


def test_continue_returns_to_the_module_last_opened(auth, client, imported):
    _learner(auth)
    auth.post(f"{COURSE}/enrol")
    client.get(f"{COURSE}/kviz")
    html = client.get("/my").get_data(as_text=True)
    assert "Další na řadě: Kvíz" in html


def test_my_learning_lists_courses_with_progress(auth, client, imported):
    _learner(auth)
    assert "Zatím nejste zapsáni" in client.get("/my").get_data(as_text=True)
    auth.post(f"{COURSE}/enrol")
    auth.post(f"{COURSE}/uvod/done")
    html = client.get("/my").get_data(as_text=True)
    assert "Ukázkový kurz – Šťastné cesty" in html
    assert 'value="33"' in html
    assert "Další na řadě: Persony" in html


def test_course_complete_when_all_required_modules_done(app, auth, client, imported):
    from sqlalchemy import update

    from academy.courses.models import Module, ModuleKind

    with app.app_context():  # without the quiz, the lessons complete the course
        db.session.execute(
            update(Module).where(Module.kind == ModuleKind.QUIZ).values(required=False)
        )
        db.session.commit()
    _learner(auth)
    auth.post(f"{COURSE}/enrol")
    auth.post(f"{COURSE}/uvod/done")
    response = auth.post(f"{COURSE}/persony/done", follow_redirects=True)
    assert "Gratulujeme, dokončili jste kurz" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Enrollment)).completed_at is not None


def test_pages_use_a_bounded_number_of_queries(app, auth, client, imported):
    _learner(auth)
    auth.post(f"{COURSE}/enrol")
    for url in ("/", COURSE, f"{COURSE}/uvod", "/my"):
        client.get(url)
        with count_statements(app) as statements:
            assert client.get(url).status_code == 200
        # + the cohort schedule (academy/companies) and the learner's questions (academy/questions)
        assert len(statements) <= 7, (url, statements)
