"""The learner's path with the keyboard alone: log in, enrol, finish a module, pass the quiz.

Tab moves between controls, Enter follows links and submits, Space presses
buttons and ticks boxes, and the arrows pick an option within a radio group, as browsers do.
Every stop must show where focus is (an outline or ring, on screen); the skip link must lead
past the header.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.keyboard import Keyboard

pytestmark = [pytest.mark.slow, pytest.mark.browser]

EMAIL = "klavesnice@example.cz"
COURSE = "Ukázkový kurz – Šťastné cesty"


def test_keyboard_alone_takes_a_learner_from_log_in_to_a_passed_quiz(tour, auth, imported):
    auth.create(email=EMAIL, name="Karel Klávesa")
    page, t = tour.page, tour.t
    keys = Keyboard(tour)

    # The skip link comes first, shows itself, and leads to the form.
    tour.open("/login", "login")
    skip = keys.press("Tab")
    assert skip["name"] == t("Přeskočit na obsah"), skip["html"]
    page.keyboard.press("Enter")
    assert keys.press("Tab")["name"] == t("E-mail")
    page.keyboard.type(EMAIL)
    keys.press("Tab")
    page.keyboard.type(PASSWORD)
    keys.activate("Enter", "my-learning")

    keys.tab_to(t("Vyberte si kurz"))
    keys.activate("Enter", "catalog")
    keys.tab_to(COURSE)
    keys.activate("Enter", "course")
    keys.tab_to(t("Zapsat se do kurzu zdarma"))
    keys.activate("Space", "module-1")
    keys.tab_to(t("Označit jako hotové"))
    keys.activate("Enter", "module-2")
    expect(page.get_by_role("heading", level=1)).to_have_text("Persony")

    keys.tab_to(COURSE)
    keys.activate("Enter", "course-progress")
    keys.tab_to("Kvíz")
    keys.activate("Enter", "quiz")
    keys.tab_to(t("Začít kvíz"))
    keys.activate("Space", "quiz-attempt")

    keys.tab_until(lambda f: f["type"] == "radio", "the first question's options")
    keys.choose("SPRAVNA-ODPOVED-TAJNA")
    keys.tab_until(lambda f: f["type"] == "checkbox", "the second question's options")
    keys.tick({"SPRAVNA-KONVERZE", "SPRAVNY-PODIL-KONTAKTU"}, count=3)
    keys.tab_to(t("Vaše odpověď"))
    page.keyboard.type("See-Think-Do-Care")
    keys.tab_to(t("Vaše odpověď (číslo)"))
    page.keyboard.type("42.5")
    keys.tab_to(t("Odevzdat kvíz"))
    keys.activate("Enter", "quiz-passed")
    expect(page.locator(".quiz-score")).to_contain_text(t("Splněno"))

    keys.tab_to(t("Zpět na přehled kurzu"))
    keys.activate("Enter", "course-quiz-done")
    quiz = page.locator(".module-list li", has=page.get_by_role("link", name="Kvíz", exact=True))
    expect(quiz).to_contain_text(t("Hotovo"))
