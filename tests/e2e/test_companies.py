"""Companies and cohorts in a real browser, on a phone and a desktop: an admin creates a
company, a cohort and a manager and enrols a pasted list; an invited learner accepts and
starts; after the clock moves, the manager (two-factor sign-in) sees only their team with
behind-schedule flags, exports the CSV and sends a reminder."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from academy.auth.models import Role, User
from academy.companies import seats, services
from academy.companies.models import AfterDeadline, Cohort
from academy.extensions import db
from academy.notifications.models import OutboxMail
from tests.companies.conftest import make_manager
from tests.e2e.test_staff import sign_in_with_two_factor

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ADMIN = "spravce@example.cz"
MANAGER = "manazerka@pojistovna.cz"
LIST = """jméno;e-mail
Řehoř Žluťoučký;rehor@pojistovna.cz
Šárka Nováková;sarka@pojistovna.cz
Čeněk Dvořák;cenek@pojistovna.cz
Šárka Nováková znovu;SARKA@pojistovna.cz
Chybná Adresa;chybna.adresa.cz
"""


def _outsider(app, course_id: int) -> None:
    """Another company's cohort and learner, whom the manager must never see."""
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.email == ADMIN))
        other = services.save_company(
            db.session, admin, services.CompanyFields("Banka Ž", None, "", "")
        )
        cohort = services.save_cohort(
            db.session,
            admin,
            other,
            services.CohortFields("Banka – podzim", 5, None, None, AfterDeadline.LATE, [course_id]),
        )
        outsider = db.session.scalar(select(User).where(User.email == "cizi@banka.cz"))
        seats.join(db.session, cohort, outsider)
        db.session.commit()


def test_company_cohort_from_list_to_manager(tour, auth, app, imported, mailbox):
    page, t = tour.page, tour.t
    # sending the list hashes a password per new account: slow on a loaded machine
    page.set_default_navigation_timeout(30_000)
    auth.create(email=ADMIN, name="Správce Akademie", role=Role.ADMIN)
    auth.create(email="cizi@banka.cz", name="Cizí Člověk")
    make_manager(auth, MANAGER, "Manažerka Šárka")

    # 1. the admin creates a company, a cohort and a manager
    sign_in_with_two_factor(tour, ADMIN)
    tour.open("/admin/cohorts", "companies")
    page.get_by_label(t("Název firmy")).fill("Pojišťovna Ě")
    page.get_by_label(t("IČO (nepovinné)")).fill("27082440")
    tour.follow(page.get_by_role("button", name=t("Založit firmu")), "company")
    today = date.today()
    page.get_by_label(t("Název skupiny")).first.fill("Pojišťovna Ě – jaro 2027")
    page.get_by_label(t("Počet míst")).first.fill("10")
    page.get_by_label(t("Kurzy")).first.select_option(label="Ukázkový kurz – Šťastné cesty")
    page.get_by_label(t("Začátek (nepovinné)")).first.fill(f"{today:%Y-%m-%d}")
    page.get_by_label(t("Termín dokončení (nepovinné)")).first.fill(
        f"{today + timedelta(days=30):%Y-%m-%d}"
    )
    tour.follow(page.get_by_role("button", name=t("Založit skupinu")), "cohort")
    cohort_url = page.url
    # the cohort's own id (PostgreSQL's sequences do not restart between tests)
    cohort_id = int(re.search(r"/cohorts/(\d+)", cohort_url).group(1))
    page.get_by_role("link", name="Pojišťovna Ě").first.click()
    page.get_by_label(t("E-mail manažera")).fill(MANAGER)
    tour.follow(page.get_by_role("button", name=t("Přidat manažera")), "manager-added")
    expect(page.get_by_text(MANAGER)).to_be_visible()

    # 2. a pasted list of 5: one duplicate, one invalid; the dry run, then send
    tour.open(cohort_url, "cohort-again")
    page.get_by_label(t("Seznam lidí (jméno a e-mail na řádek, nebo CSV z Excelu)")).fill(LIST)
    tour.follow(page.get_by_role("button", name=t("Zkontrolovat (nic se neodešle)")), "dry-run")
    dry_run = page.locator("[data-dry-run]")
    expect(dry_run.locator('[data-count="new"]')).to_have_text(
        t("Nové účty s pozvánkou: %(n)d", n=3)
    )
    expect(dry_run.locator('[data-count="duplicate"]')).to_have_text(
        t("Duplicitní řádky: %(n)d", n=1)
    )
    expect(dry_run.locator('[data-count="invalid"]')).to_have_text(t("Neplatné adresy: %(n)d", n=1))
    tour.follow(page.get_by_role("button", name=t("Zapsat a odeslat pozvánky")), "sent")
    expect(page.locator("[data-seats]")).to_contain_text("3")
    with app.app_context():
        course_id = services.course_ids_of(db.session, cohort_id)[0]
    _outsider(app, course_id)

    # 3. an invited learner accepts and starts
    page.context.clear_cookies()
    link = next(u for u in mailbox.links("rehor@pojistovna.cz") if "/invitation/" in u)
    tour.open(link, "accept")
    page.get_by_label(t("Nové heslo"), exact=True).fill("Žluťoučký-kůň-2027")
    page.get_by_label(t("Nové heslo znovu")).fill("Žluťoučký-kůň-2027")
    tour.follow(page.get_by_role("button", name=t("Nastavit heslo a pokračovat")), "my")
    tour.follow(page.get_by_role("link", name="Ukázkový kurz – Šťastné cesty").first, "course")
    tour.open("/courses/demo-kurz/uvod", "started")
    expect(page.locator("[data-deadline]")).to_be_visible()

    # 4. the clock moves: 20 of the cohort's 25 days are gone, nobody has finished
    with app.app_context():
        cohort = db.session.get(Cohort, cohort_id)
        cohort.starts_on, cohort.ends_on = today - timedelta(days=20), today + timedelta(days=5)
        db.session.commit()
    page.context.clear_cookies()
    tour.open("/lang/cs")
    sign_in_with_two_factor(tour, MANAGER)
    tour.open("/team", "team")
    table = page.locator("table.learner-table")
    expect(table).to_contain_text("Řehoř Žluťoučký")
    expect(table).not_to_contain_text("Cizí Člověk")
    expect(page.locator("tr[data-behind]")).to_have_count(3)

    # 5. the CSV and a reminder
    with page.expect_download() as info:
        page.get_by_role("link", name=t("CSV pro Excel (středníky)")).click()
    csv = Path(info.value.path()).read_text(encoding="utf-8")
    assert (csv[0], "Řehoř Žluťoučký" in csv, "Cizí" in csv) == ("\ufeff", True, False)
    row = page.locator("tr[data-behind]", has_text="Čeněk Dvořák")
    tour.follow(row.get_by_role("button", name=t("Připomenout")), "reminded")
    expect(page.locator("tr", has_text="Čeněk Dvořák").first).to_contain_text(
        t("Připomenuto tento týden")
    )
    with app.app_context():
        reminded = db.session.scalars(
            select(OutboxMail.to_address).where(OutboxMail.kind == "team_reminder")
        ).all()
    assert reminded == ["cenek@pojistovna.cz"]
