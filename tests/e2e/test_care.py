"""Care for learners in a real browser, on a phone and a desktop: a learner who failed a quiz
twice sees the offer, asks in context; the instructor answers from the inbox; the learner
gets the e-mail and sees the thread on the module; admin sees the trigger's figures. Then
the help centre, its search and the contact form."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from academy.auth.models import Role
from academy.courses.models import Module
from academy.extensions import db
from academy.questions import triggers
from tests.conftest import PASSWORD
from tests.e2e.test_staff import sign_in_with_two_factor
from tests.quizzes.conftest import LEARNER, QUIZ, WRONG, start, submit

pytestmark = [pytest.mark.slow, pytest.mark.browser]

INSTRUCTOR = "jiri@example.cz"
ADMIN = "spravce@example.cz"


def sign_in(tour, email: str) -> None:
    page, t = tour.page, tour.t
    tour.open("/login", "login")
    page.get_by_label(t("E-mail")).fill(email)
    page.get_by_label(t("Heslo")).fill(PASSWORD)
    tour.follow(page.get_by_role("button", name=t("Přihlásit se")), "signed-in")


def test_care_offer_question_answer_and_figures(tour, auth, app, imported, mailbox, monkeypatch):
    monkeypatch.setattr(triggers, "is_held_out", lambda *a: False)
    auth.create(email=INSTRUCTOR, name="Jiří Šťastný", role=Role.INSTRUCTOR)
    auth.create(email=ADMIN, name="Správkyně Akademie", role=Role.ADMIN)
    auth.create(email=LEARNER, name="Učeň Nový")
    with app.app_context():
        module = db.session.scalar(select(Module).where(Module.slug == "kviz"))
        module.settings = {**module.settings, "max_attempts": 5, "cooldown_minutes": 0}
        db.session.commit()
    auth.login(email=LEARNER)
    auth.post("/courses/demo-kurz/enrol")
    for number in (1, 2):  # 1. two failed attempts
        start(auth)
        submit(auth, number, WRONG)

    page, t = tour.page, tour.t
    sign_in(tour, LEARNER)
    tour.open(QUIZ, "offer")
    offer = page.locator("aside.help-offer")
    expect(offer).to_contain_text(t("Napsat lektorovi"))

    # 2. the question, in context
    page.get_by_role("link", name=t("Napsat lektorovi")).click()
    page.get_by_label(t("Váš dotaz lektorovi")).fill("Proč je <b>konverze</b> špatně?")
    tour.follow(page.get_by_role("button", name=t("Odeslat dotaz")), "asked")
    thread = page.locator("article.question-thread")
    expect(thread).to_contain_text("Proč je <b>konverze</b> špatně?")
    expect(thread).to_contain_text(t("Čeká na odpověď"))
    expect(page.locator("aside.help-offer")).to_have_count(0)

    # 3. the instructor answers from the inbox
    page.context.clear_cookies()
    sign_in_with_two_factor(tour, INSTRUCTOR)
    tour.open("/teach/demo-kurz/questions", "inbox")
    tour.follow(page.get_by_role("link", name="Proč je <b>konverze</b> špatně?"), "thread")
    expect(page.locator(".question-context")).to_contain_text(t("Pokus v kvízu"))
    page.get_by_label(t("Odpověď")).fill("Konverze je podíl návštěv, které skončí nákupem.")
    tour.follow(page.get_by_role("button", name=t("Odeslat odpověď")), "answered")

    # 4. the e-mail, and the thread on the module
    mails = [m for m in mailbox if m["To"] == LEARNER]
    assert any("Konverze je podíl návštěv" in mailbox.text(m) for m in mails)
    page.context.clear_cookies()
    sign_in(tour, LEARNER)
    tour.open(QUIZ + "#questions", "thread-on-module")
    expect(page.locator(".question-reply-staff")).to_contain_text("Konverze je podíl návštěv")

    # 5. admin's figures for the trigger
    page.context.clear_cookies()
    sign_in_with_two_factor(tour, ADMIN)
    tour.open("/admin/help", "figures")
    row = page.locator('tr[data-trigger="quiz_failed"] td')
    expect(row.nth(0)).to_have_text("1")  # shown
    expect(row.nth(1)).to_have_text("1")  # accepted
    expect(row.nth(2)).to_have_text("1")  # answered


def test_care_help_centre_search_and_contact(tour, mailbox):
    page, t = tour.page, tour.t
    tour.open("/help", "help")
    tour.follow(page.get_by_role("link", name="Video nejde přehrát"), "help-page")
    tour.open("/search?q=dvoufazove", "help-search")
    expect(page.locator(".help-hits")).to_contain_text("Dvoufázové přihlášení")
    tour.open("/help/contact", "contact")
    page.get_by_label(t("Jméno")).fill("Eva Nová")
    page.get_by_label(t("E-mail pro odpověď")).fill("eva@example.cz")
    page.get_by_label(t("Předmět")).fill("Faktura")
    page.get_by_label(t("Zpráva")).fill("Potřebuji fakturu za firemní školení.")
    tour.follow(page.get_by_role("button", name=t("Odeslat zprávu")), "contact-sent")
    expect(page.locator(".flash-success")).to_contain_text(t("Zprávu jsme přijali"))
    assert any(m["To"] == "eva@example.cz" for m in mailbox)


def test_care_undo_done_leave_rejoin_and_certificate_name(tour, auth, app, imported):
    from academy.auth.models import User
    from academy.courses.models import Course
    from academy.learning import progress

    auth.create(email=LEARNER, name="Učeň Nový")
    with app.app_context():  # every module done but the first: "Označit jako hotové" completes
        user = db.session.scalar(select(User).where(User.email == LEARNER))
        course = db.session.scalar(select(Course))
        progress.enrol(db.session, user, course)
        state = progress.outline(db.session, user, course)
        for s in state.states:
            if s.module.slug != "uvod":
                progress.complete_module(db.session, user, state, s.module)
        db.session.commit()

    page, t = tour.page, tour.t
    sign_in(tour, LEARNER)
    tour.open("/courses/demo-kurz/uvod", "module")
    tour.follow(page.get_by_role("button", name=t("Označit jako hotové")), "course-complete")
    tour.open("/courses/demo-kurz/uvod", "module-done")
    tour.follow(page.get_by_role("link", name=t("Vrátit zpět")), "undo-asks")
    expect(page.locator(".notice")).to_contain_text(t("Tímto modulem jste dokončili kurz"))
    page.get_by_label(t("Rozumím, modul chci označit jako nehotový")).check()
    tour.follow(page.get_by_role("button", name=t("Označit jako nehotové")), "undone")
    expect(page.get_by_role("button", name=t("Označit jako hotové"))).to_be_visible()

    tour.open("/courses/demo-kurz", "course")
    tour.follow(page.get_by_role("link", name=t("Opustit kurz")), "leave")
    tour.follow(page.get_by_role("button", name=t("Opustit kurz")), "left")
    tour.follow(page.get_by_role("button", name=t("Vrátit se do kurzu")), "rejoined")
    tour.open("/courses/demo-kurz", "course-again")
    expect(page.locator(".course-action")).to_contain_text(
        t("%(done)d z %(total)d modulů hotovo", done=2, total=3)  # the bonus does not count
    )

    tour.open("/my/certificate-name", "certificate-name")
    page.get_by_label(t("Jméno na příštích certifikátech")).fill("Ing. Učeň Nový")
    tour.follow(page.get_by_role("button", name=t("Uložit")), "certificate-name-saved")
    expect(page.locator(".flash-success")).to_contain_text("Ing. Učeň Nový")
