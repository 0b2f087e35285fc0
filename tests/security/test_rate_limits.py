"""Brute force gets 429 (memory and Redis storage); the real owner is never locked out.

Each test runs with in-memory counters and with Redis at 127.0.0.1:6379. Under CI=true a
missing Redis fails the Redis runs instead of skipping them.
"""

from __future__ import annotations

import os
import uuid

import pyotp
import pytest
import redis
from sqlalchemy import update

from academy import create_app
from academy.auth.models import Role, User
from academy.extensions import db
from tests.conftest import PASSWORD, RATELIMIT_PREFIX, TOTP_SECRET, csrf_token

REDIS_URL = "redis://127.0.0.1:6379/0"


def _redis_available() -> bool:
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
def limited_app(request, app, monkeypatch):
    if request.param is None:
        pytest.fail(f"CI needs Redis at {REDIS_URL} for the rate-limit tests")
    # The storage comes from the environment, as in production. Counters of earlier tests
    # of this run are cleared; other runs use other key prefixes.
    if request.param == REDIS_URL:
        store = redis.Redis.from_url(REDIS_URL, socket_timeout=1)
        stale = store.keys(f"*{RATELIMIT_PREFIX}*")
        if stale:
            store.delete(*stale)
    monkeypatch.setenv("ACADEMY_RATELIMIT_STORAGE_URI", request.param)
    limited = create_app(
        {
            **{k: app.config[k] for k in ("ENV", "DATABASE_URL", "SECRET_KEY", "MEDIA_DIR")},
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_KEY_PREFIX": RATELIMIT_PREFIX,
            "LOGIN_RATE_LIMIT": "3/minute",
            "TWO_FACTOR_RATE_LIMIT": "3/minute",
            "TWO_FACTOR_ACCOUNT_RATE_LIMIT": "6/hour",
            "CERTIFICATE_LOOKUP_RATE_LIMIT": "3/minute",
        }
    )
    assert limited.config["RATELIMIT_STORAGE_URI"] == request.param
    return limited


def _address() -> str:
    raw = uuid.uuid4().bytes
    return f"10.{raw[0]}.{raw[1]}.{raw[2]}"


def _login(client, email, password, ip):
    token = csrf_token(client, "/login")
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token},
        environ_base={"REMOTE_ADDR": ip},
    )


def _code(client, code: str, ip: str):
    token = csrf_token(client, "/login/two-factor")
    return client.post(
        "/login/two-factor",
        data={"code": code, "csrf_token": token},
        environ_base={"REMOTE_ADDR": ip},
    )


@pytest.fixture
def staff(auth) -> str:
    """An instructor with two-factor sign-in; a new address per test (see limited_app)."""
    email = f"lektorka-{uuid.uuid4().hex[:8]}@example.cz"
    auth.create(email=email, name="Lektorka", role=Role.INSTRUCTOR)
    return email


def _at_code_step(app, staff: str, ip: str):
    """A client that gave the staff member's right password and now faces the code step."""
    client = app.test_client()
    assert _login(client, staff, PASSWORD, ip).headers["Location"] == "/login/two-factor"
    return client


def _wrong_code() -> str:
    return str((int(pyotp.TOTP(TOTP_SECRET).now()) + 500_000) % 1_000_000).zfill(6)


def _right_code(app) -> str:
    with app.app_context():  # each code works once; let the test sign in again
        db.session.execute(update(User).values(totp_last_step=None))
        db.session.commit()
    return pyotp.TOTP(TOTP_SECRET).now()


def test_brute_force_gets_429_but_owner_elsewhere_logs_in(auth, limited_app):
    auth.create()
    attacker, ip = limited_app.test_client(), _address()
    statuses = [
        _login(attacker, "jiri@example.cz", f"guess-{i}-xxxxxx", ip).status_code for i in range(5)
    ]
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


def test_wrong_two_factor_codes_get_429_and_the_owner_elsewhere_signs_in(staff, limited_app):
    ip = _address()
    attacker = _at_code_step(limited_app, staff, ip)
    statuses = [_code(attacker, _wrong_code(), ip).status_code for _ in range(5)]
    assert statuses == [422, 422, 422, 429, 429]
    assert _code(attacker, _right_code(limited_app), ip).status_code == 429  # even the right one
    owner_ip = _address()
    owner = _at_code_step(limited_app, staff, owner_ip)
    assert _code(owner, _right_code(limited_app), owner_ip).headers["Location"] == "/my"


def test_right_two_factor_codes_do_not_count(staff, limited_app):
    ip = _address()
    for _ in range(5):
        client = _at_code_step(limited_app, staff, ip)
        assert _code(client, _right_code(limited_app), ip).status_code == 302


def test_code_guessing_from_many_addresses_is_stopped_per_account(staff, limited_app):
    """Only a holder of the password gets here, so this limit is not a lock-out by strangers."""
    statuses = []
    for _ in range(8):
        ip = _address()
        statuses.append(_code(_at_code_step(limited_app, staff, ip), _wrong_code(), ip).status_code)
    assert statuses == [422] * 6 + [429] * 2


def test_failed_logins_of_strangers_never_block_the_owners_code_step(staff, limited_app):
    for _ in range(10):  # strangers without the password, from many addresses
        _login(limited_app.test_client(), staff, "hadam-heslo-123", _address())
    ip = _address()
    owner = _at_code_step(limited_app, staff, ip)
    assert _code(owner, _right_code(limited_app), ip).status_code == 302


def test_certificate_lookups_get_429_per_address(limited_app):
    prober, ip = limited_app.test_client(), _address()
    env = {"REMOTE_ADDR": ip}
    codes = [uuid.uuid4().hex[:22] for _ in range(5)]
    statuses = [
        prober.get(f"/certificates/{codes[0]}", environ_base=env).status_code,
        prober.get(f"/certificates/{codes[1]}/status", environ_base=env).status_code,
        prober.get(f"/certificates/{codes[2]}", environ_base=env).status_code,
        prober.get(f"/certificates/{codes[3]}/status", environ_base=env).status_code,
        prober.get(f"/certificates/{codes[4]}", environ_base=env).status_code,
    ]
    assert statuses == [404, 404, 404, 429, 429]  # the page and the status share one budget
    other = limited_app.test_client()
    assert (
        other.get(f"/certificates/{codes[0]}", environ_base={"REMOTE_ADDR": _address()}).status_code
        == 404
    )


@pytest.mark.skipif(not _redis_available() and os.environ.get("CI") != "true", reason="no Redis")
def test_redis_storage_really_holds_the_counters(app, monkeypatch):
    monkeypatch.setenv("ACADEMY_RATELIMIT_STORAGE_URI", REDIS_URL)
    limited = create_app(
        {
            **{k: app.config[k] for k in ("ENV", "DATABASE_URL", "SECRET_KEY", "MEDIA_DIR")},
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_KEY_PREFIX": RATELIMIT_PREFIX,
        }
    )
    ip = _address()
    limited.test_client().get("/certificates/neznamy-kod", environ_base={"REMOTE_ADDR": ip})
    store = redis.Redis.from_url(REDIS_URL, socket_timeout=1)
    keys = store.keys(f"*{RATELIMIT_PREFIX}*{ip}*")
    assert keys  # counted in Redis, not silently in memory
    store.delete(*keys)
