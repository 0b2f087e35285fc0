"""A script whose sign-in expired gets 401 with a message it can show; a page still
redirects a browser to the sign-in page."""

from __future__ import annotations

import io

import pytest

from tests.conftest import csrf_token

COURSE, MODULE = "demo-kurz", "uvod"
JSON = {"Accept": "application/json"}


@pytest.mark.parametrize(
    "method, path, kwargs",
    [
        ("post", f"/courses/{COURSE}/kviz/attempts/1/answers", {"json": {"q_x": "a"}}),
        (
            "post",
            f"/studio/courses/{COURSE}/modules/{MODULE}/draft.json",
            {"json": {"source": "# Text", "revision": 0, "base": 0}},
        ),
        (
            "post",
            f"/studio/courses/{COURSE}/modules/{MODULE}/preview.json",
            {"json": {"source": "#"}},
        ),
        ("get", f"/studio/courses/{COURSE}/media.json", {}),
        (
            "post",
            f"/studio/courses/{COURSE}/media",
            {"data": {"file": (io.BytesIO(b"x"), "a.png")}, "content_type": "multipart/form-data"},
        ),
    ],
)
def test_json_endpoint_signed_out_answers_401_with_a_czech_message(client, method, path, kwargs):
    token = csrf_token(client)  # a real token: the refusal is about the sign-in, not CSRF
    response = getattr(client, method)(path, headers={**JSON, "X-CSRFToken": token}, **kwargs)
    assert response.status_code == 401
    assert response.is_json
    assert response.json["error"] == "signed_out"
    assert "Přihlaste se znovu" in response.json["message"]


def test_json_refusal_speaks_english_when_chosen(client):
    client.get("/lang/en")
    token = csrf_token(client)
    response = client.get(f"/studio/courses/{COURSE}/media.json", headers={"X-CSRFToken": token})
    assert response.status_code == 401
    assert "sign in again" in response.json["message"]


def test_a_page_still_redirects_a_signed_out_browser_to_sign_in(client):
    response = client.get("/my", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
