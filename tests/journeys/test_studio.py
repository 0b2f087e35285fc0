"""A journey-map module edited in the studio keeps its example map: the studio checks a module
in a scratch copy of its course folder, which now holds the course's example maps."""

from __future__ import annotations

from html import unescape

from sqlalchemy import select

from academy.courses.models import Course, Module
from academy.extensions import db
from tests.journeys.conftest import COURSE, INSTRUCTOR, MODULE_SLUG, staff
from tests.studio.editing import editor_state, submit

EDITOR = f"/studio/courses/{COURSE}/modules/{MODULE_SLUG}"


def _module(app) -> Module:
    with app.app_context():
        found = db.session.scalar(
            select(Module).join(Course).where(Course.slug == COURSE, Module.slug == MODULE_SLUG)
        )
        db.session.expunge(found)
        return found


def test_an_instructor_publishes_a_journey_map_module_with_its_example(app, auth, mapping):
    before = _module(app).settings["example"]
    staff(auth)
    auth.login(email=INSTRUCTOR)
    state = editor_state(auth.client, EDITOR)
    edited = state["source"].replace("\n---\n", "\n---\n\nÚvodní věta upravená ve studiu.\n", 1)
    answer = submit(auth.client, state, edited, publish=True, url=EDITOR)
    assert answer.status_code == 302, answer.get_data(as_text=True)[:2000]
    module = _module(app)
    assert "Úvodní věta upravená ve studiu." in module.body_html
    assert module.settings["example"] == before  # the same file, text and map


def test_an_example_the_course_does_not_hold_is_named_in_the_studio(app, auth, mapping):
    staff(auth)
    auth.login(email=INSTRUCTOR)
    state = editor_state(auth.client, EDITOR)
    edited = state["source"].replace("maps/ukazka.yaml", "maps/jina.yaml", 1)
    answer = submit(auth.client, state, edited, publish=True, url=EDITOR)
    page = unescape(answer.get_data(as_text=True))
    assert "ukázková mapa 'maps/jina.yaml' ve složce kurzu není" in page
    assert _module(app).settings["example"]["file"] == "maps/ukazka.yaml"
