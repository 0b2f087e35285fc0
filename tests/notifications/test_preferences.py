"""Learners' mail preferences: one-click unsubscribe per category (RFC 8058), a preferences
page, and transactional mail that cannot be switched off."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from academy.auth.models import User
from academy.extensions import db
from academy.notifications.models import MailCategory, MailOptOut
from academy.notifications.preferences import opted_out, set_wanted, unsubscribe_token
from tests.conftest import csrf_token


def _user_id(app, email="jiri@example.cz") -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def _off(app, user_id: int) -> set[MailCategory]:
    with app.app_context():
        return opted_out(db.session, user_id)


def test_one_click_post_unsubscribes_without_a_session_or_csrf(app, auth, client):
    auth.create()
    user_id = _user_id(app)
    with app.test_request_context():
        token = unsubscribe_token(user_id, MailCategory.REMINDERS)
    mail_client = app.test_client()  # a mail provider's server: no cookie, no CSRF token
    response = mail_client.post(
        f"/mail/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 204
    assert _off(app, user_id) == {MailCategory.REMINDERS}
    again = mail_client.post(f"/mail/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
    assert again.status_code == 204  # a second click changes nothing
    with app.app_context():
        assert len(db.session.scalars(select(MailOptOut)).all()) == 1


def test_opening_the_link_asks_first_and_the_button_unsubscribes(app, auth):
    auth.create()
    user_id = _user_id(app)
    with app.test_request_context():
        token = unsubscribe_token(user_id, MailCategory.REMINDERS)
    browser = app.test_client()
    page = browser.get(f"/mail/unsubscribe/{token}")
    assert page.status_code == 200 and "Odhlásit e-maily?" in page.get_data(as_text=True)
    assert _off(app, user_id) == set()  # a link scanner opening it unsubscribes no one
    done = browser.post(f"/mail/unsubscribe/{token}")
    assert done.status_code == 200 and "Odhlášeno" in done.get_data(as_text=True)
    assert _off(app, user_id) == {MailCategory.REMINDERS}


@pytest.mark.parametrize("token", ["nonsense", "WzEsICJ0cmFuc2FjdGlvbmFsIl0.forged"])
def test_a_forged_or_broken_link_is_refused(app, auth, token):
    auth.create()
    response = app.test_client().post(f"/mail/unsubscribe/{token}")
    assert response.status_code == 404
    assert "Tento odkaz pro odhlášení e-mailů neznáme." in response.get_data(as_text=True)


def test_transactional_mail_cannot_be_switched_off(app, auth):
    auth.create()
    user_id = _user_id(app)
    with app.test_request_context():
        token = unsubscribe_token(user_id, MailCategory.TRANSACTIONAL)  # signed, but not allowed
    assert app.test_client().post(f"/mail/unsubscribe/{token}").status_code == 404
    with app.app_context(), pytest.raises(ValueError):
        set_wanted(db.session, user_id, MailCategory.TRANSACTIONAL, False)
    assert _off(app, user_id) == set()


def test_preferences_page_switches_reminders_off_and_on(app, auth, client):
    auth.create()
    auth.login()
    user_id = _user_id(app)
    page = client.get("/account/mail").get_data(as_text=True)
    assert '<input checked id="reminders" name="reminders" type="checkbox"' in page
    assert "Týdenní přehled pro lektory" not in page  # learners get no digest
    token = csrf_token(client, "/account/mail")
    response = client.post("/account/mail", data={"csrf_token": token})
    assert response.headers["Location"] == "/account/mail"
    assert _off(app, user_id) == {MailCategory.REMINDERS, MailCategory.DIGESTS}
    client.post("/account/mail", data={"csrf_token": token, "reminders": "y", "digests": "y"})
    assert _off(app, user_id) == set()


def test_preferences_page_needs_a_sign_in(client):
    assert client.get("/account/mail").headers["Location"].startswith("/login")
