"""Help at the right moment: the offer after two failed quiz attempts, the question in
context, the instructor's inbox and answer, the e-mail, and who may see what."""

from __future__ import annotations

import io
import uuid

import pytest
from sqlalchemy import select

from academy import create_app
from academy.auth.models import Role, User
from academy.extensions import db
from academy.notifications.models import OutboxMail
from academy.questions import triggers
from academy.questions.models import HelpOffer, LearnerQuestion
from tests.conftest import Auth
from tests.quizzes.conftest import COURSE, LEARNER, QUIZ, WRONG, start, submit

OFFER = "Napište lektorovi, poradí vám"  # the offer after failed attempts
INSTRUCTOR = "jiri@example.cz"  # listed in the demo course's front matter


@pytest.fixture
def failed_twice(auth, imported, app, monkeypatch):
    """A learner (never held out) who failed the demo quiz twice."""
    monkeypatch.setattr(triggers, "is_held_out", lambda *a: False)
    auth.create(email=INSTRUCTOR, name="Jiří Lektor", role=Role.INSTRUCTOR)
    auth.create(email=LEARNER, name="Učeň Nový")
    auth.login(email=LEARNER)
    auth.post(f"{COURSE}/enrol")
    from academy.courses.models import Module

    with app.app_context():  # no waiting between attempts, enough attempts to fail twice
        module = db.session.scalar(select(Module).where(Module.slug == "kviz"))
        module.settings = {**module.settings, "max_attempts": 5, "cooldown_minutes": 0}
        db.session.commit()
    for number in (1, 2):
        start(auth)
        submit(auth, number, WRONG)
    auth.client.get(QUIZ)  # back on the module page: the offer is made
    return auth


def _offers(app):
    with app.app_context():
        return list(db.session.scalars(select(HelpOffer)))


def test_no_offer_after_one_failed_attempt(auth, imported, app, monkeypatch):
    monkeypatch.setattr(triggers, "is_held_out", lambda *a: False)
    auth.create(email=LEARNER, name="Učeň Nový")
    auth.login(email=LEARNER)
    auth.post(f"{COURSE}/enrol")
    start(auth)
    submit(auth, 1, WRONG)
    page = auth.client.get(QUIZ).get_data(as_text=True)
    assert "help-offer" not in page


def test_two_failed_attempts_show_the_offer_once_per_trigger(failed_twice, app):
    page = failed_twice.client.get(QUIZ).get_data(as_text=True)
    assert OFFER in page
    failed_twice.client.get(QUIZ)  # a reload makes no second offer
    offers = _offers(app)
    assert [(o.trigger, o.holdout) for o in offers] == [("quiz_failed", False)]
    assert offers[0].quiz_attempt_id is not None


def test_a_dismissed_offer_is_not_shown_again(failed_twice, app):
    offer = _offers(app)[0]
    answer = failed_twice.post(f"{QUIZ}/help/{offer.id}/dismiss")
    assert answer.status_code == 302
    assert OFFER not in failed_twice.client.get(QUIZ).get_data(as_text=True)


def test_a_held_out_learner_is_recorded_but_not_offered(failed_twice, app, monkeypatch):
    with app.app_context():
        db.session.query(HelpOffer).delete()
        db.session.commit()
    monkeypatch.setattr(triggers, "is_held_out", lambda *a: True)
    page = failed_twice.client.get(QUIZ).get_data(as_text=True)
    assert OFFER not in page
    assert [o.holdout for o in _offers(app)] == [True]


def test_holdout_is_a_stable_hash_with_the_configured_share():
    picks = [triggers.is_held_out(user, 7, "quiz_failed", 10) for user in range(2000)]
    assert picks == [triggers.is_held_out(user, 7, "quiz_failed", 10) for user in range(2000)]
    assert 150 < sum(picks) < 250  # about 10 % of 2,000
    assert not any(triggers.is_held_out(user, 7, "quiz_failed", 0) for user in range(500))


