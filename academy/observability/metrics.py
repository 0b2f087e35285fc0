"""Prometheus metrics at /metrics, for the operator only.

Under gunicorn, deploy/gunicorn.conf.py sets PROMETHEUS_MULTIPROC_DIR before the app is
imported, so every worker writes its counters to files there and a scrape adds them up
(prometheus_client's multiprocess mode). Without it (`make run`, tests) one process counts.

Who may read it: a request straight to gunicorn from the host itself (no X-Forwarded-For:
nginx always sets one, and deploy/nginx-academy.conf answers 404 for /metrics anyway);
anyone else gets the ordinary 404 page. Prometheus scrapes http://127.0.0.1:8000/metrics.
"""

from __future__ import annotations

import ipaddress
import os
import time

# prometheus_client picks its multiprocess mode when imported; its folder must exist by then.
if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], mode=0o700, exist_ok=True)

from flask import Blueprint, Flask, Response, abort, current_app, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import event, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.pool import Pool

bp = Blueprint("metrics", __name__)

REQUESTS = Counter(
    "academy_http_requests_total",
    "Answers by route, method and status",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "academy_http_request_duration_seconds",
    "Time from the request's start to its answer, by route",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
ERRORS = Counter("academy_http_errors_total", "Answers with a status of 400 or more", ["status"])
DB_UNAVAILABLE = Counter(
    "academy_db_unavailable_total",
    "Requests answered 503 because the database failed or was slow",
    ["reason"],
)
POOL_IN_USE = Gauge(
    "academy_db_pool_connections_in_use",
    "Database connections checked out of the pools",
    multiprocess_mode="livesum",
)
POOL_OPEN = Gauge(
    "academy_db_pool_connections_open",
    "Database connections the pools hold open",
    multiprocess_mode="livesum",
)


def _route() -> str:
    rule = request.url_rule
    return rule.rule if rule is not None else "(unmatched)"


def _note_route() -> None:
    request.environ["academy.route"] = _route()


class Measured:
    """WSGI middleware: counts every answer and its time, whatever path it took (an error
    handler, a failing after_request function), by the route Flask matched."""

    def __init__(self, wsgi) -> None:  # type: ignore[no-untyped-def]
        self.wsgi = wsgi

    def __call__(self, environ, start_response):  # type: ignore[no-untyped-def]
        started = time.perf_counter()

        def start(status: str, headers, exc_info=None):  # type: ignore[no-untyped-def]
            environ["academy.status"] = status.split(" ", 1)[0]
            return start_response(status, headers, exc_info)

        try:
            return self.wsgi(environ, start)
        finally:
            route = environ.get("academy.route", "(unmatched)")
            status = environ.get("academy.status", "500")
            if route != "/metrics":
                method = environ.get("REQUEST_METHOD", "")
                REQUESTS.labels(route, method, status).inc()
                if int(status) >= 400:
                    ERRORS.labels(status).inc()
                LATENCY.labels(route, method).observe(time.perf_counter() - started)


def _on_checkout(*_args) -> None:  # type: ignore[no-untyped-def]
    POOL_IN_USE.inc()


def _on_checkin(*_args) -> None:  # type: ignore[no-untyped-def]
    POOL_IN_USE.dec()


def _on_connect(*_args) -> None:  # type: ignore[no-untyped-def]
    POOL_OPEN.inc()


def _on_close(*_args) -> None:  # type: ignore[no-untyped-def]
    POOL_OPEN.dec()


class OutboxCollector:
    """Read at scrape time from the database and the queue: the truth, not a counter."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def collect(self):  # type: ignore[no-untyped-def]
        from academy.db import utcnow
        from academy.extensions import db
        from academy.notifications.models import MailState, OutboxMail
        from academy.notifications.queue import huey_for

        mails = GaugeMetricFamily(
            "academy_outbox_mails",
            "Mails in the outbox by state (sent, failed, bounced, ...)",
            labels=["state"],
        )
        oldest = GaugeMetricFamily(
            "academy_outbox_oldest_pending_seconds", "Age of the oldest mail waiting to be sent"
        )
        queue = GaugeMetricFamily("academy_queue_depth", "Jobs waiting in the job queue")
        up = GaugeMetricFamily("academy_queue_up", "1 when the job queue's storage answers")
        database = GaugeMetricFamily(
            "academy_database_up", "1 when the outbox could be read from the database"
        )
        try:
            with Session(db.engine) as session:
                counts = dict(
                    session.execute(
                        select(OutboxMail.state, func.count()).group_by(OutboxMail.state)
                    ).all()
                )
                first = session.scalar(
                    select(func.min(OutboxMail.created_at)).where(
                        OutboxMail.state == MailState.PENDING
                    )
                )
        except SQLAlchemyError:  # the workers' own metrics still answer while it is down
            database.add_metric([], 0)
            yield database
        else:
            database.add_metric([], 1)
            for state in MailState:
                mails.add_metric([state.value], counts.get(state, 0))
            now = utcnow()
            if first is not None and first.tzinfo is None:
                first = first.replace(tzinfo=now.tzinfo)
            oldest.add_metric([], (now - first).total_seconds() if first else 0)
            yield from (database, mails, oldest)
        try:
            depth = huey_for(self.app).pending_count()
        except Exception:
            up.add_metric([], 0)
        else:
            up.add_metric([], 1)
            queue.add_metric([], depth)
        yield from (queue, up) if queue.samples else (up,)


def _operator_only() -> None:
    if "X-Forwarded-For" in request.headers or "Forwarded" in request.headers:
        abort(404)
    try:
        if not ipaddress.ip_address(request.remote_addr or "").is_loopback:
            abort(404)
    except ValueError:
        abort(404)


@bp.get("/metrics")
def metrics():
    _operator_only()
    shared = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if shared and os.path.isdir(shared):
        workers = CollectorRegistry()
        multiprocess.MultiProcessCollector(workers)
    else:
        workers = REGISTRY
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    outbox = CollectorRegistry()
    outbox.register(OutboxCollector(app))
    body = generate_latest(workers) + generate_latest(outbox)
    return Response(body, content_type=CONTENT_TYPE_LATEST)


def init_app(app: Flask) -> None:
    # first of all before_request functions, so a refusal by a later one is timed too
    from academy.observability.database import shed_stale_request

    befores = app.before_request_funcs.setdefault(None, [])
    befores[:0] = [_note_route, shed_stale_request]
    app.wsgi_app = Measured(app.wsgi_app)  # type: ignore[method-assign]
    app.register_blueprint(bp)
    if not event.contains(Pool, "checkout", _on_checkout):
        event.listen(Pool, "checkout", _on_checkout)
        event.listen(Pool, "checkin", _on_checkin)
        event.listen(Pool, "connect", _on_connect)
        event.listen(Pool, "close", _on_close)
