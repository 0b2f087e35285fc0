"""The real queue and worker: a sign-up's mail is queued by the request and sent by Huey's
consumer, on Redis (production) and on the SQLite file of `make run`. Under CI=true a missing
Redis fails the Redis run instead of skipping it."""

from __future__ import annotations

import os
import uuid

import pytest
import redis

from tests.notifications.conftest import make_app, rows, signup
from tests.worker import running_worker, wait_for

REDIS_URL = "redis://127.0.0.1:6379/1"


def _redis_available() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def _queues():
    yield pytest.param("sqlite", id="sqlite-file")
    if _redis_available() or os.environ.get("CI") == "true":
        yield pytest.param(REDIS_URL, id="redis")
    else:
        yield pytest.param(REDIS_URL, id="redis", marks=pytest.mark.skip("Redis is not running"))


@pytest.mark.parametrize("queue", list(_queues()))
def test_the_worker_sends_what_the_request_queued(app, database_url, tmp_path, smtp, queue):
    url = f"sqlite:///{tmp_path / 'queue.sqlite3'}" if queue == "sqlite" else queue
    name = f"academy-test-{uuid.uuid4().hex[:8]}"  # apart from other runs sharing the Redis
    worker_app = make_app(database_url, tmp_path, smtp, QUEUE_URL=url, QUEUE_NAME=name)
    client = worker_app.test_client()
    assert signup(client).status_code == 302
    assert list(smtp.box) == []  # the request only wrote the row and queued the relay
    (row,) = rows(worker_app)
    assert row.state.value == "pending"
    with running_worker(worker_app):
        (message,) = wait_for(lambda: list(smtp.box))
    assert message["To"] == "jiri@example.cz"
    assert rows(worker_app)[0].state.value == "sent"
    if queue != "sqlite":
        redis.Redis.from_url(REDIS_URL).delete(
            *(redis.Redis.from_url(REDIS_URL).keys(f"*{name}*") or ["-"])
        )
