"""Small things of an account's everyday life: a confirmation link clicked twice, "send the
e-mail again", the new-password label, recovery codes to keep, the account page in English."""

from __future__ import annotations

from urllib.parse import unquote

from tests.conftest import PASSWORD, csrf_token

BASE = "http://127.0.0.1:5000"
EMAIL = "vera.nova@example.cz"


def _sign_up(client):
    token = csrf_token(client, "/signup")
    return client.post(
        "/signup",
        data={
            "full_name": "Věra Nová",
            "email": EMAIL,
            "password": PASSWORD,
            "confirm": PASSWORD,
            "consent": "y",
            "csrf_token": token,
        },
    )


def test_a_second_click_on_the_confirmation_link_says_already_confirmed(client, mailbox):
    _sign_up(client)
    (link,) = mailbox.links(EMAIL)
    path = link.removeprefix(BASE)
    assert client.get(path).status_code == 302  # confirmed and signed in
    again = client.get(path, follow_redirects=True)
    assert again.status_code == 200
    assert f"Vaše adresa {EMAIL} je už potvrzená." in again.get_data(as_text=True)


def test_the_same_used_link_signed_out_is_still_refused(app, client, mailbox):
    _sign_up(client)
    (link,) = mailbox.links(EMAIL)
    path = link.removeprefix(BASE)
    client.get(path)
    assert app.test_client().get(path).status_code == 400


def test_check_email_sends_again_to_an_unconfirmed_address_and_answers_alike(client, mailbox):
    _sign_up(client)
    page = client.get("/signup/check-email").get_data(as_text=True)
    assert f'value="{EMAIL}"' in page  # the address just typed is offered back
    token = csrf_token(client, "/signup/check-email")
    sent = client.post("/signup/check-email", data={"email": EMAIL, "csrf_token": token})
    unknown = client.post(
        "/signup/check-email", data={"email": "nikdo@example.cz", "csrf_token": token}
    )
    assert sent.status_code == unknown.status_code == 302
    assert len(mailbox.links(EMAIL)) == 2
    assert mailbox.links("nikdo@example.cz") == []
    bad = client.post("/signup/check-email", data={"email": "neni-adresa", "csrf_token": token})
    assert bad.status_code == 422


def test_reset_form_labels_the_new_password(auth, client, mailbox):
    auth.create()
    token = csrf_token(client, "/password/forgot")
    client.post("/password/forgot", data={"email": "jiri@example.cz", "csrf_token": token})
    (link,) = mailbox.links("jiri@example.cz")
    html = client.get(link.removeprefix(BASE)).get_data(as_text=True)
    assert ">Nové heslo</label>" in html and ">Nové heslo znovu</label>" in html


def test_account_page_in_english_heads_the_password_form_password(auth, client):
    auth.create()
    auth.login()
    client.get("/lang/en")
    html = client.get("/account").get_data(as_text=True)
    assert "<h2>Password</h2>" in html
    assert "Password changed" not in html


def test_recovery_codes_can_be_downloaded_as_text(app):
    from flask import render_template
    from flask_login import login_user

    from academy.auth.models import User

    codes = ["abcd-efgh", "ijkl-mnop"]
    with app.test_request_context():
        login_user(User(id=1, email="jiri@example.cz", full_name="Jiří"))
        html = render_template("auth/two_factor_codes.html", codes=codes)
    href = html.split('href="data:text/plain;charset=utf-8,', 1)[1].split('"', 1)[0]
    assert unquote(href).splitlines()[-2:] == codes
    assert 'download="cx-akademie-zalozni-kody.txt"' in html
    assert 'data-copy="abcd-efgh\nijkl-mnop"' in html
