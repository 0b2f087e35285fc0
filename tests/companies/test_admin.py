"""Admins manage companies and cohorts in the browser, with clear messages for bad input and
every change in the audit log; instructors see only the cohorts of their courses."""

from __future__ import annotations

from sqlalchemy import select

from academy.audit.models import SecurityEvent
from academy.auth.models import Role
from academy.companies.models import CohortInvitation
from academy.extensions import db
from tests.companies.conftest import ADMIN


def test_an_invalid_ico_is_refused_with_a_message(auth, world):
    auth.login(ADMIN)
    response = auth.post("/admin/companies", {"name": "Firma", "ico": "12345678"})
    assert (response.status_code, "Toto není platné IČO" in response.get_data(as_text=True)) == (
        422,
        True,
    )


def test_a_company_is_created_and_the_audit_log_says_who(app, auth, world):
    auth.login(ADMIN)
    response = auth.post("/admin/companies", {"name": "Nová s.r.o.", "ico": "25596641"})
    with app.app_context():
        kinds = db.session.scalars(
            select(SecurityEvent.details["name"].as_string()).where(
                SecurityEvent.kind == "company_saved"
            )
        ).all()
    assert (response.status_code, "Nová s.r.o." in kinds) == (302, True)


def test_a_cohort_ending_before_it_starts_is_refused(auth, world):
    auth.login(ADMIN)
    response = auth.post(
        f"/admin/companies/{world.company_id}/cohorts",
        {
            "cohort-name": "Zpětná",
            "cohort-seats": "5",
            "cohort-courses": str(world.course_id),
            "cohort-starts_on": "2027-05-01",
            "cohort-ends_on": "2027-04-01",
            "cohort-after_deadline": "late",
        },
    )
    html = response.get_data(as_text=True)
    assert (response.status_code, "nemůže být dřív než začátek" in html) == (422, True)


def test_a_manager_is_added_by_e_mail_and_an_unknown_address_is_explained(auth, world):
    auth.login(ADMIN)
    url = f"/admin/companies/{world.company_id}/managers"
    unknown = auth.post(url, {"email": "nikdo@nikde.cz"})
    known = auth.post(url, {"email": "ucastnik2@pojistovna.cz"})
    assert (unknown.status_code, known.status_code) == (422, 302)


def test_an_invitation_link_is_created_and_revoked(app, auth, client, world):
    auth.login(ADMIN)
    auth.post(f"/admin/cohorts/{world.cohort_id}/invitations", {"max_uses": "3", "days": "7"})
    with app.app_context():  # its own id: PostgreSQL's sequences do not restart between tests
        invitation_id = db.session.scalar(select(CohortInvitation.id))
    auth.post(f"/admin/invitations/{invitation_id}/revoke")
    html = client.get(f"/admin/cohorts/{world.cohort_id}").get_data(as_text=True)
    assert "zrušený" in html


def test_an_instructor_sees_cohorts_of_their_courses_only(app, auth, client, world):
    from academy.auth.models import User
    from academy.companies import services
    from academy.companies.models import Company
    from academy.courses.models import Course

    auth.create(email="jiri@example.cz", name="Jiří", role=Role.INSTRUCTOR)
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.email == ADMIN))
        other = Course(slug="jiny", title="Jiný kurz", language="cs")
        db.session.add(other)
        db.session.flush()
        company = db.session.get(Company, world.company_id)
        foreign = services.save_cohort(
            db.session,
            admin,
            company,
            services.CohortFields(
                "Cizí kurz", 5, None, None, services.AfterDeadline.LATE, [other.id]
            ),
        )
        db.session.commit()
        foreign_id = foreign.id
    auth.login("jiri@example.cz")
    answers = (
        client.get(f"/admin/cohorts/{world.cohort_id}").status_code,
        client.get(f"/admin/cohorts/{foreign_id}").status_code,
    )
    assert answers == (200, 404)
