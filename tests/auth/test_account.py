"""Changing the password needs the current one and signs other browsers out."""

from __future__ import annotations

from tests.conftest import PASSWORD, csrf_token

NEW = "úplně nové heslo na účet"


def _change(client, current, new=NEW):
    token = csrf_token(client, "/account")
    return client.post(
        "/account", data={"current": current, "password": new, "confirm": new, "csrf_token": token}
    )


def test_wrong_current_password_changes_nothing(auth, client):
    auth.create()
    auth.login()
    response = _change(client, "špatné-heslo-xyz")
    assert response.status_code == 422
    assert "Současné heslo nesouhlasí." in response.get_data(as_text=True)
    auth.logout()
    assert auth.login(password=PASSWORD).status_code == 302


def test_change_keeps_this_browser_and_ends_the_others(app, auth, client):
    auth.create()
    auth.login()
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    assert _change(client, PASSWORD).status_code == 302
    assert client.get("/my").status_code == 200
    assert other.get("/my").status_code == 302
    auth.logout()
    assert auth.login(password=NEW).status_code == 302


def test_sign_out_everywhere(app, auth, client):
    auth.create()
    auth.login()
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    token = csrf_token(client, "/account")
    client.post("/account/sign-out-everywhere", data={"csrf_token": token})
    assert client.get("/my").status_code == 302
    assert other.get("/my").status_code == 302


def _request_email(client, email, current=PASSWORD):
    token = csrf_token(client, "/account")
    return client.post(
        "/account/email",
        data={"email-email": email, "email-current": current, "email-csrf_token": token},
    )


def test_email_change_needs_the_password_and_the_new_inbox(app, auth, client, mailbox):
    from sqlalchemy import select

    from academy.auth.models import User
    from academy.extensions import db

    auth.create()
    auth.login()
    wrong = _request_email(client, "novy@example.cz", current="špatné heslo")
    assert wrong.status_code == 422 and "Současné heslo nesouhlasí." in wrong.get_data(as_text=True)
    assert _request_email(client, "Novy@Example.cz").status_code == 302
    (link,) = mailbox.links("novy@example.cz")
    with app.app_context():  # nothing changes before the new inbox confirms
        assert db.session.scalar(select(User.email)) == "jiri@example.cz"
    path = link.removeprefix("http://127.0.0.1:5000")
    assert client.get(path).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(User.email)) == "novy@example.cz"
    assert client.get(path).status_code == 400  # used once


def test_email_change_to_a_taken_address_sends_nothing(auth, client, mailbox):
    auth.create()
    auth.create(email="obsazeno@example.cz", name="Jiný")
    auth.login()
    assert _request_email(client, "obsazeno@example.cz").status_code == 302  # same answer
    assert mailbox.links("obsazeno@example.cz") == []
