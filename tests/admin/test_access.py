"""Who sees what: admins everything, instructors only their own courses, learners nothing."""

from __future__ import annotations

import pytest

from academy.auth.models import Role, User
from academy.courses.models import Course, Module, ModuleKind
from academy.extensions import db
from academy.learning.models import Enrollment
from tests.admin.conftest import ADMIN

PAGES = [
    "/admin",
    "/admin/learners",
    "/admin/silent",
    "/admin/courses/demo-kurz",
    "/admin/courses/demo-kurz/quizzes/kviz",
    "/admin/courses/demo-kurz/modules/uvod/feedback",
    "/admin/exports/progress.csv",
    "/admin/exports/quiz-results.csv",
]


@pytest.fixture
def other_course(app, journey) -> dict[str, int]:
    """A second course the instructor does not teach, with one learner of its own."""
    with app.app_context():
        course = Course(
            slug="jiny-kurz",
            title="Jiný kurz",
            published=True,
            instructors=[{"name": "Jiná Lektorka", "email": "jina@example.cz"}],
        )
        course.modules.append(
            Module(
                slug="lekce", position=1, title="Lekce", kind=ModuleKind.LESSON, content_hash="x"
            )
        )
        learner = User(
            email="cizi@example.cz",
            full_name="Cizí Účastnice",
            password_hash="-",
            role=Role.LEARNER,
        )
        db.session.add_all([course, learner])
        db.session.flush()
        db.session.add(Enrollment(user_id=learner.id, course_id=course.id))
        from academy.learning import summary

        summary.rebuild(db.session)
        db.session.commit()
        return {"learner": learner.id}


def test_anonymous_visitors_are_sent_to_log_in(client, imported):
    for page in PAGES:
        assert client.get(page).status_code == 302, page


def test_learners_get_403_everywhere(auth, journey):
    auth.create(email="ucen@example.cz")
    auth.login(email="ucen@example.cz")
    for page in PAGES:
        assert auth.client.get(page).status_code == 403, page
    assert auth.client.get(f"/admin/learners/{journey.users['A']}").status_code == 403


def test_instructor_sees_only_own_courses(instructor, journey, other_course):
    client = instructor.client
    overview = client.get("/admin").get_data(as_text=True)
    assert "Ukázkový kurz – Šťastné cesty" in overview and "Jiný kurz" not in overview
    for page in PAGES:
        assert client.get(page).status_code == 200, page
    assert client.get("/admin/courses/jiny-kurz").status_code == 404
    assert client.get("/admin/learners?course=jiny-kurz").status_code == 404
    table = client.get("/admin/learners").get_data(as_text=True)
    assert "Účastník A" in table and "Cizí Účastnice" not in table
    assert client.get(f"/admin/learners/{other_course['learner']}").status_code == 404
    export = client.get("/admin/exports/progress.csv").get_data(as_text=True)
    assert "Účastník A" in export and "Cizí Účastnice" not in export
    assert client.get("/admin/exports/progress.csv?course=jiny-kurz").status_code == 404


def test_admin_sees_every_course(admin, journey, other_course):
    overview = admin.client.get("/admin").get_data(as_text=True)
    assert "Ukázkový kurz – Šťastné cesty" in overview and "Jiný kurz" in overview
    assert admin.client.get("/admin/courses/jiny-kurz").status_code == 200
    assert admin.client.get(f"/admin/learners/{other_course['learner']}").status_code == 200


def test_only_admins_revoke_certificates(app, instructor, journey):
    from sqlalchemy import select

    from academy.certificates.models import Certificate

    with app.app_context():
        code = db.session.scalar(
            select(Certificate.code).where(Certificate.user_id == journey.users["A"])
        )
    url = f"/admin/learners/{journey.users['A']}/certificates/{code}/revoke"
    assert instructor.post(url, {f"revoke{1}-reason": "Test"}).status_code == 403


def test_staff_need_two_factor_first(auth, journey):
    from sqlalchemy import update

    auth.create(email=ADMIN, role=Role.ADMIN)
    with auth.app.app_context():
        db.session.execute(update(User).where(User.email == ADMIN).values(totp_enabled_at=None))
        db.session.commit()
    auth.login(email=ADMIN)
    assert auth.client.get("/admin").headers["Location"].startswith("/account/two-factor")
