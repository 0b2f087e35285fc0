"""A learner's journey in a real browser, on a phone and a desktop, in Czech and in English.

Sign up, confirm the e-mail from the link in the mail, enrol, read and finish a module, see the
progress, log out and back in, continue where they left off, fail the quiz and pass it, finish
the course, download the certificate and open the verification page from the address
printed on it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

pytestmark = [pytest.mark.slow, pytest.mark.browser]

NAME = "Jana Nováková"
EMAIL = "jana.novakova@example.cz"
PASSWORD = "zelená louka u Brna 42"
COURSE = "Ukázkový kurz – Šťastné cesty"

# The fixture quiz (tests/fixtures/courses/demo-kurz/04-kviz.md), question by question.
WRONG = {
    "Co je tajné?": "Špatná odpověď",
    "Které metriky patří mezi KPI": ["Počet zaměstnanců marketingu"],
    "Jak se jmenuje model": "nevím",
    "Kolik je polovina z 85?": "40",
}
RIGHT = {
    "Co je tajné?": "SPRAVNA-ODPOVED-TAJNA",
    "Které metriky patří mezi KPI": ["SPRAVNA-KONVERZE", "SPRAVNY-PODIL-KONTAKTU"],
    "Jak se jmenuje model": "STDC",
    "Kolik je polovina z 85?": "42,5",
}


def answer(page, answers: dict) -> None:
    """Choose options by their text and type the open answers, as a learner would."""
    for question, value in answers.items():
        box = page.locator("fieldset", has_text=question)
        if isinstance(value, list):
            for option in value:
                box.get_by_label(option, exact=True).check()
        elif box.get_by_role("textbox").count():
            box.get_by_role("textbox").fill(value)
        else:
            box.get_by_label(value, exact=True).check()


def module_item(page, title: str):
    return page.locator(".module-list li", has=page.get_by_role("link", name=title, exact=True))


@pytest.mark.parametrize(
    ("viewport", "lang"), [("phone", "cs"), ("desktop", "cs"), ("phone", "en")]
)
def test_learner_signs_up_learns_and_passes_the_quiz(tour, mailbox, imported, lang):
    page, t = tour.page, tour.t
    tour.open("/", "catalog")
    if lang == "en":
        tour.follow(tour.menu().get_by_role("link", name="EN", exact=True), "catalog-en")
        # The language switch really switches (t() alone would pass on a missing catalog).
        expect(page.get_by_role("heading", level=1)).to_have_text("CX Academy courses")
    expect(page.locator("html")).to_have_attribute("lang", lang)

    # Sign up, and confirm the address from the link in the e-mail.
    tour.follow(tour.menu().get_by_role("link", name=t("Registrace"), exact=True), "signup")
    page.get_by_label(t("Celé jméno")).fill(NAME)
    page.get_by_label(t("E-mail")).fill(EMAIL)
    page.get_by_label(t("Heslo"), exact=True).fill(PASSWORD)
    page.get_by_label(t("Heslo znovu")).fill(PASSWORD)
    page.locator("#consent").check()  # the terms and the privacy policy, linked in the label
    tour.follow(page.get_by_role("button", name=t("Vytvořit účet")), "check-email")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Zkontrolujte e-mail"))
    (link,) = mailbox.links(EMAIL)
    tour.open(link, "verified")
    expect(page.locator(".flash")).to_contain_text(
        t("E-mail je ověřený. Vítejte v CX akademii, %(name)s!", name=NAME)
    )

    # Catalog → course → enrol: the first module opens.
    tour.follow(page.get_by_role("link", name=COURSE), "course")
    tour.follow(page.get_by_role("button", name=t("Zapsat se do kurzu zdarma")), "module-1")
    expect(page.locator(".flash")).to_contain_text(
        t("Jste zapsáni do kurzu %(title)s.", title=COURSE)
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Úvod do map")
    expect(page.locator("article.prose h2")).to_contain_text("Proč mapovat")
    image = page.locator("article.prose img")
    expect(image).to_have_attribute("alt", "Mapa")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0"), "the image did not load"

    # Mark it done: the next module opens, and the progress shows on the course page.
    tour.follow(page.get_by_role("button", name=t("Označit jako hotové")), "module-2")
    expect(page.get_by_role("heading", level=1)).to_have_text("Persony")
    breadcrumbs = page.get_by_role("navigation", name=t("Drobečková navigace"))
    tour.follow(breadcrumbs.get_by_role("link", name=COURSE), "course-progress")
    expect(page.locator(".course-action")).to_contain_text(t("Váš postup: %(p)s %%", p=33))
    expect(page.locator(".course-action")).to_contain_text(
        t("%(done)d z %(total)d modulů hotovo", done=1, total=3)
    )
    expect(module_item(page, "Úvod do map")).to_contain_text(t("Hotovo"))

    tour.follow(tour.menu().get_by_role("link", name=t("Moje studium")), "my-learning")
    expect(page.locator(".my-course")).to_contain_text(
        t("%(p)s %% · %(done)d z %(total)d modulů hotovo", p=33, done=1, total=3)
    )
    expect(page.get_by_role("progressbar")).to_have_attribute("value", "33")

    # Log out and in again: "Continue" opens the module where they left off.
    tour.follow(tour.menu().get_by_role("button", name=t("Odhlásit")), "logged-out")
    expect(page.locator(".flash")).to_contain_text(t("Byli jste odhlášeni."))
    expect(page.locator("html")).to_have_attribute("lang", lang)
    tour.follow(tour.menu().get_by_role("link", name=t("Přihlásit"), exact=True), "login")
    page.get_by_label(t("E-mail")).fill(EMAIL)
    page.get_by_label(t("Heslo")).fill(PASSWORD)
    tour.follow(page.get_by_role("button", name=t("Přihlásit se")), "back-to-catalog")
    tour.follow(tour.menu().get_by_role("link", name=t("Moje studium")), "my-learning-again")
    expect(page.locator(".my-course")).to_contain_text(
        t("Další na řadě: %(title)s", title="Persony")
    )
    tour.follow(page.get_by_role("link", name=t("Pokračovat"), exact=True), "continue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Persony")

    # The quiz: fail once, then pass; the course page shows it done.
    tour.follow(breadcrumbs.get_by_role("link", name=COURSE), "course-before-quiz")
    tour.follow(page.locator(".module-list").get_by_role("link", name="Kvíz"), "quiz")
    # The interface speaks the chosen language; the course's own text keeps the course's.
    expect(
        page.locator(".quiz-panel").locator("xpath=ancestor-or-self::*[@lang][1]")
    ).to_have_attribute("lang", lang)
    expect(page.get_by_role("heading", level=1)).to_have_attribute("lang", "cs")
    tour.follow(page.get_by_role("button", name=t("Začít kvíz")), "quiz-attempt-1")
    answer(page, WRONG)
    tour.follow(page.get_by_role("button", name=t("Odevzdat kvíz")), "quiz-failed")
    expect(page.locator(".quiz-score")).to_contain_text(t("Nesplněno"))
    tour.follow(page.get_by_role("button", name=t("Zkusit znovu")), "quiz-attempt-2")
    answer(page, RIGHT)
    tour.follow(page.get_by_role("button", name=t("Odevzdat kvíz")), "quiz-passed")
    expect(page.locator(".quiz-score")).to_contain_text(t("Splněno"))
    expect(page.locator(".quiz-score")).to_contain_text("100")
    tour.follow(page.get_by_role("link", name=t("Zpět na přehled kurzu")), "course-quiz-done")
    expect(module_item(page, "Kvíz")).to_contain_text(t("Hotovo"))
    expect(page.locator(".course-action")).to_contain_text(t("Váš postup: %(p)s %%", p=67))

    # Finish the last module: the certificate, and its public verification page.
    continue_label = t("Pokračovat tam, kde jste skončili")
    tour.follow(page.get_by_role("link", name=continue_label), "last-module")
    expect(page.get_by_role("heading", level=1)).to_have_text("Persony")
    tour.follow(page.get_by_role("button", name=t("Označit jako hotové")), "certificate-name")
    expect(page.get_by_label(t("Jméno na certifikátu"))).to_have_value(NAME)
    confirm = t("Potvrdit jméno a vystavit certifikát")
    tour.follow(page.get_by_role("button", name=confirm), "certificate")
    # Download the PDF, read the verification address printed on it, and open that address.
    with page.expect_download() as download:
        page.get_by_role("link", name=t("Stáhnout PDF")).click()
    pdf = PdfReader(download.value.path())
    printed = " ".join(pdf.pages[0].extract_text().split())
    assert NAME in printed, printed
    url = re.search(r"https?://\S+/certificates/[A-Za-z0-9_-]+", printed).group(0)
    assert urlsplit(url).netloc == urlsplit(page.url).netloc  # the configured base URL
    tour.open(url, "certificate-verification")
    expect(page.locator(".cert-status")).to_contain_text(t("Platný"))
    expect(page.locator(".cert-facts")).to_contain_text(NAME)
    # A code typed by hand, lower case with spaces, finds the same page.
    code = url.rsplit("/", 1)[-1]
    page.get_by_label(t("Kód certifikátu")).fill(code.lower().replace("-", " "))
    tour.follow(page.get_by_role("button", name=t("Ověřit"), exact=True), "certificate-typed-code")
    expect(page.locator(".cert-facts")).to_contain_text(NAME)
    # Moje certifikáty lists it.
    tour.open("/my/certificates", "my-certificates")
    expect(page.locator(".my-course")).to_contain_text(code)