def test_course_md_sets_thresholds_and_switches_triggers_off():
    source = "---\ntitle: T\nhelp:\n  quiz_failed: 3\n  stalled_days: 0\n  holdout: 20\n---\n"
    found = triggers._settings_of_source(source)
    assert found.thresholds == {"quiz_failed": 3, "assignment_returned": 2}
    assert found.holdout == 20
    assert triggers._settings_of_source(None).thresholds == {
        "quiz_failed": 2,
        "stalled_days": 7,
        "assignment_returned": 2,
    }


def test_question_carries_its_context_and_the_answer_reaches_the_learner(
    failed_twice, app, mailbox
):
    offer = _offers(app)[0]
    failed_twice.post(
        f"{QUIZ}/questions", {"body": "Nerozumím <b>otázce</b> o konverzi.", "offer": offer.id}
    )
    with app.app_context():
        question = db.session.scalar(select(LearnerQuestion))
        assert question.offer_id == offer.id
        assert question.quiz_attempt_id == offer.quiz_attempt_id
        question_id = question.id
    page = failed_twice.client.get(QUIZ).get_data(as_text=True)
    assert "Nerozumím &lt;b&gt;otázce&lt;/b&gt; o konverzi." in page  # markup shown as text
    assert OFFER not in page  # accepted: the offer closes
    failed_twice.logout()
    failed_twice.login(email=INSTRUCTOR)
    inbox = failed_twice.client.get("/teach/demo-kurz/questions")
    assert inbox.status_code == 200
    assert "Nerozumím &lt;b&gt;otázce" in inbox.get_data(as_text=True)
    thread = failed_twice.client.get(f"/questions/{question_id}").get_data(as_text=True)
    assert "2. pokus" in thread
    failed_twice.post(f"/questions/{question_id}/reply", {"body": "Konverze je podíl nákupů."})
    with app.app_context():
        question = db.session.get(LearnerQuestion, question_id)
        assert question.first_answered_at is not None
        mail = db.session.scalar(select(OutboxMail).where(OutboxMail.kind == "question_answered"))
        assert mail.to_address == LEARNER
    assert any(
        "Konverze je podíl nákupů." in mailbox.text(m) for m in mailbox if m["To"] == LEARNER
    )


def test_another_learners_thread_answers_404(failed_twice, app):
    failed_twice.post(f"{QUIZ}/questions", {"body": "Můj dotaz"})
    with app.app_context():
        question_id = db.session.scalar(select(LearnerQuestion.id))
    failed_twice.logout()
    failed_twice.create(email="jina@example.cz", name="Jiná Studentka")
    failed_twice.login(email="jina@example.cz")
    assert failed_twice.client.get(f"/questions/{question_id}").status_code == 404
    assert failed_twice.post(f"/questions/{question_id}/withdraw").status_code == 404


def test_staff_of_another_course_do_not_reach_the_inbox(failed_twice):
    failed_twice.logout()
    failed_twice.create(email="cizi@example.cz", name="Cizí Lektor", role=Role.INSTRUCTOR)
    failed_twice.login(email="cizi@example.cz")
    assert failed_twice.client.get("/teach/demo-kurz/questions").status_code == 404


def test_a_withdrawn_question_leaves_the_inbox(failed_twice, app):
    failed_twice.post(f"{QUIZ}/questions", {"body": "Vlastně nic"})
    with app.app_context():
        question_id = db.session.scalar(select(LearnerQuestion.id))
    assert failed_twice.post(f"/questions/{question_id}/withdraw").status_code == 302
    failed_twice.logout()
    failed_twice.login(email=INSTRUCTOR)
    assert "Vlastně nic" not in failed_twice.client.get("/teach/demo-kurz/questions").get_data(
        as_text=True
    )


def test_an_empty_question_is_refused_with_a_message(failed_twice):
    answer = failed_twice.post(f"{QUIZ}/questions", {"body": "   "})
    assert answer.status_code == 422
    assert "Napište prosím, s čím potřebujete pomoct." in answer.get_data(as_text=True)


