"""What an operator sees: request ids, 503 for a database outage, /metrics, slow /healthz."""

from __future__ import annotations

import json
import logging
import time

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from academy.auth.models import User
from academy.extensions import db
from academy.observability.logs import JsonLines, RequestIdFilter


def _down():
    raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))


def test_database_outage_answers_503_page_with_request_id(app, client):
    app.get("/outage")(_down)
    response = client.get("/outage", headers={"X-Request-ID": "abcdef0123456789"})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.headers["X-Request-ID"] == "abcdef0123456789"
    html = response.get_data(as_text=True)
    assert "Služba je chvíli nedostupná" in html
    assert "abcdef0123456789" in html


def test_database_outage_answers_503_json_to_a_script(app, client):
    app.get("/api/outage")(_down)
    response = client.get("/api/outage")
    assert response.status_code == 503
    body = response.get_json()
    assert body["request_id"] == response.headers["X-Request-ID"]
    assert body["error"] == "Služba je chvíli nedostupná"


def test_unexpected_error_page_names_the_request_id(app, client):
    @app.get("/boom")
    def boom():
        raise RuntimeError("inner detail")

    response = client.get("/boom")
    assert response.status_code == 500
    assert response.headers["X-Request-ID"] in response.get_data(as_text=True)


def test_a_forged_request_id_is_replaced(client):
    response = client.get("/healthz", headers={"X-Request-ID": "<script>"})
    assert len(response.headers["X-Request-ID"]) == 32


def test_a_request_over_its_database_budget_answers_503(app, client, database_url):
    """On PostgreSQL a request over its budget stops with 503. On SQLite the budget does
    not apply: its writers wait their turn for the one write lock, which is not slowness
    (parallel requests there must all succeed)."""
    app.config["DB_REQUEST_BUDGET_MS"] = -1  # every second statement is over budget

    @app.get("/two-queries")
    def two_queries():
        db.session.scalar(select(User.id))
        db.session.scalar(select(User.id))
        return "done"

    response = client.get("/two-queries")
    assert response.status_code == (200 if database_url.startswith("sqlite") else 503)


def test_healthz_is_unhealthy_when_the_database_is_slow(app, client):
    app.config["HEALTH_DB_SLOW_MS"] = -1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "slow"


def test_metrics_count_answers_by_route_and_status(client):
    client.get("/courses/neexistuje")
    response = client.get("/metrics")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert 'academy_http_requests_total{method="GET",route="/courses/<slug>",status="404"}' in text
    assert 'academy_outbox_mails{state="pending"} 0.0' in text
    assert "academy_http_request_duration_seconds_bucket" in text


def test_metrics_are_not_served_through_the_proxy(client):
    response = client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.status_code == 404


def test_metrics_are_not_served_to_another_host(client):
    response = client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert response.status_code == 404


def test_json_log_line_carries_the_request_id(app):
    record = logging.LogRecord("academy", logging.WARNING, __file__, 1, "ahoj %s", ("světe",), None)
    with app.test_request_context("/x", headers={"X-Request-ID": "req-0123456789"}):
        RequestIdFilter().filter(record)
        line = json.loads(JsonLines().format(record))
    assert line["request_id"] == "req-0123456789"
    assert line["message"] == "ahoj světe"
    assert line["path"] == "/x"


def test_a_request_that_queued_too_long_is_shed_without_the_database(client):
    stale = f"t={time.time() - 30:.3f}"
    response = client.get("/courses", headers={"X-Request-Start": stale})
    assert response.status_code == 503
    assert "Služba je chvíli přetížená" in response.get_data(as_text=True)
    assert response.headers["Retry-After"] == "5"


def test_healthz_is_never_shed(client):
    response = client.get("/healthz", headers={"X-Request-Start": f"t={time.time() - 30:.3f}"})
    assert response.status_code == 200


def test_a_signed_in_learner_gets_the_503_page_when_the_database_drops(app, client, auth):
    from flask_login import current_user

    @app.get("/outage-signed-in")
    def outage_signed_in():
        assert current_user.is_authenticated  # the user row was read before the failure
        db.session.rollback()  # its attributes now need the database again
        _down()

    auth.create()
    auth.login()
    response = client.get("/outage-signed-in")
    assert response.status_code == 503
    assert "Služba je chvíli nedostupná" in response.get_data(as_text=True)


def test_metrics_still_answer_when_the_database_is_down(tmp_path):
    from academy import create_app

    app = create_app(
        {"ENV": "testing", "SECRET_KEY": "k", "DATABASE_URL": f"sqlite:///{tmp_path}/no/such.db"}
    )
    client = app.test_client()
    client.get("/healthz")
    response = client.get("/metrics")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "academy_database_up 0.0" in text
    assert 'academy_http_requests_total{method="GET",route="/healthz",status="503"}' in text
