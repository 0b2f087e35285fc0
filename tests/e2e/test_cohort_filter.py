"""The course report narrowed to one cohort in a real browser, on a phone and a desktop: the
admin picks the cohort in one select (cohorts grouped by company) and submits the form (no
script involved); the figures and the funnel then count that cohort's people only, and the
quiz's item analysis keeps the choice."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from academy.auth.models import Role, User
from academy.companies import seats, services
from academy.companies.models import AfterDeadline
from academy.courses.models import Course, ModuleKind
from academy.extensions import db
from academy.learning import progress
from tests.e2e.test_staff import sign_in_with_two_factor

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ADMIN = "spravce@example.cz"
COHORT = "Pojišťovna Ě – jaro 2027"


def _companies(app, auth) -> None:
    """Two companies' cohorts of the demo course: two learners in ours (one finished the
    first lesson), one in theirs."""
    ids = {
        email: auth.create(email=email, name=name)
        for email, name in [
            ("cenek@pojistovna.cz", "Čeněk Šťastný"),
            ("sarka@pojistovna.cz", "Šárka Nováková"),
            ("cizi@banka.cz", "Cizí Člověk"),
        ]
    }
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.email == ADMIN))
        course = db.session.scalar(select(Course).where(Course.slug == "demo-kurz"))

        def cohort(company_name: str, name: str):
            company = services.save_company(
                db.session, admin, services.CompanyFields(company_name, None, "", "")
            )
            return services.save_cohort(
                db.session,
                admin,
                company,
                services.CohortFields(
                    name, 10, date(2026, 1, 1), date(2027, 12, 31), AfterDeadline.LATE, [course.id]
                ),
            )

        ours, theirs = cohort("Pojišťovna Ě", COHORT), cohort("Banka Ž", "Banka Ž – podzim")
        for email, uid in ids.items():
            user = db.session.get(User, uid)
            seats.join(db.session, theirs if email == "cizi@banka.cz" else ours, user)
        first = min(
            (m for m in course.modules if m.kind is ModuleKind.LESSON), key=lambda m: m.position
        )
        for email in ("cenek@pojistovna.cz", "cizi@banka.cz"):
            user = db.session.get(User, ids[email])
            progress.complete_module(
                db.session, user, progress.outline(db.session, user, course), first
            )
        db.session.commit()


def test_cohort_filter_in_one_step_on_the_course_report(tour, auth, app, imported):
    page, t = tour.page, tour.t
    auth.create(email=ADMIN, name="Správce Akademie", role=Role.ADMIN)
    _companies(app, auth)
    sign_in_with_two_factor(tour, ADMIN)
    tour.open("/admin/courses/demo-kurz", "course-report")
    enrolled = page.locator("dl.figures div", has_text=t("Zapsaných")).locator("dd")
    expect(enrolled).to_have_text("3")

    page.get_by_label(t("Firma nebo skupina")).select_option(label=COHORT)
    tour.follow(page.get_by_role("button", name=t("Použít")), "course-report-cohort")
    expect(enrolled).to_have_text("2")
    first_step = page.locator("table tbody tr").nth(1).locator("td").first
    expect(first_step).to_have_text("1")
    chosen = re.search(r"scope=(cohort-\d+)", page.url)
    assert chosen, page.url
    expect(page.get_by_label(t("Firma nebo skupina"))).to_have_value(chosen[1])

    tour.follow(page.get_by_role("link", name="Kvíz", exact=True), "item-analysis-cohort")
    expect(page.get_by_label(t("Firma nebo skupina"))).to_have_value(chosen[1])
