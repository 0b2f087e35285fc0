"""TOTP two-factor sign-in: required for staff, optional for learners, codes work once."""

from __future__ import annotations

import re

import pyotp
from sqlalchemy import select

from academy.auth import two_factor
from academy.auth.models import Role, User
from academy.extensions import db
from tests.conftest import PASSWORD, TOTP_SECRET, csrf_token


def _password_step(client, email="jiri@example.cz"):
    token = csrf_token(client, "/login")
    return client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})


def _code_step(client, code):
    token = csrf_token(client, "/login/two-factor")
    return client.post("/login/two-factor", data={"code": code, "csrf_token": token})


def test_learner_turns_two_factor_on_with_qr_and_recovery_codes(app, auth, client):
    auth.create()
    auth.login()
    page = client.get("/account/two-factor").get_data(as_text=True)
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    qr = client.get("/account/two-factor/qr.svg")
    assert qr.mimetype == "image/svg+xml" and b"<svg" in qr.data
    token = csrf_token(client, "/account/two-factor")
    wrong = client.post("/account/two-factor", data={"code": "000000", "csrf_token": token})
    assert wrong.status_code == 422 and "Kód nesouhlasí" in wrong.get_data(as_text=True)
    done = client.post(
        "/account/two-factor", data={"code": pyotp.TOTP(secret).now(), "csrf_token": token}
    )
    codes = re.findall(r"<code>(\d{5}-\d{5})</code>", done.get_data(as_text=True))
    assert len(codes) == 10
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.has_two_factor and codes[0].replace("-", "") not in str(
            user.recovery_code_hashes
        )


def test_sign_in_needs_the_code_and_each_code_works_once(app, auth, client):
    auth.create(role=Role.INSTRUCTOR)
    assert _password_step(client).headers["Location"] == "/login/two-factor"
    assert client.get("/my").status_code == 302  # not signed in after the password alone
    assert _code_step(client, "123456").status_code == 422
    code = pyotp.TOTP(TOTP_SECRET).now()
    assert _code_step(client, code).status_code == 302
    assert client.get("/my").status_code == 200
    other = app.test_client()
    _password_step(other)
    assert _code_step(other, code).status_code == 422  # replayed code


def test_recovery_code_signs_in_once(app, auth, client):
    auth.create()
    with app.app_context():
        user = db.session.scalar(select(User))
        codes = two_factor.enable(user, two_factor.new_secret())
        db.session.commit()
    _password_step(client)
    assert _code_step(client, codes[0]).status_code == 302
    again = app.test_client()
    _password_step(again)
    assert _code_step(again, codes[0]).status_code == 422


def test_staff_without_two_factor_must_set_it_up(app, auth, client):
    with app.app_context():
        from academy.auth.services import create_user

        create_user(
            db.session,
            email="lektor@example.cz",
            full_name="Lektor",
            password=PASSWORD,
            role=Role.ADMIN,
            verified=True,
        )
        db.session.commit()
    response = _password_step(client, "lektor@example.cz")
    assert response.headers["Location"] == "/account/two-factor"
    blocked = client.get("/admin/security-log")
    assert blocked.status_code == 302 and blocked.headers["Location"] == "/account/two-factor"


def test_challenge_without_password_step_goes_back_to_login(client):
    assert client.get("/login/two-factor").headers["Location"] == "/login"
