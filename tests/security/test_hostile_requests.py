"""Hostile requests: Range headers, Host poisoning, enumeration, redirects, CSRF, errors."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from academy.auth.models import User
from academy.extensions import db
from academy.learning.models import Enrollment
from academy.webinars.models import WebinarProgress
from tests.conftest import FIXTURES, PASSWORD, csrf_token

VIDEO = "/media/demo-kurz/webinar.webm"
BYTES = (FIXTURES / "courses" / "demo-kurz" / "media" / "webinar.webm").read_bytes()
EVIL = "http://evil.example"


# A malformed header is ignored (200, the whole file); a well-formed one that asks for bytes
# the file does not have gets 416.
@pytest.mark.parametrize(
    ("header", "status"),
    [
        ("bytes=abc-def", 200),
        ("bytes=-", 200),
        ("bytes=500-100", 200),
        ("bytes=99999999999999999999999999-", 416),
        ("bytes=0-9," * 2000, 200),  # 2000 ranges: ignored, the whole file
        ("bytes=０-９", 200),  # full-width digits are not digits to Werkzeug's parser
        ("bytes=-0", 200),
        ("items=0-9", 200),
        ("bytes=0-9\r\nX-Injected: 1", 200),
    ],
)
def test_bad_range_headers_get_the_file_or_416_never_a_500(
    client, public_recording, header, status
):
    response = client.get(VIDEO, headers={"Range": header.replace("\r\n", " ")})
    assert response.status_code == status
    if status == 200:
        assert response.data == BYTES
    else:
        assert response.headers["Content-Range"] == f"bytes */{len(BYTES)}"
    assert "X-Injected" not in response.headers


def _post_as(client, path: str, data: dict, base_url: str = EVIL, **headers):
    html = client.get(path, base_url=base_url).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    return client.post(path, base_url=base_url, headers=headers, data={**data, "csrf_token": token})


def test_signup_link_ignores_a_poisoned_host_and_forwarded_host(app, client, mailbox):
    response = _post_as(
        client,
        "/signup",
        {
            "consent": "y",
            "full_name": "Jiří",
            "email": "jiri@example.cz",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
        X_Forwarded_Host="evil.example",
    )
    assert response.status_code == 302
    (link,) = mailbox.links("jiri@example.cz")
    assert link.startswith(app.config["BASE_URL"]) and "evil" not in link


def test_reset_link_ignores_a_forwarded_host(app, auth, client, mailbox):
    auth.create()
    _post_as(
        client,
        "/password/forgot",
        {"email": "jiri@example.cz"},
        base_url="http://localhost",
        X_Forwarded_Host="evil.example",
    )
    (link,) = mailbox.links("jiri@example.cz")
    assert link.startswith(app.config["BASE_URL"]) and "evil" not in link


def test_signup_of_a_known_address_looks_like_a_new_one(app, auth, client, mailbox):
    auth.create()
    data = {"consent": "y", "full_name": "Kdokoli", "password": PASSWORD, "confirm": PASSWORD}
    known = _post_as(
        client, "/signup", {**data, "email": "jiri@example.cz"}, base_url=app.config["BASE_URL"]
    )
    new = _post_as(
        app.test_client(),
        "/signup",
        {**data, "email": "novy@example.cz"},
        base_url=app.config["BASE_URL"],
    )
    assert known.status_code == new.status_code == 302
    assert known.headers["Location"] == new.headers["Location"]
    with app.app_context():
        assert (
            db.session.scalar(select(User.full_name).where(User.email == "jiri@example.cz"))
            == "Jiří Šťastný"
        )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/lang/en?next=https://evil.example/", "/"),
        ("/lang/en?next=//evil.example", "/"),
        ("/lang/en?next=/%5Cevil.example", "/"),
        ("/lang/cs?next=/courses/demo-kurz", "/courses/demo-kurz"),
    ],
)
def test_language_switch_redirects_only_within_the_site(client, url, expected):
    response = client.get(url)
    assert response.status_code == 302 and response.headers["Location"] == expected


def test_next_carried_through_the_two_factor_step_stays_on_site(app, auth, client):
    from academy.auth.models import Role
    from tests.conftest import Auth

    Auth(app, client).create(email="lektor@example.cz", role=Role.INSTRUCTOR)
    token = csrf_token(client, "/login")
    client.post(
        "/login?next=//evil.example",
        data={
            "email": "lektor@example.cz",
            "password": PASSWORD,
            "csrf_token": token,
            "next": "//evil.example",
        },
    )
    response = auth.login(email="lektor@example.cz")
    assert response.status_code == 302 and response.headers["Location"] == "/my"


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/courses/demo-kurz/enrol", {}),
        ("/logout", {}),
        ("/account/sign-out-everywhere", {}),
        ("/courses/demo-kurz/uvod/done", {}),
    ],
)
def test_forms_without_a_csrf_token_are_refused_and_change_nothing(
    app, auth, client, imported, path, data
):
    auth.create()
    auth.login()
    response = client.post(path, data=data)
    assert response.status_code == 400
    assert "bezpečnostní token" in response.get_data(as_text=True)
    assert client.get("/my").status_code == 200  # still signed in
    with app.app_context():
        assert db.session.scalar(select(func.count(Enrollment.id))) == 0


def test_json_without_a_csrf_header_is_refused(app, enrolled, client):
    response = client.post(
        "/webinars/demo-kurz/webinar/progress", json={"position": 3, "intervals": [[0, 3]]}
    )
    assert response.status_code == 400 and response.get_json()["error"] == "invalid"
    other_token = csrf_token(app.test_client(), "/login")  # another visitor's token
    response = client.post(
        "/webinars/demo-kurz/webinar/progress",
        json={"position": 3},
        headers={"X-CSRFToken": other_token},
    )
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(WebinarProgress.id))) == 0


@pytest.fixture
def broken_app(app):
    @app.get("/rozbito")
    def broken():
        raise RuntimeError("secret-detail /srv/academy/academy/views.py line 42")

    return app


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_a_crash_shows_a_plain_page_without_a_traceback(broken_app, accept):
    response = broken_app.test_client().get("/rozbito", headers={"Accept": accept})
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Traceback" not in body and "secret-detail" not in body and ".py" not in body
    message = response.get_json()["message"] if accept == "application/json" else body
    assert "Nic z uloženého se neztratilo" in message


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("get", "/nikde", 404), ("post", "/", 405), ("get", "/certificates/" + "x" * 5000, 404)],
)
def test_error_pages_are_the_sites_own(client, method, path, status):
    response = getattr(client, method)(path)
    body = response.get_data(as_text=True)
    assert response.status_code == status
    assert "Traceback" not in body and "Werkzeug" not in body and "werkzeug" not in body
    assert '<html lang="cs">' in body