def test_an_attachment_that_is_not_an_image_is_refused(failed_twice):
    answer = failed_twice.post(
        f"{QUIZ}/questions",
        {"body": "Viz příloha", "attachment": (io.BytesIO(b"<html><script>x</script>"), "a.html")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 422
    assert "SVG, HTML a skripty" in answer.get_data(as_text=True)


def test_questions_are_rate_limited(failed_twice, app):
    limited = create_app(
        {
            **{k: app.config[k] for k in ("ENV", "DATABASE_URL", "SECRET_KEY", "MEDIA_DIR")},
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_KEY_PREFIX": f"questions-{uuid.uuid4().hex}",
            "QUESTION_RATE_LIMIT": "2/hour",
        }
    )
    learner = Auth(limited, limited.test_client())
    learner.login(email=LEARNER)
    for _ in range(2):
        assert learner.post(f"{QUIZ}/questions", {"body": "Dotaz"}).status_code == 302
    assert learner.post(f"{QUIZ}/questions", {"body": "Dotaz"}).status_code == 429


def test_admin_figures_count_shown_accepted_and_answered(failed_twice, app):
    failed_twice.client.get(QUIZ)
    offer = _offers(app)[0]
    failed_twice.post(f"{QUIZ}/questions", {"body": "Pomoc", "offer": offer.id})
    from academy.questions import figures

    with app.app_context():
        found = {f.trigger: f for f in figures.per_trigger(db.session, [offer.course_id])}
        assert (found["quiz_failed"].shown, found["quiz_failed"].accepted) == (1, 1)
        assert found["quiz_failed"].answered == 0
        user = db.session.scalar(select(User).where(User.email == LEARNER))
        assert user is not None
    failed_twice.logout()
    failed_twice.login(email=INSTRUCTOR)
    page = failed_twice.client.get("/admin/help")
    assert page.status_code == 200
    assert 'data-trigger="quiz_failed"' in page.get_data(as_text=True)


def test_the_same_form_sent_twice_makes_one_question(failed_twice, app):
    for _ in range(2):  # a double click: the same request key
        failed_twice.post(f"{QUIZ}/questions", {"body": "Jednou", "once": "klic-1"})
    with app.app_context():
        assert db.session.query(LearnerQuestion).count() == 1


def test_instructors_are_told_of_a_new_question_and_see_threads_on_the_module(failed_twice, app):
    failed_twice.post(f"{QUIZ}/questions", {"body": "Dotaz k modulu"})
    with app.app_context():
        mail = db.session.scalar(select(OutboxMail).where(OutboxMail.kind == "question_asked"))
        assert mail.to_address == INSTRUCTOR
        assert "Dotaz k modulu" not in mail.body_text  # the words stay in the academy
    failed_twice.logout()
    failed_twice.login(email=INSTRUCTOR)  # the course's instructor, not enrolled in it
    page = failed_twice.client.get(QUIZ).get_data(as_text=True)
    assert "Dotaz k modulu" in page and "Učeň Nový" in page
    assert "Náhled lektora" in page and "Označit jako hotové" not in page
    with app.app_context():  # reading as staff records nothing
        from academy.learning.models import Enrollment, ModuleProgress

        instructor = db.session.scalar(select(User.id).where(User.email == INSTRUCTOR))
        assert db.session.scalar(select(Enrollment).where(Enrollment.user_id == instructor)) is None
        assert (
            db.session.scalar(select(ModuleProgress).where(ModuleProgress.user_id == instructor))
            is None
        )


def test_an_unenrolled_instructor_of_another_course_is_sent_to_enrol(failed_twice, app):
    failed_twice.post(f"{QUIZ}/questions", {"body": "Dotaz k modulu"})
    failed_twice.logout()
    failed_twice.create(email="cizi@example.cz", name="Cizí Lektor", role=Role.INSTRUCTOR)
    failed_twice.login(email="cizi@example.cz")
    answer = failed_twice.client.get(QUIZ)
    assert (answer.status_code, answer.headers["Location"]) == (302, COURSE)


def test_an_instructor_of_another_course_gets_404_for_a_thread(failed_twice, app):
    failed_twice.post(f"{QUIZ}/questions", {"body": "Soukromé"})
    with app.app_context():
        question_id = db.session.scalar(select(LearnerQuestion.id))
    failed_twice.logout()
    failed_twice.create(email="cizi@example.cz", name="Cizí Lektor", role=Role.INSTRUCTOR)
    failed_twice.login(email="cizi@example.cz")
    assert failed_twice.client.get(f"/questions/{question_id}").status_code == 404


def test_a_module_open_for_days_offers_help(auth, imported, app, monkeypatch):
    from datetime import timedelta

    from sqlalchemy import update

    from academy.db import utcnow
    from academy.learning.models import ModuleProgress

    monkeypatch.setattr(triggers, "is_held_out", lambda *a: False)
    auth.create(email=LEARNER, name="Učeň Nový")
    auth.login(email=LEARNER)
    auth.post(f"{COURSE}/enrol")
    auth.client.get(f"{COURSE}/uvod")
    assert "help-offer" not in auth.client.get(f"{COURSE}/uvod").get_data(as_text=True)
    with app.app_context():
        db.session.execute(update(ModuleProgress).values(started_at=utcnow() - timedelta(days=8)))
        db.session.commit()
    assert "help-offer" in auth.client.get(f"{COURSE}/uvod").get_data(as_text=True)
    assert [o.trigger for o in _offers(app)] == ["stalled_days"]


def test_courses_check_names_a_bad_help_setting():
    problems = triggers.help_problems({"quiz_failed": "dvakrat", "holdout": 90})
    assert [template for template, _args in problems] == [
        "help: %(key)s musí být celé číslo, 0 spouštěč vypne",
        "help: holdout je podíl v %% od 0 do %(max)d",
    ]


def test_deleting_the_account_erases_the_questions_words(failed_twice, app):
    failed_twice.post(f"{QUIZ}/questions", {"body": "Osobní věc"})
    from academy.privacy.erasure import delete_account

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == LEARNER))
        delete_account(db.session, user)
        db.session.commit()
        assert db.session.scalar(select(LearnerQuestion.body)) == ""


