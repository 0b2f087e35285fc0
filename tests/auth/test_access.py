"""Who may reach what."""

from __future__ import annotations

import pytest
from flask_login import current_user

from academy.auth.access import roles_required
from academy.auth.models import Role


@pytest.fixture
def staff_page(app):
    @app.get("/_staff")
    @roles_required(Role.INSTRUCTOR, Role.ADMIN)
    def staff():
        return f"staff {current_user.role.value}"

    @app.get("/_admin")
    @roles_required(Role.ADMIN)
    def admin():
        return "admin"


@pytest.mark.parametrize(
    ("role", "staff_status", "admin_status"),
    [
        (None, 302, 302),
        (Role.LEARNER, 403, 403),
        (Role.INSTRUCTOR, 200, 403),
        (Role.ADMIN, 200, 200),
    ],
)
def test_role_checks(auth, client, staff_page, role, staff_status, admin_status):
    if role is not None:
        auth.create(role=role)
        auth.login()
    assert client.get("/_staff").status_code == staff_status
    assert client.get("/_admin").status_code == admin_status


def test_forbidden_page_is_friendly(auth, client, staff_page):
    auth.create()
    auth.login()
    html = client.get("/_admin").get_data(as_text=True)
    assert "Sem nemáte přístup" in html


def test_draft_course_visible_only_to_its_instructor_and_admins(app, auth, client, imported):
    from sqlalchemy import update

    from academy.courses.models import Course
    from academy.extensions import db

    with app.app_context():
        db.session.execute(update(Course).values(published=False))
        db.session.commit()
    assert client.get("/courses/demo-kurz").status_code == 404
    assert "Šťastné cesty" not in client.get("/").get_data(as_text=True)
    auth.create(email="student@example.cz")
    auth.login(email="student@example.cz")
    assert client.get("/courses/demo-kurz").status_code == 404
    assert client.get("/media/demo-kurz/obrazek.svg").status_code == 404
    auth.logout()
    auth.create(email="jiri@example.cz", role=Role.INSTRUCTOR)
    auth.login(email="jiri@example.cz")
    assert client.get("/courses/demo-kurz").status_code == 200
    auth.logout()
    auth.create(email="boss@example.cz", role=Role.ADMIN)
    auth.login(email="boss@example.cz")
    assert client.get("/courses/demo-kurz").status_code == 200
