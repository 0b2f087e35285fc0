"""Changing the password needs the current one and signs other browsers out."""

from __future__ import annotations

from tests.conftest import PASSWORD, csrf_token

NEW = "úplně nové heslo na účet"


def _change(client, current, new=NEW):
    token = csrf_token(client, "/account")
    return client.post("/account", data={"current": current, "password": new, "confirm": new,
                                         "csrf_token": token})  # fmt: skip


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
