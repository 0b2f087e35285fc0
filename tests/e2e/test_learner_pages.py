"""Finding one's way on a phone and a desktop: the header menu, the course outline beside a
module, a quiz that asks before spending an attempt on blank questions, and statuses that say
the truth. The menu, the outline and the quiz's question also work without JavaScript.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from academy.auth.models import Role
from tests.conftest import PASSWORD
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.test_staff import sign_in_with_two_factor
from tests.quizzes.conftest import COURSE, QUIZ, RIGHT

pytestmark = [pytest.mark.slow, pytest.mark.browser]

LEARNER = "bozena.cerna@example.cz"
ADMIN = "spravce@example.cz"


def sign_in(tour, email: str) -> None:
    page, t = tour.page, tour.t
    tour.open("/login", "login")
    page.get_by_label(t("E-mail")).fill(email)
    page.get_by_label(t("Heslo")).fill(PASSWORD)
    tour.follow(page.get_by_role("button", name=t("Přihlásit se")), "signed-in")


def header_height(page) -> float:
    return page.locator(".site-header").bounding_box()["height"]


@pytest.mark.parametrize(
    ("viewport", "lang"), [("phone", "cs"), ("desktop", "cs"), ("phone", "en"), ("desktop", "en")]
)
def test_header_menu_folds_on_a_phone_and_reaches_my_account(tour, auth, imported, viewport, lang):
    auth.create(email=ADMIN, name="Správkyně Akademie", role=Role.ADMIN)
    page, t = tour.page, tour.t
    if lang == "en":
        tour.open("/lang/en?next=/login", "english")
    sign_in_with_two_factor(tour, ADMIN)
    nav = page.get_by_role("navigation", name=t("Hlavní navigace"))
    account = nav.get_by_role("link", name=t("Můj účet"))
    if viewport == "phone":
        # One compact row: the brand and "Menu"; every link folded under it.
        assert header_height(page) <= 70, header_height(page)
        expect(account).to_be_hidden()
        page.get_by_text(t("Menu"), exact=True).click()
        expect(account).to_be_visible()
        expect(nav.get_by_role("link", name=t("Správa"))).to_be_visible()
        tour.check("menu-open")
    else:
        expect(page.locator(".site-menu > summary")).to_be_hidden()
        expect(account).to_be_visible()
        assert header_height(page) <= 80, header_height(page)
    tour.follow(account, "account")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Můj účet"))

    # The admin pages' own navigation stays one row on a phone.
    tour.follow(tour.menu().get_by_role("link", name=t("Správa")), "admin")
    admin_nav = page.get_by_role("navigation", name=t("Správa"), exact=True)
    assert admin_nav.bounding_box()["height"] <= 60, admin_nav.bounding_box()
    assert header_height(page) + admin_nav.bounding_box()["height"] <= 140


def test_header_menu_and_module_outline_work_without_javascript(
    chromium, live_server, auth, imported
):
    auth.create(email=LEARNER, name="Božena Černá")
    context = chromium.new_context(
        base_url=live_server, viewport=VIEWPORTS["phone"], java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/login")
        page.get_by_label("E-mail").fill(LEARNER)
        page.get_by_label("Heslo").fill(PASSWORD)
        page.get_by_role("button", name="Přihlásit se").click()
        nav = page.get_by_role("navigation", name="Hlavní navigace")
        expect(nav.get_by_role("link", name="Můj účet")).to_be_hidden()
        page.get_by_text("Menu", exact=True).click()
        nav.get_by_role("link", name="Kurzy").click()
        page.get_by_role("link", name="Ukázkový kurz – Šťastné cesty").click()
        page.get_by_role("button", name="Zapsat se do kurzu zdarma").click()
        outline = page.locator(".module-outline")
        expect(outline.get_by_role("link", name="Persony")).to_be_hidden()
        outline.locator("summary").click()
        outline.get_by_role("link", name="Persony").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Persony")
    finally:
        context.close()


@pytest.mark.parametrize(("viewport", "lang"), [("phone", "cs"), ("desktop", "en")])
def test_module_page_shows_the_course_outline_with_ticks(tour, auth, imported, viewport, lang):
    auth.create(email=LEARNER, name="Božena Černá")
    page, t = tour.page, tour.t
    if lang == "en":
        tour.open("/lang/en?next=/login", "english")
    sign_in(tour, LEARNER)
    tour.open(COURSE, "course")
    tour.follow(page.get_by_role("button", name=t("Zapsat se do kurzu zdarma")), "first-module")
    # A figure links to itself full size: tap to open it alone, where a phone pinch-zooms.
    zoom = page.locator("article.prose a.figure-zoom")
    image = zoom.get_by_role("img", name="Mapa")
    expect(zoom).to_have_attribute("href", image.get_attribute("src"))
    opened = page.request.get(zoom.get_attribute("href"))
    assert opened.status == 200 and opened.headers["content-type"].startswith("image/")
    tour.follow(page.get_by_role("button", name=t("Označit jako hotové")), "second-module")

    outline = page.locator(".module-outline")
    summary = outline.locator("summary")
    if viewport == "phone":
        # folded above the module, saying how far the learner is
        expect(summary).to_contain_text(t("%(done)d z %(total)d modulů hotovo", done=1, total=4))
        expect(outline.get_by_role("list")).to_be_hidden()
        summary.click()
        tour.check("outline-open")
    else:
        expect(summary).to_be_hidden()
        # beside the module, not above it
        box, body = outline.bounding_box(), page.locator(".module-page").bounding_box()
        assert box["x"] + box["width"] <= body["x"], (box, body)
    items = outline.locator(".module-item")
    expect(items).to_have_count(4)
    expect(items.nth(0)).to_have_class("module-item status-done")
    expect(items.nth(0)).to_contain_text(t("Hotovo"))
    current = outline.get_by_role("link", name="Persony")
    expect(current).to_have_attribute("aria-current", "page")
    # the quiz has not been started: it says so, here and on its own page
    expect(items.nth(3)).to_contain_text(t("Nezahájeno"))
    tour.follow(outline.get_by_role("link", name="Kvíz"), "quiz")
    expect(page.locator("[data-module-status]")).to_have_text(t("Nezahájeno"))


@pytest.mark.parametrize(("viewport", "lang"), [("phone", "cs"), ("desktop", "en")])
def test_quiz_asks_before_submitting_blank_questions(tour, auth, imported, viewport, lang):
    auth.create(email=LEARNER, name="Božena Černá")
    auth.login(email=LEARNER)
    auth.post(f"{COURSE}/enrol")
    page, t = tour.page, tour.t
    if lang == "en":
        tour.open("/lang/en?next=/login", "english")
    sign_in(tour, LEARNER)
    tour.open(QUIZ, "quiz")
    expect(page.locator(".quiz-facts")).to_contain_text(
        t("správné odpovědi a vysvětlení po splnění")
    )
    tour.follow(page.get_by_role("button", name=t("Začít kvíz")), "attempt")
    page.locator("fieldset", has_text="Co je tajné?").get_by_label(RIGHT[0], exact=True).check()
    tour.follow(page.get_by_role("button", name=t("Odevzdat kvíz")), "blank-questions")

    # The sheet comes back naming the three blank questions; nothing is graded yet.
    notice = page.get_by_role("alert")
    expected = {"cs": "Na 3 otázky jste neodpověděli", "en": "You left 3 questions unanswered"}
    expect(notice).to_contain_text(expected[lang])
    for number in (2, 3, 4):
        expect(notice.get_by_role("link", name=t("otázka %(n)d", n=number))).to_be_visible()
    expect(page.locator("fieldset.is-blank")).to_have_count(3)
    expect(page.get_by_label(RIGHT[0], exact=True)).to_be_checked()  # the answer is kept
    notice.get_by_role("link", name=t("otázka %(n)d", n=3)).click()
    expect(page.locator("#otazka-3")).to_be_in_viewport()

    tour.follow(notice.get_by_role("button", name=t("Přesto odevzdat")), "result")
    expect(page.locator(".quiz-score")).to_contain_text(t("Nesplněno"))
    expect(page.locator(".quiz-review")).to_contain_text(t("Bez odpovědi"))
    expect(
        page.get_by_text(t("Správné odpovědi a jejich vysvětlení uvidíte, až kvíz splníte."))
    ).to_be_visible()
    expect(page.locator(".question-feedback")).to_have_count(0)  # no explanation before a pass
