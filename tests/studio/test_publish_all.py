"""Publish all changes of a course at once: the diff of every module first, then only what
was reviewed and passes the check goes out, with an honest message about who sees it."""

from __future__ import annotations

import re

from sqlalchemy import select

from academy.courses.models import Course
from academy.extensions import db
from tests.conftest import csrf_token
from tests.studio.editing import editor_state, save_json
from tests.studio.samples import COURSE, sign_in

PAGE = f"/studio/courses/{COURSE}/publish"
LESSON = f"/studio/courses/{COURSE}/modules/uvod"
PERSONAS = f"/studio/courses/{COURSE}/modules/persony"


def _draft(client, url: str, change) -> None:
    state = editor_state(client, url)
    assert (
        save_json(client, state, change(state["source"]), url=f"{url}/draft.json").status_code
        == 200
    )


def _published_text(app, slug: str = "uvod") -> str:
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == COURSE))
        return next(m.body_html for m in course.modules if m.slug == slug)


def _revisions(html: str) -> dict[str, str]:
    return dict(re.findall(r'name="revision-([a-z0-9-]+)" value="(\d+)"', html))


def test_every_changed_module_is_shown_with_its_diff_and_the_good_ones_go_out(
    app, client, auth, imported
):
    sign_in(auth)
    _draft(client, LESSON, lambda s: s + "\nNOVÁ VĚTA ÚVODU.\n")
    _draft(client, PERSONAS, lambda s: s + "\n[chybí](media/neni.png)\n")
    page = client.get(PAGE).get_data(as_text=True)
    assert "NOVÁ VĚTA ÚVODU." in page and "media/neni.png" in page  # both diffs
    assert "1 chyba – nezveřejní se" in page
    assert list(_revisions(page)) == ["uvod"]  # the broken one cannot be sent
    data = {
        "csrf_token": csrf_token(client, PAGE),
        **{f"revision-{k}": v for k, v in _revisions(page).items()},
    }
    response = client.post(PAGE, data=data, follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "Zveřejněn 1 modul; účastníci ho teď vidí." in text
    assert "NOVÁ VĚTA ÚVODU." in _published_text(app)
    assert "media/neni.png" in client.get(PAGE).get_data(as_text=True)  # still waiting


def test_a_draft_saved_after_the_review_is_held_back(app, client, auth, imported):
    sign_in(auth)
    _draft(client, LESSON, lambda s: s + "\nPRVNÍ.\n")
    reviewed = _revisions(client.get(PAGE).get_data(as_text=True))
    _draft(client, LESSON, lambda s: s + "\nDRUHÁ, NEVIDĚNÁ.\n")
    data = {
        "csrf_token": csrf_token(client, PAGE),
        **{f"revision-{k}": v for k, v in reviewed.items()},
    }
    text = client.post(PAGE, data=data, follow_redirects=True).get_data(as_text=True)
    assert "Nezveřejněno (chyby z kontroly, nebo se text mezitím změnil): Úvod do map" in text
    assert "PRVNÍ." not in _published_text(app)


def test_an_unpublished_course_says_learners_do_not_see_it_yet(app, client, auth, imported):
    with app.app_context():
        db.session.scalar(select(Course).where(Course.slug == COURSE)).published = False
        db.session.commit()
    sign_in(auth)
    _draft(client, LESSON, lambda s: s + "\nVĚTA.\n")
    page = client.get(PAGE).get_data(as_text=True)
    data = {
        "csrf_token": csrf_token(client, PAGE),
        **{f"revision-{k}": v for k, v in _revisions(page).items()},
    }
    text = client.post(PAGE, data=data, follow_redirects=True).get_data(as_text=True)
    assert "Kurz sám zveřejněný není, účastníci ho uvidí, až kurz zveřejníte." in text
    assert "účastníci ho teď vidí" not in text
