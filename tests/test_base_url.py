"""The public address: in development it follows the host and port the server runs on
(`make run PORT=5101`) unless ACADEMY_BASE_URL is set; production requires it. Commands
that serve nothing run without a secret key or address; a missing setting is one line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from academy import create_app
from academy.config import ConfigError
from tests.browser import Browser
from tests.conftest import PASSWORD

ROOT = Path(__file__).parents[1]


def _serve(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def _dev_app(app, smtp_server, **extra):
    return create_app(
        {
            "ENV": "development",
            "SECRET_KEY": "a-development-secret",
            "DATABASE_URL": app.config["DATABASE_URL"],
            "MEDIA_DIR": app.config["MEDIA_DIR"],
            "RATELIMIT_ENABLED": False,
            "MAIL_URL": f"smtp://127.0.0.1:{smtp_server[0].port}",
            "QUEUE_URL": "immediate",  # the mail is relayed at once, not by a worker
            **extra,
        }
    )


def _sign_up_over_http(port: int) -> None:
    """Sign up through the running server, as a browser on that port would."""
    browser = Browser(f"http://127.0.0.1:{port}")
    html = browser.request("/signup")[1]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    status, _ = browser.post(
        "/signup",
        {
            "email": "jana@example.cz",
            "full_name": "Jana Nová",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "consent": "y",
            "csrf_token": token,
        },
    )
    assert status == 302


def test_development_links_follow_the_port_the_server_runs_on(app, smtp_server, mailbox):
    dev = _dev_app(app, smtp_server)
    server, thread = _serve(dev)
    try:
        _sign_up_over_http(server.server_port)
    finally:
        server.shutdown()
        thread.join(timeout=10)
    [link] = mailbox.links("jana@example.cz")
    assert link.startswith(f"http://127.0.0.1:{server.server_port}/verify/")


def test_a_set_base_url_wins_in_development(app, smtp_server, mailbox):
    dev = _dev_app(app, smtp_server, BASE_URL="https://akademie.example.cz")
    server, thread = _serve(dev)
    try:
        _sign_up_over_http(server.server_port)
    finally:
        server.shutdown()
        thread.join(timeout=10)
    [link] = mailbox.links("jana@example.cz")
    assert link.startswith("https://akademie.example.cz/verify/")


def test_production_requires_the_base_url_to_serve(database_url):
    config = {
        "ENV": "production",
        "SECRET_KEY": "a-long-production-secret",
        "DATABASE_URL": database_url,
    }
    with pytest.raises(ConfigError, match="ACADEMY_BASE_URL is not set"):
        create_app(config)
    cli = create_app(config, serving=False)  # e.g. `flask courses check`
    assert cli.config["BASE_URL_FOLLOWS_REQUEST"] is False


def _flask(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ACADEMY_", "FLASK_"))}
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_course_checker_needs_no_secret_key():
    result = _flask("courses", "check", "courses/")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_serving_without_a_secret_key_says_so_in_one_line():
    result = _flask("run", "--port", "5109")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "CX akademie: ACADEMY_SECRET_KEY is not set. Set it to a long random value, e.g. "
        '`python -c "import secrets; print(secrets.token_hex(32))"`.'
    ]
