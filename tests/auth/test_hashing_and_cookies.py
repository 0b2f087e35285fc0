"""argon2id parameters and re-hashing, cookie flags, no remember-me, the development outbox."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from sqlalchemy import select

from academy import create_app
from academy.auth.models import User
from academy.auth.passwords import hash_password, verify_password
from academy.extensions import db
from tests.conftest import PASSWORD, csrf_token
from tests.worker import running_worker, wait_for


def _parameters(password_hash: str) -> tuple[str, int, int]:
    match = re.match(r"\$(argon2\w+)\$v=19\$m=(\d+),t=(\d+),p=\d+\$", password_hash)
    assert match, password_hash
    return match.group(1), int(match.group(2)), int(match.group(3))


def test_hashes_are_argon2id_with_at_least_19_mib_and_two_passes():
    variant, memory_kib, passes = _parameters(hash_password(PASSWORD))
    assert variant == "argon2id" and memory_kib >= 19 * 1024 and passes >= 2


def test_an_outdated_hash_is_replaced_at_login(app, auth):
    auth.create()
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD)
    with app.app_context():
        user = db.session.scalar(select(User))
        user.password_hash = weak
        db.session.commit()
    assert auth.login().status_code == 302
    with app.app_context():
        renewed = db.session.scalar(select(User.password_hash))
    assert renewed != weak and _parameters(renewed)[1] >= 19 * 1024
    assert verify_password(renewed, PASSWORD)


def _session_cookie(response) -> str:
    (cookie,) = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    return cookie


def test_session_cookie_is_httponly_and_lax_and_no_remember_me(auth, client):
    auth.create()
    page = client.get("/login").get_data(as_text=True)
    assert "remember" not in page.lower()
    response = auth.login()
    cookie = _session_cookie(response)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert not any(c.startswith("remember_token") for c in response.headers.getlist("Set-Cookie"))


def test_production_cookies_are_secure(database_url, auth):
    auth.create()
    app = create_app(
        {
            "ENV": "production",
            "SECRET_KEY": "a-long-production-secret",
            "DATABASE_URL": database_url,
            "BASE_URL": "https://akademie.example.cz",
            "RATELIMIT_ENABLED": False,
        }
    )
    client = app.test_client()
    base = "https://akademie.example.cz"
    html = client.get("/login", base_url=base).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    response = client.post(
        "/login",
        base_url=base,
        headers={"Referer": f"{base}/login"},
        data={"email": "jiri@example.cz", "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    cookie = _session_cookie(response)
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_development_mail_goes_to_the_outbox_and_the_log(app, tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("ACADEMY_INSTANCE_PATH", str(tmp_path / "instance"))
    dev = create_app(
        {
            "ENV": "development",
            "SECRET_KEY": "dev",
            "DATABASE_URL": app.config["DATABASE_URL"],
            "RATELIMIT_ENABLED": False,
            "BASE_URL": "http://127.0.0.1:5000",
        }
    )
    assert dev.config["MAIL_URL"] == "outbox"
    # outside tests the app's logger writes its own lines (academy/observability/logs.py) and
    # does not propagate to the root, where caplog listens: listen on the app's logger itself
    dev.logger.addHandler(caplog.handler)
    client = dev.test_client()
    token = csrf_token(client, "/signup")
    client.post(
        "/signup",
        data={
            "consent": "y",
            "full_name": "Jiří",
            "email": "jiri@example.cz",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "csrf_token": token,
        },
    )
    outbox = tmp_path / "instance" / "outbox"
    assert not list(outbox.glob("*.eml"))  # the request only queued it: the worker sends
    with running_worker(dev):  # the queue of `make run`: a SQLite file in instance/
        (eml,) = wait_for(lambda: list(outbox.glob("*.eml")))
    text = eml.read_text("utf-8", "replace")
    assert "To: jiri@example.cz" in text
    link = re.search(r"http://127\.0\.0\.1:5000/verify/\S+", caplog.text)
    assert link, caplog.text  # the link is in the log, to click in development
