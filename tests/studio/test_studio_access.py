"""Who may use the studio: learners never, instructors their own courses, admins all."""

from __future__ import annotations

import pytest

from academy.auth.models import Role
from tests.conftest import csrf_token
from tests.studio.editing import COURSE_PAGE, DRAFT_JSON, EDITOR, PREVIEW_JSON, STUDIO
from tests.studio.samples import OTHER_INSTRUCTOR, sign_in

WRITES = [
    (COURSE_PAGE, {"title": "Převzatý kurz"}),
    (f"{COURSE_PAGE}/modules", {"title": "Cizí modul", "kind": "lesson"}),
    (f"{COURSE_PAGE}/modules/uvod/move", {"step": "1"}),
    (f"{COURSE_PAGE}/modules/uvod/archive", {}),
    (EDITOR, {"source": "---\ntitle: x\n---\n", "revision": "0", "base": "", "save": "1"}),
]


def test_learner_gets_403_everywhere_in_the_studio(client, auth, imported):
    auth.create(email="ucastnik@example.cz")
    auth.login(email="ucastnik@example.cz")
    for url in (STUDIO, COURSE_PAGE, EDITOR):
        assert client.get(url).status_code == 403, url
    assert auth.post(f"{COURSE_PAGE}/modules", {"title": "x", "kind": "lesson"}).status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(client, imported):
    response = client.get(STUDIO)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_another_instructor_sees_no_foreign_course_and_gets_403_on_it(client, auth, imported):
    sign_in(auth, email=OTHER_INSTRUCTOR)
    index = client.get(STUDIO)
    assert index.status_code == 200
    assert "Ukázkový kurz" not in index.get_data(as_text=True)
    assert client.get(COURSE_PAGE).status_code == 403
    assert client.get(EDITOR).status_code == 403
    token = csrf_token(client, STUDIO)
    for url in (DRAFT_JSON, PREVIEW_JSON):
        response = client.post(
            url, json={"source": "x", "revision": 0, "base": ""}, headers={"X-CSRFToken": token}
        )
        assert response.status_code == 403, url


@pytest.mark.parametrize(("url", "data"), WRITES)
def test_another_instructor_cannot_change_a_foreign_course(client, auth, imported, url, data):
    sign_in(auth, email=OTHER_INSTRUCTOR)
    assert auth.post(url, data).status_code == 403


def test_listed_instructor_and_admin_may_edit(client, auth, imported):
    sign_in(auth)
    assert "Ukázkový kurz" in client.get(STUDIO).get_data(as_text=True)
    assert client.get(EDITOR).status_code == 200
    auth.logout()
    sign_in(auth, email="spravce@example.cz", role=Role.ADMIN)
    assert "Ukázkový kurz" in client.get(STUDIO).get_data(as_text=True)
    assert client.get(COURSE_PAGE).status_code == 200
    assert client.get(EDITOR).status_code == 200


def test_unknown_course_or_module_is_404(client, auth, imported):
    sign_in(auth)
    assert client.get("/studio/courses/neni-takovy").status_code == 404
    assert client.get(f"{COURSE_PAGE}/modules/neni-takovy").status_code == 404


def test_json_save_without_the_csrf_header_is_refused(client, auth, imported):
    sign_in(auth)
    response = client.post(DRAFT_JSON, json={"source": "x", "revision": 0, "base": ""})
    assert response.status_code == 400
