"""Admins manage accounts in the browser: find, invite, change a role, deactivate, end
sessions; each change is in the security log, and the academy keeps an active admin."""

from __future__ import annotations

from sqlalchemy import func, select

from academy.audit.models import SecurityEvent
from academy.auth.models import Role, User, UserSession
from academy.extensions import db
from tests.conftest import PASSWORD, csrf_token

ADMIN = "spravce@example.cz"


def _admin(auth) -> int:
    uid = auth.create(email=ADMIN, name="Správce Akademie", role=Role.ADMIN)
    auth.login(ADMIN)
    return uid


def _user(app, email: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        return user


def _events(app, kind: str) -> list[SecurityEvent]:
    with app.app_context():
        return list(db.session.scalars(select(SecurityEvent).where(SecurityEvent.kind == kind)))


def test_the_list_finds_an_account_by_a_part_of_its_name(app, auth, client):
    auth.create(email="jiri@example.cz", name="Jiří Šťastný")
    auth.create(email="jana@example.cz", name="Jana Nováková")
    _admin(auth)
    html = client.get("/admin/users?q=šťast").get_data(as_text=True)
    assert "Jiří Šťastný" in html
    assert "Jana Nováková" not in html


def test_learners_and_instructors_cannot_open_the_accounts_page(app, auth, client):
    auth.create(email="ucitel@example.cz", role=Role.INSTRUCTOR)
    auth.login("ucitel@example.cz")
    assert client.get("/admin/users").status_code == 403


def test_an_invited_person_sets_a_password_and_signs_in(app, auth, client, mailbox):
    admin_id = _admin(auth)
    response = auth.post(
        "/admin/users/new",
        {"full_name": "Jiří Šťastný", "email": "Jiri@Example.cz", "role": "instructor"},
    )
    assert response.status_code == 302
    (link,) = [u for u in mailbox.links("jiri@example.cz") if "/invitation/" in u]
    (event,) = _events(app, "account_invited")
    assert event.actor_id == admin_id
    auth.logout()
    path = link.split("localhost", 1)[-1].split(":5000", 1)[-1]
    token = csrf_token(client, path)
    response = client.post(
        path,
        data={
            "password": "nové-dlouhé-heslo-7",
            "confirm": "nové-dlouhé-heslo-7",
            "csrf_token": token,
        },
    )
    assert response.headers["Location"] == "/account/two-factor"  # staff set up 2FA first
    assert client.post(path, data={"csrf_token": token}).status_code == 400  # used once
    assert _user(app, "jiri@example.cz").role is Role.INSTRUCTOR


def test_inviting_an_existing_address_says_so_and_creates_nothing(app, auth, client, mailbox):
    auth.create(email="jiri@example.cz")
    _admin(auth)
    response = auth.post(
        "/admin/users/new", {"full_name": "Jiří", "email": "jiri@example.cz", "role": "learner"}
    )
    assert response.status_code == 422
    assert "Účet s touto adresou už existuje." in response.get_data(as_text=True)
    assert mailbox == []


def test_a_role_change_ends_the_sessions_and_is_logged_with_the_admin(app, auth, client):
    uid = auth.create(email="jiri@example.cz")
    other = app.test_client()
    other_token = csrf_token(other, "/login")
    other.post(
        "/login", data={"email": "jiri@example.cz", "password": PASSWORD, "csrf_token": other_token}
    )
    admin_id = _admin(auth)
    response = auth.post(f"/admin/users/{uid}/role", {"role": "instructor"})
    assert response.status_code == 302
    assert _user(app, "jiri@example.cz").role is Role.INSTRUCTOR
    (event,) = _events(app, "role_changed")
    assert (event.actor_id, event.details["new_role"]) == (admin_id, "instructor")
    assert other.get("/my").status_code == 302  # signed out


def test_a_deactivated_account_cannot_sign_in(app, auth, client):
    uid = auth.create(email="jiri@example.cz")
    _admin(auth)
    auth.post(f"/admin/users/{uid}/deactivate")
    assert len(_events(app, "account_deactivated")) == 1
    auth.logout()
    response = auth.login("jiri@example.cz")
    assert response.status_code == 422
    assert "deaktivovaný" in response.get_data(as_text=True)


def test_the_last_admin_cannot_be_demoted_or_deactivated(app, auth, client):
    admin_id = _admin(auth)
    response = auth.post(
        f"/admin/users/{admin_id}/role", {"role": "learner"}, follow_redirects=True
    )
    assert "Musí zůstat alespoň jeden aktivní správce." in response.get_data(as_text=True)
    auth.post(f"/admin/users/{admin_id}/deactivate")
    user = _user(app, ADMIN)
    assert (user.role, user.deactivated_at) == (Role.ADMIN, None)


def test_ending_sessions_signs_the_person_out_everywhere(app, auth, client):
    uid = auth.create(email="jiri@example.cz")
    for _ in range(2):
        browser = app.test_client()
        token = csrf_token(browser, "/login")
        browser.post(
            "/login", data={"email": "jiri@example.cz", "password": PASSWORD, "csrf_token": token}
        )
    _admin(auth)
    auth.post(f"/admin/users/{uid}/sessions/end")
    with app.app_context():
        left = db.session.scalar(select(func.count()).where(UserSession.user_id == uid))
    assert left == 0
    (event,) = [e for e in _events(app, "sessions_revoked") if e.user_id == uid]
    assert event.details["ended"] == 2


def test_an_unknown_or_huge_account_id_is_not_found(app, auth, client):
    _admin(auth)
    assert client.get("/admin/users/999999").status_code == 404
