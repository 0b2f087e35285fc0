"""A course with one journey-map exercise, imported; its learner, instructor and helpers."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from academy.auth.models import Role
from academy.courses.importer import import_path
from academy.extensions import db
from academy.journeys.models import JourneyMap

COURSES = Path(__file__).parent / "courses"
COURSE = "mapy-v-praxi"
MODULE_SLUG = "mapa-cesty"
EDITOR = f"/courses/{COURSE}/{MODULE_SLUG}/map"
LEARNER, OTHER = "lucie@example.cz", "ondrej@example.cz"
INSTRUCTOR = "jiri@example.cz"


@pytest.fixture
def mapping(app, tmp_path: Path) -> Path:
    source = tmp_path / "journey-courses"
    shutil.copytree(COURSES, source)
    with app.app_context():
        report = import_path(db.session, source, Path(app.config["MEDIA_DIR"]))
        assert report.ok, report.problems
        db.session.commit()
    return source / COURSE


@pytest.fixture
def learner(auth, mapping):
    """A signed-in learner enrolled in the course."""
    auth.create(email=LEARNER, name="Lucie Malá")
    auth.login(email=LEARNER)
    auth.post(f"/courses/{COURSE}/enrol")
    return auth


def staff(auth, email=INSTRUCTOR, name="Jiří Šťastný"):
    auth.create(email=email, name=name, role=Role.INSTRUCTOR)


def the_map(app, email=LEARNER) -> JourneyMap:
    from academy.auth.models import User

    with app.app_context():
        found = db.session.scalar(
            select(JourneyMap).join(User, User.id == JourneyMap.user_id).where(User.email == email)
        )
        db.session.expunge(found)
        return found


def form_of(html: str) -> dict[str, str]:
    """The editor form's fields as the browser would send them (no button pressed)."""
    form = html.split('id="jm-form"', 1)[1].split("</form>", 1)[0]
    data: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="checkbox"' in tag and "checked" not in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = _unescape(value.group(1)) if value else ""
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        data[name] = _unescape(text)
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'value="([^"]*)" selected', options)
        data[name] = chosen.group(1) if chosen else "0"
    return data


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def start(auth, from_example=True):
    return auth.post(f"{EDITOR}/start", {"from": "example" if from_example else "empty"})
