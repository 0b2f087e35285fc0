"""Staff journeys in a real browser: two-factor sign-in, quiz results, the security log, and
revoking a certificate, on a phone and a desktop."""

from __future__ import annotations

from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from academy.auth.models import Role, User
from academy.certificates import services as certificates
from academy.certificates.views import current_issuer
from academy.courses.catalog import find_course
from academy.extensions import db
from tests.conftest import PASSWORD, TOTP_SECRET
from tests.quizzes.conftest import LEARNER, QUIZ, RIGHT, WRONG, start, submit

pytestmark = [pytest.mark.slow, pytest.mark.browser]

INSTRUCTOR = "jiri@example.cz"  # teaches the demo course (its front matter lists this e-mail)
ADMIN = "spravce@example.cz"
GRADUATE = "rehor@example.cz"


def sign_in_with_two_factor(tour, email: str) -> None:
    page, t = tour.page, tour.t
    tour.open("/login", "login")
    page.get_by_label(t("E-mail")).fill(email)
    page.get_by_label(t("Heslo")).fill(PASSWORD)
    tour.follow(page.get_by_role("button", name=t("Přihlásit se")), "two-factor")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Dvoufázové přihlášení"))
    page.get_by_label(t("Kód z aplikace")).fill(pyotp.TOTP(TOTP_SECRET).now())
    tour.follow(page.get_by_role("button", name=t("Ověřit a přihlásit")), "signed-in")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Moje studium"))


def test_instructor_signs_in_with_two_factor_and_reviews_the_quiz_results(tour, auth, imported):
    auth.create(email=INSTRUCTOR, name="Jiří Šťastný", role=Role.INSTRUCTOR)
    auth.create(email=LEARNER, name="Učeň Nový")
    auth.login(email=LEARNER)
    auth.post("/courses/demo-kurz/enrol")
    start(auth)
    submit(auth, 1, WRONG)
    start(auth)
    submit(auth, 2, RIGHT)

    page, t = tour.page, tour.t
    sign_in_with_two_factor(tour, INSTRUCTOR)
    tour.open(f"{QUIZ}/results", "quiz-results")
    learner = page.locator("article.quiz-learner", has_text="Učeň Nový")
    expect(learner).to_contain_text(t("Splněno"))
    expect(learner.locator("tbody tr")).to_have_count(2)

    tour.follow(learner.get_by_role("link", name=t("č. %(n)d", n=1)), "attempt-review")
    expect(page.get_by_role("heading", level=1)).to_contain_text(t("pokus č. %(n)d", n=1))
    expect(page.locator(".quiz-review")).to_contain_text(t("Špatně"))
    breadcrumbs = page.get_by_role("navigation", name=t("Drobečková navigace"))
    tour.follow(breadcrumbs.get_by_role("link", name=t("Výsledky kvízu")), "quiz-results-again")

    tour.follow(page.get_by_role("link", name=t("Vynulovat pokusy…")), "reset-attempts")
    page.get_by_label(t("Důvod vynulování")).fill("Výpadek sítě během prvního pokusu.")
    tour.follow(page.get_by_role("button", name=t("Vynulovat pokusy")), "after-reset")
    expect(page.locator(".history")).to_contain_text("Výpadek sítě během prvního pokusu.")


