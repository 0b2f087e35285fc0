"""Module feedback: once per learner and module, editable, skippable, only for done modules."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from academy.extensions import db
from academy.learning.models import ModuleFeedback
from tests.conftest import Auth, csrf_token

COURSE = "/courses/demo-kurz"


def _rows(app) -> list[tuple[int | None, str]]:
    with app.app_context():
        return [(f.rating, f.comment) for f in db.session.scalars(select(ModuleFeedback))]


def _module_id(app, slug: str) -> int:
    from academy.courses.models import Module

    with app.app_context():
        return db.session.scalar(select(Module.id).where(Module.slug == slug))


def rate(learner: Auth, slug: str, rating, comment: str = ""):
    prefix = f"fb{_module_id(learner.app, slug)}"
    return learner.post(
        f"{COURSE}/{slug}/feedback", {f"{prefix}-rating": rating, f"{prefix}-comment": comment}
    )


def test_after_finishing_a_module_the_next_page_asks_about_it(learner):
    assert "Jak vám pomohl" not in learner.client.get(f"{COURSE}/uvod").get_data(as_text=True)
    response = learner.post(f"{COURSE}/uvod/done")
    html = learner.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Jak vám pomohl modul „Úvod do map“?" in html
    assert "Teď ne" in html


def test_feedback_is_once_per_learner_and_module_and_editable(app, learner):
    learner.post(f"{COURSE}/uvod/done")
    assert rate(learner, "uvod", "4", "  Pěkné příklady. ").status_code == 302
    assert rate(learner, "uvod", "2", "Po druhém čtení slabší.").status_code == 302
    assert _rows(app) == [(2, "Po druhém čtení slabší.")]
    html = learner.client.get(f"{COURSE}/uvod").get_data(as_text=True)
    assert "Vaše hodnocení modulu: 2 z 5" in html
    assert "Jak vám pomohl" not in learner.client.get(f"{COURSE}/persony").get_data(as_text=True)


def test_parallel_submits_keep_one_row(app, learner):
    learner.post(f"{COURSE}/uvod/done")
    token = csrf_token(learner.client, "/my")
    prefix = f"fb{_module_id(app, 'uvod')}"

    def submit(n: int) -> int:
        return learner.client.post(
            f"{COURSE}/uvod/feedback",
            data={"csrf_token": token, f"{prefix}-rating": str(1 + n % 5)},
        ).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        assert set(pool.map(submit, range(12))) == {302}
    with app.app_context():
        assert db.session.scalar(select(func.count(ModuleFeedback.id))) == 1


def test_skipping_stops_the_question_and_a_later_rating_replaces_it(app, learner):
    learner.post(f"{COURSE}/uvod/done")
    prefix = f"skip{_module_id(app, 'uvod')}"
    assert (
        learner.post(f"{COURSE}/uvod/feedback/skip", {f"{prefix}-skip": "Teď ne"}).status_code
        == 302
    )
    assert _rows(app) == [(None, "")]
    assert "Jak vám pomohl" not in learner.client.get(f"{COURSE}/persony").get_data(as_text=True)
    assert "Ohodnotit tento modul" in learner.client.get(f"{COURSE}/uvod").get_data(as_text=True)
    rate(learner, "uvod", "5")
    learner.post(f"{COURSE}/uvod/feedback/skip", {f"{prefix}-skip": "Teď ne"})
    assert _rows(app) == [(5, "")]  # skipping again keeps the rating


def test_only_finished_modules_can_be_rated(app, learner):
    assert rate(learner, "persony", "5").status_code == 404
    assert _rows(app) == []


def test_invalid_ratings_are_refused_with_a_message(app, learner):
    learner.post(f"{COURSE}/uvod/done")
    response = rate(learner, "uvod", "6")
    assert response.status_code == 302
    html = learner.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Vyberte počet hvězdiček od 1 do 5." in html
    assert rate(learner, "uvod", "4", "x" * 2001).status_code == 302
    assert _rows(app) == []


def test_feedback_goes_back_only_to_this_site(learner):
    learner.post(f"{COURSE}/uvod/done")
    prefix = f"fb{_module_id(learner.app, 'uvod')}"
    response = learner.post(
        f"{COURSE}/uvod/feedback",
        {f"{prefix}-rating": "3", f"{prefix}-next": "https://evil.example/"},
    )
    assert response.headers["Location"] == f"{COURSE}/uvod"


def test_staff_see_the_rating_next_to_the_funnel(app, learner):
    learner.post(f"{COURSE}/uvod/done")
    rate(learner, "uvod", "2", "Chybí příklad z praxe.")
    learner.logout()
    from academy.auth.models import Role

    learner.create(email="spravce@example.cz", name="Správce", role=Role.ADMIN)
    learner.login(email="spravce@example.cz")
    html = learner.client.get("/admin/courses/demo-kurz").get_data(as_text=True)
    assert "Chybí příklad z praxe." in html
    assert "Nejhůře hodnocený modul: „Úvod do map“ (2,0 z 5" in html
