"""An assignment in two browsers, on a phone and a desktop: the learner downloads the
template, writes, uploads and hands in; an instructor in another browser context returns the
work with rubric scores and a comment; the learner resubmits; the instructor accepts; the
course completes and the certificate is issued. axe checks every page on the way."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from academy.auth.models import Role
from academy.certificates.models import Certificate
from academy.courses.importer import import_path
from academy.extensions import db
from tests.assignments.conftest import COURSES, INSTRUCTOR, LEARNER, TEMPLATE
from tests.conftest import PASSWORD
from tests.e2e.conftest import HTML, VIEWPORTS
from tests.e2e.test_staff import sign_in_with_two_factor
from tests.e2e.tour import Tour

pytestmark = [pytest.mark.slow, pytest.mark.browser]
MODULE = "/courses/praxe-v-cx/tabulka-kpi"
FIRST = "Konverze košíku klesá od dubna, protože se prodloužila doprava."
SECOND = FIRST + " Doplnila jsem šest měsíců čísel a trend."


@pytest.fixture
def reviewer_tour(app, live_server, chromium, axe_source, screenshots, html_pages, viewport):
    """The instructor's own browser context: another person at another computer."""
    phone = viewport == "phone"
    context = chromium.new_context(
        base_url=live_server,
        viewport=VIEWPORTS[viewport],
        is_mobile=phone,
        has_touch=phone,
        locale="cs-CZ",
        timezone_id="Europe/Prague",
    )
    context.set_default_timeout(10_000)
    yield Tour(
        app=app,
        page=context.new_page(),
        name=f"assignment-reviewer-{viewport}",
        viewport=viewport,
        lang="cs",
        axe_source=axe_source,
        screenshots=screenshots,
        html=html_pages,
        html_dir=HTML,
    )
    context.close()


def _sign_in(tour, email: str) -> None:
    page, t = tour.page, tour.t
    tour.open("/login", "login")
    page.get_by_label(t("E-mail")).fill(email)
    page.get_by_label(t("Heslo")).fill(PASSWORD)
    tour.follow(page.get_by_role("button", name=t("Přihlásit se")), "signed-in")


