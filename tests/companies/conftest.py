"""A company with one cohort of the demo course, its manager (two-factor sign-in on), and a
second company that the first one's manager must never see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select

from academy.auth import two_factor
from academy.auth.models import Role, User
from academy.companies import seats, services
from academy.companies.models import AfterDeadline, Cohort, Company
from academy.courses.models import Course
from academy.extensions import db
from tests.conftest import TOTP_SECRET, Auth

ADMIN = "spravce@example.cz"
MANAGER = "manazerka@pojistovna.cz"
OTHER_MANAGER = "manazer@banka.cz"


@dataclass
class World:
    company_id: int
    cohort_id: int
    other_company_id: int
    other_cohort_id: int
    course_id: int
    learners: dict[str, int]  # e-mail: id, members of the first cohort
    outsider_id: int  # member of the other company's cohort


def make_manager(auth: Auth, email: str, name: str) -> int:
    uid = auth.create(email=email, name=name)
    with auth.app.app_context():
        user = db.session.get(User, uid)
        two_factor.enable(user, TOTP_SECRET)
        db.session.commit()
    return uid


@pytest.fixture
def world(app, auth: Auth, imported) -> World:
    admin_id = auth.create(email=ADMIN, name="Správce", role=Role.ADMIN)
    learners = {
        f"ucastnik{n}@pojistovna.cz": auth.create(
            email=f"ucastnik{n}@pojistovna.cz", name=f"Účastník Čeněk {n}"
        )
        for n in range(3)
    }
    outsider = auth.create(email="cizi@banka.cz", name="Cizí Člověk")
    manager = make_manager(auth, MANAGER, "Manažerka Šárka")
    other_manager = make_manager(auth, OTHER_MANAGER, "Manažer Banky")
    with app.app_context():
        admin = db.session.get(User, admin_id)
        course = db.session.scalar(select(Course).where(Course.slug == "demo-kurz"))
        company = services.save_company(
            db.session, admin, services.CompanyFields("Pojišťovna Ě", "27082440", "Eva", "")
        )
        other = services.save_company(
            db.session, admin, services.CompanyFields("Banka Ž", None, "", "")
        )

        def cohort_of(owner: Company, name: str) -> Cohort:
            return services.save_cohort(
                db.session,
                admin,
                owner,
                services.CohortFields(
                    name, 10, date(2026, 1, 1), date(2027, 12, 31), AfterDeadline.LATE, [course.id]
                ),
            )

        cohort = cohort_of(company, "Pojišťovna Ě – jaro 2027")
        other_cohort = cohort_of(other, "Banka Ž – podzim")
        for uid in learners.values():
            seats.join(db.session, cohort, db.session.get(User, uid))
        seats.join(db.session, other_cohort, db.session.get(User, outsider))
        services.add_manager(db.session, admin, company, db.session.get(User, manager))
        services.add_manager(db.session, admin, other, db.session.get(User, other_manager))
        db.session.commit()
        return World(
            company.id, cohort.id, other.id, other_cohort.id, course.id, learners, outsider
        )