def test_staff_see_the_learner_and_an_empty_answer_is_refused(failed_twice, app):
    failed_twice.post(f"{QUIZ}/questions", {"body": "Kdo jsem?"})
    with app.app_context():
        question_id = db.session.scalar(select(LearnerQuestion.id))
    failed_twice.logout()
    failed_twice.login(email=INSTRUCTOR)
    assert "Učeň Nový" in failed_twice.client.get(f"/questions/{question_id}").get_data(
        as_text=True
    )
    refused = failed_twice.post(f"/questions/{question_id}/reply", {"body": " "})
    assert refused.status_code == 422
    assert "Napište prosím odpověď." in refused.get_data(as_text=True)


def test_a_screenshot_is_kept_privately_and_shown_only_to_the_thread(failed_twice, app):
    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(image, "PNG")
    image.seek(0)
    answer = failed_twice.post(
        f"{QUIZ}/questions",
        {"body": "Viz obrázek", "attachment": (image, "snimek obrazovky.png")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302
    with app.app_context():
        question_id = db.session.scalar(select(LearnerQuestion.id))
    shown = failed_twice.client.get(f"/questions/{question_id}/attachment")
    assert (shown.status_code, shown.mimetype) == (200, "image/png")
    failed_twice.logout()
    failed_twice.create(email="jina@example.cz", name="Jiná Studentka")
    failed_twice.login(email="jina@example.cz")
    assert failed_twice.client.get(f"/questions/{question_id}/attachment").status_code == 404
