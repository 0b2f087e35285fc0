"""Only admins change who teaches a course, by every path, and every change is logged (16.11)."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest
from sqlalchemy import select

from academy.audit.models import SecurityEvent
from academy.auth.models import Role, User
from academy.courses.models import Course
from academy.extensions import db
from academy.studio import authoring
from tests.conftest import FIXTURES
from tests.studio.samples import COURSE, INSTRUCTOR, course_zip, import_zip, sign_in, zip_of

COLLEAGUE = "  - name: Eva Dvořáková\n    email: eva@example.cz\n".encode()


def _team(app) -> list[dict]:
    with app.app_context():
        return db.session.scalar(select(Course.instructors).where(Course.slug == COURSE))


def _team_events(app) -> list[SecurityEvent]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(SecurityEvent).where(SecurityEvent.kind == "studio_instructors_changed")
            )
        )


def _with_colleague(entries: dict[str, bytes]) -> dict[str, bytes]:
    md = entries[f"{COURSE}/course.md"]
    entries[f"{COURSE}/course.md"] = md.replace(b"cover:", COLLEAGUE + b"cover:", 1)
    return entries


def test_an_instructor_cannot_add_a_colleague_through_a_zip(app, auth, client, imported):
    sign_in(auth)
    before = _team(app)
    response = import_zip(client, zip_of(_with_colleague(course_zip(imported))))
    assert response.status_code == 422
    assert "seznam lektorů (instructors) může měnit jen správce" in response.get_data(as_text=True)
    assert _team(app) == before
    assert _team_events(app) == []


def test_an_instructor_cannot_remove_themselves_or_others(app, auth, client, imported):
    sign_in(auth)
    entries = course_zip(imported)
    entries[f"{COURSE}/course.md"] = entries[f"{COURSE}/course.md"].replace(
        b"    email: jiri@example.cz\n", b""
    )
    assert import_zip(client, zip_of(entries)).status_code == 422
    assert [p.get("email") for p in _team(app)] == [INSTRUCTOR]


def test_a_new_course_from_a_zip_lists_only_its_uploader(app, auth, client, imported):
    sign_in(auth)
    entries = {
        k.replace(f"{COURSE}/", "novy-kurz/", 1): v
        for k, v in _with_colleague(course_zip(imported)).items()
    }
    response = import_zip(client, zip_of(entries))
    assert response.status_code == 422
    assert "v seznamu instructors nového kurzu uveďte jen sebe" in response.get_data(as_text=True)


def test_an_admin_changes_the_team_by_zip_and_it_is_logged(app, auth, client, imported):
    admin_id = auth.create(email="spravce@example.cz", name="Správce", role=Role.ADMIN)
    auth.login(email="spravce@example.cz")
    response = import_zip(client, zip_of(_with_colleague(course_zip(imported))))
    assert response.status_code == 302
    assert [p.get("email") for p in _team(app)] == [INSTRUCTOR, "eva@example.cz"]
    [event] = _team_events(app)
    assert event.actor_id == admin_id
    assert event.details == {
        "course": COURSE,
        "before": [INSTRUCTOR],
        "after": ["eva@example.cz", INSTRUCTOR],
        "via": "studio import",
    }


def test_courses_import_at_the_command_line_logs_a_team_change(app, runner, imported, tmp_path):
    folder = tmp_path / "changed"
    shutil.copytree(FIXTURES / "courses", folder)
    md = folder / COURSE / "course.md"
    md.write_bytes(md.read_bytes().replace(b"cover:", COLLEAGUE + b"cover:", 1))
    with app.app_context():
        result = runner.invoke(args=["courses", "import", str(folder)])
    assert result.exit_code == 0, result.output
    [event] = _team_events(app)
    assert event.actor_id is None
    assert event.details["via"] == "courses import"
    assert event.details["after"] == ["eva@example.cz", INSTRUCTOR]


def test_the_course_form_service_refuses_a_team_change_by_an_instructor(app, auth, imported):
    user_id = auth.create(email=INSTRUCTOR, name="Jiří Šťastný", role=Role.INSTRUCTOR)
    with app.test_request_context("/"):
        user = db.session.get(User, user_id)
        course = db.session.scalar(select(Course).where(Course.slug == COURSE))
        fields = authoring.CourseFields(
            title=course.title,
            subtitle="",
            summary="",
            language="cs",
            level="beginner",
            hours=Decimal("1.5"),
            tags=[],
            published=True,
            overview="",
            instructors=[{"name": "Eva", "email": "eva@example.cz"}],
        )
        with pytest.raises(authoring.StudioError):
            authoring.update_course(db.session, user, course, fields)
        db.session.rollback()
    assert [p.get("email") for p in _team(app)] == [INSTRUCTOR]