def test_assignment_is_handed_in_returned_resubmitted_and_accepted(
    tour, reviewer_tour, app, auth, tmp_path: Path
):
    source = tmp_path / "courses"
    shutil.copytree(COURSES, source)
    with app.app_context():
        assert import_path(db.session, source, Path(app.config["MEDIA_DIR"])).ok
        db.session.commit()
    auth.create(email=LEARNER, name="Lucie Malá")
    auth.create(email=INSTRUCTOR, name="Jiří Šťastný", role=Role.INSTRUCTOR)
    page, t = tour.page, tour.t

    # 1. the learner downloads the template, writes, uploads, hands in
    _sign_in(tour, LEARNER)
    tour.open("/courses/praxe-v-cx", "course")
    tour.follow(page.get_by_role("button", name=t("Zapsat se do kurzu zdarma")), "assignment")
    with page.expect_download() as download:
        page.get_by_role("link", name="Šablona tabulky KPI").click()
    assert download.value.suggested_filename == "sablona-kpi-tabulka.xlsx"
    assert Path(download.value.path()).read_bytes() == TEMPLATE.read_bytes()
    page.get_by_label(t("Váš text")).fill(FIRST)
    expect(page.locator("[data-save-status]")).to_contain_text("Koncept uložen v")
    page.reload()
    tour.check("draft-after-reload")
    expect(page.get_by_label(t("Váš text"))).to_have_value(FIRST)
    page.get_by_label(t("Soubor s vaší prací")).set_input_files(TEMPLATE)
    tour.follow(page.get_by_role("button", name=t("Nahrát soubor")), "uploaded")
    expect(page.locator(".work-files")).to_contain_text("sablona-kpi-tabulka.xlsx")
    tour.follow(page.get_by_role("button", name=t("Odevzdat k hodnocení")), "handed-in")
    expect(page.locator(".work-panel h2 .badge")).to_have_text(t("Odevzdáno, čeká na hodnocení"))

    page.mouse.move(0, 0)
    # 2. the instructor, in another browser context, returns it with scores and a comment
    review, rt = reviewer_tour.page, reviewer_tour.t
    sign_in_with_two_factor(reviewer_tour, INSTRUCTOR)
    reviewer_tour.open("/courses/praxe-v-cx/reviews", "queue")
    expect(review.locator("tbody tr")).to_have_count(1)
    reviewer_tour.follow(review.get_by_role("link", name="Lucie Malá"), "review")
    expect(review.locator(".work-text")).to_have_text(FIRST)
    with review.expect_download() as handed:
        review.get_by_role("link", name="sablona-kpi-tabulka.xlsx").click()
    assert handed.value.suggested_filename == "sablona-kpi-tabulka.xlsx"
    reviewer_tour.follow(review.get_by_role("button", name=rt("Převzít k hodnocení")), "taken")
    review.get_by_label(re.compile(r"^2 b\. – dobré")).first.check()
    review.locator("fieldset", has_text="Trend").get_by_label(re.compile(r"^0 b\.")).check()
    review.get_by_label(rt("Komentář pro účastníka")).fill("Chybí šest měsíců čísel.")
    reviewer_tour.follow(review.get_by_role("button", name=rt("Vrátit k opravě")), "returned")
    expect(review.locator(".flash-success")).to_contain_text(rt("Práce je vrácená k opravě"))

    # 3. the learner reads the review, resubmits; the instructor accepts
    tour.open(MODULE, "returned-to-learner")
    expect(page.locator(".work-panel h2 .badge")).to_have_text(t("Vráceno k opravě"))
    expect(page.locator(".work-feedback").first).to_have_text("Chybí šest měsíců čísel.")
    page.get_by_label(t("Váš text")).fill(SECOND)
    tour.follow(page.get_by_role("button", name=t("Odevzdat k hodnocení")), "resubmitted")
    expect(page.locator(".work-version")).to_have_count(2)

    reviewer_tour.open("/courses/praxe-v-cx/reviews", "queue-again")
    reviewer_tour.follow(review.get_by_role("link", name="Lucie Malá"), "review-again")
    expect(review.locator(".work-text").first).to_have_text(SECOND)
    review.locator("fieldset", has_text="Definice").get_by_label(re.compile(r"^2 b\.")).check()
    review.locator("fieldset", has_text="Trend").get_by_label(re.compile(r"^2 b\.")).check()
    review.get_by_label(rt("Komentář pro účastníka")).fill("Výborně, trend je vysvětlený.")
    reviewer_tour.follow(review.get_by_role("button", name=rt("Přijmout")), "accepted")
    expect(review.locator(".flash-success")).to_contain_text(rt("Tím dokončil kurz"))

    # 4. the course is complete and the certificate issued
    tour.open(MODULE, "accepted-for-learner")
    expect(page.locator(".work-panel h2 .badge")).to_have_text(t("Přijato"))
    with app.app_context():
        assert db.session.scalar(select(Certificate.id)) is not None
    tour.open("/courses/praxe-v-cx/certificate", "certificate")
    reviewer_tour.open("/admin/courses/praxe-v-cx", "admin-course")
    expect(review.locator("#assignments-heading")).to_have_text(rt("Úkoly s hodnocením"))
    reviewer_tour.assert_every_page_checked()


def test_assignment_pages_of_the_academy_courses(tour, app, auth, academy_courses):
    """The demo assignments as a learner meets them: brief, rubric, template, the work box."""
    auth.create(email=LEARNER, name="Lucie Malá")
    page, t = tour.page, tour.t
    _sign_in(tour, LEARNER)
    for course, module, template in [
        ("mapovani-zakaznickych-cest", "mapa-vasi-firmy", "sablona-mapa-cesty.docx"),
        ("prace-s-daty-v-cx", "kpi-tabulka-z-vasich-cisel", "sablona-kpi-tabulka.xlsx"),
    ]:
        tour.open(f"/courses/{course}", f"{course}-course")
        tour.follow(page.get_by_role("button", name=t("Zapsat se do kurzu zdarma")), "enrolled")
        tour.open(f"/courses/{course}/{module}", f"{module}")
        page.locator("details.rubric summary").click()
        expect(page.locator("details.rubric h3").first).to_be_visible()
        with page.expect_download() as download:
            page.locator(".resources a").click()
        assert download.value.suggested_filename == template
        page.mouse.move(0, 0)  # a:hover's accent colour is the site's, checked elsewhere
        tour.check(f"{module}-rubric-open")
