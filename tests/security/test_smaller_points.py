"""Issue 16, smaller points: a GET changes nothing stored (/lang), a 416 says what is wrong
in a typed body, and every look-up of a certificate code spends one budget."""

from __future__ import annotations

from sqlalchemy import select

from academy.auth.models import User
from academy.extensions import db
from tests.conftest import csrf_token
from tests.security.test_rate_limits import _address


def _language(app) -> str | None:
    with app.app_context():
        return db.session.scalar(select(User.language))


def test_the_language_link_changes_the_session_but_not_the_account(app, auth):
    auth.create()
    auth.login()
    response = auth.client.get("/lang/en?next=/my")
    assert response.status_code == 302 and response.headers["Location"] == "/my"
    assert "My learning" in auth.client.get("/my").get_data(as_text=True)
    assert _language(app) is None  # a GET wrote nothing


def test_the_language_form_remembers_the_choice_on_the_account(app, auth):
    auth.create()
    auth.login()
    assert auth.client.post("/lang/en").status_code == 400  # no CSRF token
    assert _language(app) is None
    token = csrf_token(auth.client, "/my")
    response = auth.client.post("/lang/en", data={"csrf_token": token, "next": "/my"})
    assert response.headers["Location"] == "/my"
    assert _language(app) == "en"


def test_an_unsatisfiable_range_gets_a_typed_body_with_a_message(client, public_recording):
    response = client.get("/media/demo-kurz/webinar.webm", headers={"Range": "bytes=99999999-"})
    assert response.status_code == 416
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.get_data(as_text=True) == "Požadovaný rozsah bajtů leží mimo soubor.\n"
    assert response.headers["Content-Range"].startswith("bytes */")


def test_checking_a_credential_spends_the_one_look_up_budget(limited_app):
    client, ip = limited_app.test_client(), _address()
    environ = {"REMOTE_ADDR": ip}
    token = csrf_token(client, "/login")
    for _ in range(3):  # CERTIFICATE_LOOKUP_RATE_LIMIT is 3/minute in limited_app
        assert client.get("/certificates/NEZNAMY", environ_base=environ).status_code == 404
    response = client.post(
        "/certificates/NEZNAMY/check", data={"csrf_token": token}, environ_base=environ
    )
    assert response.status_code == 429
