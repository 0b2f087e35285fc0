"""No staff power on a password alone: an admin or instructor who has not set up two-factor
sign-in reaches nothing beyond setting it up (their account page, signing out, the
language), on every route of the app, not only /admin and /studio."""

from __future__ import annotations

import re

import pytest

from academy.auth.access import BEFORE_SECOND_FACTOR
from academy.auth.models import Role
from academy.auth.services import create_user
from academy.extensions import db
from tests.certificates.test_certificates import _complete, _confirm
from tests.conftest import PASSWORD, csrf_token
from tests.webinars.conftest import add_webinar

SETUP = "/account/two-factor"
FILL = {
    "slug": "demo-kurz",
    "module_slug": "webinar",
    "filename": "webinar.webm",
    "token": "x",
    "lang": "cs",
}


def _staff_without_second_factor(app, client, email: str, role: Role):
    with app.app_context():
        create_user(
            db.session,
            email=email,
            full_name="Bez Druhého",
            password=PASSWORD,
            role=role,
            verified=True,
        )
        db.session.commit()
    token = csrf_token(client, "/login")
    signed_in = client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    assert signed_in.headers["Location"] == SETUP


@pytest.fixture
def certificate(app, auth, client, imported) -> str:
    """A learner's certificate code (the quiz made optional), the learner signed out."""
    from sqlalchemy import update

    from academy.courses.models import Module, ModuleKind

    with app.app_context():
        db.session.execute(
            update(Module).where(Module.kind == ModuleKind.QUIZ).values(required=False)
        )
        db.session.commit()
    _complete(auth)
    code = _confirm(auth, client)
    auth.logout()
    add_webinar(app, imported)  # a private recording
    return code


def test_admin_without_second_factor_gets_no_learners_certificate(app, client, certificate):
    _staff_without_second_factor(app, client, "admin@example.cz", Role.ADMIN)
    for path in ("certificate.pdf", "credential.jwt"):
        response = client.get(f"/certificates/{certificate}/{path}")
        assert response.status_code == 302 and response.headers["Location"] == SETUP
    assert "dvoufázové přihlášení" in client.get(SETUP).get_data(as_text=True)


def test_instructor_without_second_factor_streams_no_private_recording(app, client, certificate):
    _staff_without_second_factor(app, client, "lektor@example.cz", Role.INSTRUCTOR)
    video = client.get("/media/demo-kurz/webinar.webm", headers={"Range": "bytes=0-99"})
    assert video.status_code == 302 and video.headers["Location"] == SETUP
    as_json = client.get("/webinars/demo-kurz/webinar", headers={"Accept": "application/json"})
    assert as_json.status_code == 403
    assert as_json.get_json()["error"] == "two_factor_required"


def _url(rule) -> str:
    url = rule.rule
    for name in rule.arguments:
        found = re.search(rf"<(?:([a-z]+)(?:\(([^)]*)\))?:)?{name}>", url)
        converter, options = found[1], found[2]
        if converter == "any":  # <any(json, csv):fmt>: the first of the choices
            value = options.split(",")[0].strip()
        else:
            value = FILL.get(name, "1" if converter == "int" else "x")
        url = url.replace(found[0], value)
    return url


@pytest.mark.parametrize("role", [Role.ADMIN, Role.INSTRUCTOR])
def test_every_route_waits_for_the_second_factor(app, client, certificate, role):
    _staff_without_second_factor(app, client, "staff@example.cz", role)
    token = csrf_token(client, "/account")
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint in BEFORE_SECOND_FACTOR:
            continue
        url = _url(rule)
        if "GET" in rule.methods:
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": token})
        if response.status_code == 403:  # a script's request: JSON refusal
            assert response.get_json()["error"] == "two_factor_required", url
        else:
            assert (response.status_code, response.headers.get("Location")) == (302, SETUP), url
        checked += 1
    assert checked > 60  # the whole app, not a few prefixes
    assert client.get("/account").status_code == 200  # the way to set it up stays open
