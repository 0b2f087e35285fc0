"""Brute force gets 429; the real owner from elsewhere is never locked out."""

from __future__ import annotations

import os
import uuid

import pytest

from academy import create_app
from tests.conftest import PASSWORD, csrf_token

REDIS_URL = "redis://127.0.0.1:6379/0"


def _redis_available() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def _storages():
    yield pytest.param("memory://", id="memory")
    if _redis_available():
        yield pytest.param(REDIS_URL, id="redis")
    elif os.environ.get("CI") == "true":
        yield pytest.param(None, id="redis-missing")
    else:
        yield pytest.param(None, id="redis", marks=pytest.mark.skip("Redis is not running"))


@pytest.fixture(params=list(_storages()))
def limited_app(request, app):
    if request.param is None:
        pytest.fail(f"CI needs Redis at {REDIS_URL} for the rate-limit tests")
    limited = create_app({
        **{k: app.config[k] for k in ("ENV", "DATABASE_URL", "SECRET_KEY", "MEDIA_DIR")},
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": request.param,
        "LOGIN_RATE_LIMIT": "3/minute",
    })  # fmt: skip
    return limited


def _address() -> str:
    """A fresh client address per test, so counters left in Redis never carry over."""
    raw = uuid.uuid4().bytes
    return f"10.{raw[0]}.{raw[1]}.{raw[2]}"


def _login(client, email, password, ip):
    token = csrf_token(client, "/login")
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token},
        environ_base={"REMOTE_ADDR": ip},
    )


def test_brute_force_gets_429_but_owner_elsewhere_logs_in(auth, limited_app):
    auth.create()
    attacker, ip = limited_app.test_client(), _address()
    statuses = [_login(attacker, "jiri@example.cz", f"guess-{i}-xxxxxx", ip).status_code
                for i in range(5)]  # fmt: skip
    assert statuses[:3] == [422, 422, 422]
    assert statuses[3:] == [429, 429]
    blocked = _login(attacker, "jiri@example.cz", "x", ip)
    assert "Příliš mnoho požadavků" in blocked.get_data(as_text=True)
    owner = limited_app.test_client()
    assert _login(owner, "jiri@example.cz", PASSWORD, _address()).status_code == 302


def test_successful_logins_do_not_count(auth, limited_app):
    auth.create()
    ip = _address()
    for _ in range(5):
        client = limited_app.test_client()
        assert _login(client, "jiri@example.cz", PASSWORD, ip).status_code == 302
