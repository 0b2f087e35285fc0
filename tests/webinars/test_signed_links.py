"""Signed recording links without nginx (`make run`): the page signs, the app checks the
link as nginx's secure_link would (tests/test_deploy_nginx.py runs the real nginx)."""

from __future__ import annotations

import html as html_lib
import re

from sqlalchemy import delete

from academy.courses.models import Course
from academy.extensions import db
from academy.learning.models import Enrollment
from academy.media import signing
from tests.webinars.conftest import MODULE

SOURCES = "/webinars/demo-kurz/webinar/sources"
LINK = re.compile(r'<source src="(/recordings/demo-kurz/webinar\.webm\?e=\d+&amp;s=[\w-]+)"')


def video_link(client) -> str:
    found = LINK.search(client.get(MODULE).get_data(as_text=True))
    assert found, "the module page plays a signed link"
    return html_lib.unescape(found.group(1))


def test_a_signed_link_plays_ranges_for_the_learner_who_got_it(client, learner):
    link = video_link(client)
    response = client.get(link, headers={"Range": "bytes=0-9"})
    assert response.status_code == 206
    assert response.headers["Content-Range"].startswith("bytes 0-9/")
    assert sorted(response.headers["Cache-Control"].split(", ")) == ["max-age=900", "private"]


def test_the_page_sets_the_cookie_links_are_bound_to(client, learner):
    client.get(MODULE)
    cookie = client.get_cookie(signing.BINDING_COOKIE, path="/recordings/")
    assert cookie is not None and cookie.http_only and len(cookie.value) == 24


def test_an_expired_link_is_refused_with_410(app, client, learner, monkeypatch):
    link = video_link(client)
    expires = int(re.search(r"e=(\d+)", link).group(1))
    monkeypatch.setattr(signing.time, "time", lambda: expires + 1)
    assert client.get(link).status_code == 410


def test_a_tampered_link_is_refused(client, learner):
    link = video_link(client)
    assert client.get(link.replace("webinar.webm", "webinar.cs.vtt")).status_code == 403
    later = re.sub(r"e=(\d+)", lambda m: f"e={int(m.group(1)) + 3600}", link)
    assert client.get(later).status_code == 403
    assert client.get(link.split("?")[0]).status_code == 403


def test_another_learners_link_is_refused(app, auth, learner, client):
    link = video_link(client)
    other = app.test_client()
    from tests.conftest import Auth

    them = Auth(app, other)
    them.create(email="eva@example.cz", name="Eva")
    them.login(email="eva@example.cz")
    them.post("/courses/demo-kurz/enrol")
    video_link(other)  # Eva has her own binding cookie
    assert other.get(link).status_code == 403


def test_a_revoked_enrolment_gets_no_new_links(app, client, learner):
    assert client.get(SOURCES).status_code == 200
    with app.app_context():
        db.session.execute(delete(Enrollment))
        db.session.commit()
    assert client.get(SOURCES).status_code == 403


def test_a_signed_out_session_gets_no_new_links(client, learner):
    learner.logout()
    assert client.get(SOURCES).status_code == 403


def test_an_unpublished_course_gets_no_new_links(app, client, learner):
    with app.app_context():
        db.session.get(Course, 1)  # warm the identity map
        for course in db.session.query(Course):
            course.published = False
        db.session.commit()
    assert client.get(SOURCES).status_code == 404


def test_fresh_links_come_as_json_and_are_never_cached(client, learner):
    response = client.get(SOURCES)
    assert response.headers["Cache-Control"] == "no-store"
    data = response.get_json()
    assert [s["type"] for s in data["sources"]] == ["video/webm"]
    assert client.get(data["sources"][0]["src"], headers={"Range": "bytes=0-9"}).status_code == 206
    assert [t["lang"] for t in data["tracks"]] == ["cs"]
