"""Password reset over real SMTP: same answer for everyone, single-use links, sessions end."""

from __future__ import annotations

import re

from sqlalchemy import select

from academy.audit.models import SecurityEvent
from academy.extensions import db
from tests.conftest import PASSWORD, csrf_token

NEW_PASSWORD = "nové heslo pro jiřího 2026"
BASE = "http://127.0.0.1:5000"


def _forgot(client, email):
    token = csrf_token(client, "/password/forgot")
    return client.post("/password/forgot", data={"email": email, "csrf_token": token})


def _reset(client, path, password=NEW_PASSWORD, confirm=None):
    token = csrf_token(client, path)
    return client.post(
        path, data={"password": password, "confirm": confirm or password, "csrf_token": token}
    )


def test_known_and_unknown_addresses_get_the_same_answer(auth, client, mailbox):
    auth.create()
    known, unknown = _forgot(client, "jiri@example.cz"), _forgot(client, "nikdo@example.cz")
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"] == "/password/sent"
    assert [m["To"] for m in mailbox] == ["jiri@example.cz"]


def test_reset_link_sets_a_new_password_once_and_ends_sessions(app, auth, client, mailbox):
    auth.create()
    other = app.test_client()
    auth.login()
    other.set_cookie("session", client.get_cookie("session").value)
    _forgot(app.test_client(), "jiri@example.cz")
    (link,) = mailbox.links("jiri@example.cz")
    assert link.startswith(f"{BASE}/password/reset/")
    path = link.removeprefix(BASE)
    fresh = app.test_client()
    weak = _reset(fresh, path, "123456789012")
    assert weak.status_code == 422 and "příliš běžné" in weak.get_data(as_text=True)
    assert _reset(fresh, path).headers["Location"] == "/login"
    assert other.get("/my").status_code == 302  # signed out everywhere
    assert auth.login(password=PASSWORD).status_code == 422
    assert auth.login(password=NEW_PASSWORD).status_code == 302
    used = app.test_client().get(path)
    assert used.status_code == 400
    with app.app_context():
        kinds = {e.kind for e in db.session.scalars(select(SecurityEvent))}
        assert {"password_reset_requested", "password_changed"} <= kinds


def test_tampered_or_foreign_links_are_refused(app, auth, client, mailbox):
    auth.create()
    _forgot(client, "jiri@example.cz")
    (link,) = mailbox.links("jiri@example.cz")
    path = link.removeprefix(BASE)
    tampered = path[:-3] + ("xyz" if not path.endswith("xyz") else "abc")
    assert client.get(tampered).status_code == 400
    verify_path = path.replace("/password/reset/", "/verify/")  # a reset token is no e-mail token
    assert client.get(verify_path).status_code == 400


def test_links_use_base_url_not_the_host_header(auth, client, mailbox):
    auth.create()
    html = client.get("/password/forgot", base_url="http://evil.example").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    response = client.post(
        "/password/forgot",
        base_url="http://evil.example",
        data={"email": "jiri@example.cz", "csrf_token": token},
    )
    assert response.status_code == 302
    (link,) = mailbox.links("jiri@example.cz")
    assert link.startswith(BASE) and "evil.example" not in link