def test_admin_signs_in_with_two_factor_and_revokes_a_certificate(tour, auth, app, imported):
    auth.create(email=ADMIN, name="Správkyně Akademie", role=Role.ADMIN)
    auth.create(email=GRADUATE, name="Řehoř Žďárský")
    with app.app_context():
        graduate = db.session.scalar(select(User).where(User.email == GRADUATE))
        certificate = certificates.issue(db.session, graduate, find_course(db.session, "demo-kurz"))
        code = certificate.code
        certificates.confirm_name(
            db.session, certificate, graduate.full_name, graduate, current_issuer()
        )
        db.session.commit()

    page, t = tour.page, tour.t
    sign_in_with_two_factor(tour, ADMIN)
    tour.follow(tour.menu().get_by_role("link", name=t("Bezpečnost")), "security-log")
    sign_in_row = page.locator("tbody tr", has_text=ADMIN).filter(has_text=t("Přihlášení"))
    expect(sign_in_row.first).to_contain_text("two_factor: True")

    tour.open(f"/admin/certificates/{code}", "certificate")
    expect(page.locator(".cert-facts")).to_contain_text("Řehoř Žďárský")
    page.get_by_label(t("Důvod zrušení (interní poznámka, uvidí jen správci)")).fill(
        "Vydán omylem na jiný kurz."
    )
    revoke = page.get_by_role("button", name=t("Zrušit certifikát"))
    with page.expect_navigation():  # no tick: asked to confirm, answered 422
        revoke.click()
    tour.console.clear()  # the browser logs the 422 it was expected to get
    tour.check("certificate-revoke-unconfirmed")
    expect(page.locator(".has-error")).to_contain_text(t("Zrušení potvrďte zaškrtnutím."))
    page.get_by_label(
        t("Ano, certifikát zrušit. Účastník přijde o platné osvědčení a nelze to vrátit.")
    ).check()
    tour.follow(revoke, "certificate-revoked")
    expect(page.locator(".flash")).to_contain_text(t("Certifikát byl zrušen."))
    expect(page.locator(".cert-facts")).to_contain_text(t("Zrušený"))
    expect(page.locator(".history li").last).to_contain_text(t("Zrušen"))

    tour.follow(page.locator(".cert-facts").get_by_role("link", name=code), "verification")
    expect(page.locator(".cert-status")).to_contain_text(t("Zrušený"))
    expect(page.locator(".cert-status")).not_to_contain_text("Vydán omylem")  # internal note
    expect(page.get_by_role("link", name=t("Přidat na LinkedIn"))).to_have_count(0)

    # The revocation is in the security log, found with the log's filter.
    tour.follow(tour.menu().get_by_role("link", name=t("Bezpečnost")), "security-log-again")
    page.get_by_label(t("Druh události")).select_option(label=t("Zrušení certifikátu"))
    tour.follow(page.get_by_role("button", name=t("Filtrovat")), "security-log-filtered")
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody tr")).to_contain_text(code)


def test_admin_reviews_the_funnel_a_learner_and_exports_the_progress(tour, auth, app, imported):
    auth.create(email=ADMIN, name="Správkyně Akademie", role=Role.ADMIN)
    auth.create(email=LEARNER, name="Učeň Nový")
    auth.login(email=LEARNER)
    auth.post("/courses/demo-kurz/enrol")
    auth.post("/courses/demo-kurz/uvod/done")
    start(auth)
    submit(auth, 1, RIGHT)

    page, t = tour.page, tour.t
    sign_in_with_two_factor(tour, ADMIN)
    tour.follow(tour.menu().get_by_role("link", name=t("Správa")), "admin-overview")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Přehled kurzů"))
    label = t("Cesta účastníků a hodnocení")
    tour.follow(page.get_by_role("link", name=label).first, "admin-course")

    # The funnel: drawn as SVG, and the same numbers in a table for screen readers.
    funnel = page.get_by_role("region", name=t("Trychtýř kurzu po modulech"))
    expect(funnel.locator("tbody tr", has_text="Úvod do map")).to_contain_text("1")
    expect(funnel.locator("tbody tr", has_text="Kvíz")).to_be_visible()
    expect(page.locator("svg").first).to_be_visible()

    # The learners table leads to the learner's timeline.
    tour.open("/admin/learners?course=demo-kurz", "admin-learners")
    tour.follow(page.get_by_role("link", name="Učeň Nový"), "admin-learner")
    expect(page.get_by_role("heading", level=1)).to_have_text("Učeň Nový")
    timeline = page.locator(".timeline")
    expect(timeline).to_contain_text("Úvod do map")
    expect(timeline).to_contain_text("Kvíz")

    # The CSV export downloads with the learner in it, readable by Excel (UTF-8 with a BOM).
    tour.open("/admin/courses/demo-kurz", "admin-course-again")
    exports = page.locator(".export-links").first
    with page.expect_download() as download:
        exports.get_by_role("link", name=t("se středníky (Excel v češtině)")).click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = data.decode("utf-8-sig").splitlines()
    assert ";" in rows[0]
    assert any("Učeň Nový" in row and LEARNER in row for row in rows[1:]), rows
