"""A course with one reviewed assignment, imported; its learner, instructor and helpers."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from academy.assignments.models import WorkSubmission
from academy.auth.models import Role
from academy.courses.importer import import_path
from academy.extensions import db

COURSES = Path(__file__).parent / "courses"
COURSE = "praxe-v-cx"
MODULE = f"/courses/{COURSE}/tabulka-kpi"
WORK = f"{MODULE}/work"
QUEUE = f"/courses/{COURSE}/reviews"
LEARNER, OTHER = "lucie@example.cz", "ondrej@example.cz"
INSTRUCTOR, COLLEAGUE = "jiri@example.cz", "jana@example.cz"
TEMPLATE = COURSES / COURSE / "resources" / "sablona-kpi-tabulka.xlsx"
TEXT = "Konverze klesá od dubna; navrhuji zkrátit formulář objednávky."


@pytest.fixture
def practice(app, tmp_path: Path) -> Path:
    source = tmp_path / "assignment-courses"
    shutil.copytree(COURSES, source)
    with app.app_context():
        report = import_path(db.session, source, Path(app.config["MEDIA_DIR"]))
        assert report.ok, report.problems
        db.session.commit()
    return source / COURSE


@pytest.fixture
def learner(auth, practice):
    """A signed-in learner enrolled in the course."""
    auth.create(email=LEARNER, name="Lucie Malá")
    auth.login(email=LEARNER)
    auth.post(f"/courses/{COURSE}/enrol")
    return auth


def staff(app, auth, email=INSTRUCTOR, name="Jiří Šťastný"):
    auth.create(email=email, name=name, role=Role.INSTRUCTOR)


def revision(app) -> int:
    with app.app_context():
        found = db.session.scalar(select(WorkSubmission))
        return found.revision if found else 0


def submission(app) -> WorkSubmission:
    with app.app_context():
        found = db.session.scalar(select(WorkSubmission))
        db.session.expunge(found)
        return found


def xlsx_bytes() -> bytes:
    return TEMPLATE.read_bytes()


def with_macros(data: bytes) -> bytes:
    """The same Office file with a VBA project inside: what a .xlsm renamed .xlsx carries."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    return out.getvalue()


def hand_in(auth, app, text=TEXT, files=(), button="submit", follow=False):
    data = {"text": text, "revision": str(revision(app)), button: "y"}
    if files:
        data["upload"] = files[0]
    return auth.post(WORK, data, content_type="multipart/form-data", follow_redirects=follow)
