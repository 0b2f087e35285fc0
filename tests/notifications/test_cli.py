"""`flask jobs …`: relay the outbox by hand; the worker refuses an in-place queue."""

from __future__ import annotations

import pytest

from academy import create_app
from academy.config import ConfigError
from tests.notifications.conftest import rows, signup


def test_jobs_relay_sends_what_waits(mail_app, client, smtp):
    mail_app.config["QUEUE_URL"] = "redis://127.0.0.1:1/0"  # queue down: the mail waits
    signup(client)
    assert list(smtp.box) == []
    result = mail_app.test_cli_runner().invoke(args=["jobs", "relay"])
    assert result.exit_code == 0 and result.output == "sent: 1\n"
    assert [m["To"] for m in smtp.box] == ["jiri@example.cz"]
    assert mail_app.test_cli_runner().invoke(args=["jobs", "relay"]).output == "nothing due\n"
    assert rows(mail_app)[0].state.value == "sent"


def test_worker_says_an_immediate_queue_needs_none(app, runner):
    result = runner.invoke(args=["jobs", "worker"])
    assert result.exit_code == 2
    assert "ACADEMY_QUEUE_URL=immediate runs jobs in place; no worker needed." in result.output


def test_a_bad_queue_url_stops_the_app_with_a_message(database_url):
    with pytest.raises(ConfigError, match="ACADEMY_QUEUE_URL='amqp://x' is not usable"):
        create_app({"ENV": "testing", "DATABASE_URL": database_url, "QUEUE_URL": "amqp://x"})
