"""Sign up, log in, log out, and the `users create` command."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from academy.auth.models import Role, User
from academy.extensions import db
from tests.conftest import PASSWORD, csrf_token


def _signup(client, **fields):
    data = {
        "full_name": "Jiří Šťastný",
        "email": "Jiri.Stastny@Example.CZ",
        "password": PASSWORD,
        "confirm": PASSWORD,
        "consent": "y",
        "csrf_token": csrf_token(client, "/signup"),
        **fields,
    }
    return client.post("/signup", data=data)


def test_signup_sends_a_verification_link_that_signs_in(app, client, mailbox):
    response = _signup(client)
    assert response.headers["Location"] == "/signup/check-email"
    assert client.get("/my").status_code == 302  # not signed in before verifying
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.email == "jiri.stastny@example.cz"
        assert user.full_name == "Jiří Šťastný"
        assert user.role is Role.LEARNER
        assert user.password_hash.startswith("$argon2id$")
        assert user.email_verified_at is None
    (message,) = mailbox
    assert message["Subject"] == "Potvrďte svůj e-mail v CX akademii"
    assert "Jiří Šťastný" in mailbox.text(message)
    (link,) = mailbox.links("jiri.stastny@example.cz")
    assert link.startswith("http://127.0.0.1:5000/verify/")  # from BASE_URL, not the Host
    assert client.get(link.removeprefix("http://127.0.0.1:5000")).status_code == 302
    assert "Jiří Šťastný" in client.get("/my").get_data(as_text=True)
    again = app.test_client().get(link.removeprefix("http://127.0.0.1:5000"))
    assert again.status_code == 400  # single use
    assert "Odkaz je neúplný, nebo už byl použit." in again.get_data(as_text=True)


def test_signup_with_a_known_address_answers_the_same(app, client, auth, mailbox):
    auth.create(email="jiri.stastny@example.cz")
    response = _signup(client, email="  JIRI.stastny@example.cz ")
    assert response.status_code == 302
    assert response.headers["Location"] == "/signup/check-email"
    (message,) = mailbox
    assert message["Subject"] == "Váš účet v CX akademii"
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 1


def test_unverified_account_cannot_sign_in_and_gets_a_new_link(client, mailbox):
    _signup(client)
    mailbox.clear()
    token = csrf_token(client, "/login")
    response = client.post(
        "/login",
        data={"email": "jiri.stastny@example.cz", "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 422
    assert "Nejdřív potvrďte svůj e-mail" in response.get_data(as_text=True)
    assert len(mailbox.links("jiri.stastny@example.cz")) == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "není-email"}, "Zadejte platnou e-mailovou adresu"),
        ({"password": "krátké", "confirm": "krátké"}, "Heslo musí mít 12 až 128 znaků"),
        ({"password": "x" * 129, "confirm": "x" * 129}, "Heslo musí mít 12 až 128 znaků"),
        ({"password": "123456789012", "confirm": "123456789012"}, "příliš běžné"),
        ({"password": "Jiří Šťastný", "confirm": "Jiří Šťastný"}, "příliš běžné"),
        (
            {"password": "jiri.stastny@example.cz", "confirm": "jiri.stastny@example.cz"},
            "příliš běžné",
        ),
        ({"confirm": "jiné-heslo-456"}, "Hesla se neshodují"),
        ({"full_name": "   "}, "Vyplňte své jméno"),
    ],
)
def test_signup_form_errors_are_in_czech(app, client, fields, message):
    response = _signup(client, **fields)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0


def test_signup_errors_in_english_when_chosen(client):
    client.get("/lang/en")
    response = _signup(client, confirm="jiné-heslo-456")
    assert "Passwords do not match" in response.get_data(as_text=True)


def test_signup_without_csrf_token_is_refused(app, client):
    response = client.post(
        "/signup",
        data={"full_name": "X", "email": "x@example.cz", "password": PASSWORD, "confirm": PASSWORD},
    )
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0


def test_login_and_logout(auth, client):
    auth.create()
    response = auth.login(email="JIRI@example.cz")
    assert response.status_code == 302
    assert client.get("/my").status_code == 200
    auth.logout()
    assert client.get("/my").status_code == 302


def test_logout_keeps_the_chosen_language(auth, client):
    auth.create()
    client.get("/lang/en")
    auth.login()
    auth.logout()
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "You have been logged out." in html


def test_wrong_password_and_unknown_email_get_the_same_answer(auth):
    auth.create()
    wrong = auth.login(password="úplně-špatně-heslo")
    unknown = auth.login(email="nikdo@example.cz")
    for response in (wrong, unknown):
        assert response.status_code == 422
        assert "Nesprávný e-mail nebo heslo." in response.get_data(as_text=True)


def test_anonymous_user_is_sent_to_login_and_back(auth, client):
    auth.create()
    response = client.get("/my")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=%2Fmy")
    token = csrf_token(client, "/login?next=/my")
    response = client.post(
        "/login?next=/my",
        data={"email": "jiri@example.cz", "password": PASSWORD, "csrf_token": token, "next": "/my"},
    )
    assert response.headers["Location"] == "/my"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "\\\\evil.example",
        "/\t/evil.example",
        "http:/evil.example",
    ],
)
def test_login_ignores_offsite_next(auth, client, target):
    auth.create()
    token = csrf_token(client, "/login")
    response = client.post(
        "/login",
        data={
            "email": "jiri@example.cz",
            "password": PASSWORD,
            "csrf_token": token,
            "next": target,
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/my"


def test_cli_creates_admin_and_prints_generated_password(app, runner):
    result = runner.invoke(
        args=["users", "create", "Admin@Example.cz", "--name", "Šárka Adminová", "--role", "admin"]
    )
    assert result.exit_code == 0, result.output
    assert "Generated password:" in result.output
    password = result.output.split("Generated password:")[1].strip()
    client = app.test_client()
    token = csrf_token(client, "/login")
    response = client.post(
        "/login", data={"email": "admin@example.cz", "password": password, "csrf_token": token}
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(User)).role is Role.ADMIN


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "--name", "X"], "not a valid e-mail address"),
        (["a@example.cz", "--name", "X", "--role", "boss"], "'boss' is not one of"),
        (["a@example.cz", "--name", "X", "--password", "short"], "12 to 128 characters"),
        (["a@example.cz", "--name", "X", "--password", "qwerty123456"], "too common"),
        (["a@example.cz", "--name", "  "], "must not be empty"),
    ],
)
def test_cli_rejects_bad_arguments(runner, args, message):
    result = runner.invoke(args=["users", "create", *args])
    assert result.exit_code != 0
    assert message in result.output


def test_cli_refuses_duplicate(runner):
    args = ["users", "create", "a@example.cz", "--name", "A", "--password", PASSWORD]
    assert runner.invoke(args=args).exit_code == 0
    result = runner.invoke(args=args)
    assert result.exit_code == 1
    assert "already exists" in result.output
