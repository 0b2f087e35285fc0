"""/healthz for load balancers and operators."""

from __future__ import annotations

import time

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from academy.extensions import db
from academy.notifications import outbox
from academy.notifications.queue import queue_state

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    started = time.perf_counter()
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError:
        current_app.logger.exception("health check: database unreachable")
        return jsonify(status="error", database="error"), 503
    took_ms = round((time.perf_counter() - started) * 1000)
    if took_ms > current_app.config["HEALTH_DB_SLOW_MS"]:
        # Out of the balancer while the database is this slow: requests would pile up.
        current_app.logger.warning("health check: database answered in %d ms", took_ms)
        return jsonify(status="error", database="slow", database_ms=took_ms), 503
    # The queue being down does not take the node out of the balancer: requests still
    # succeed and mails wait in the outbox. It shows as "degraded" for the operator.
    state = queue_state(current_app._get_current_object())  # type: ignore[attr-defined]
    mails = outbox.depth(db.session)
    return jsonify(
        status="ok" if state == "ok" else "degraded",
        database="ok",
        queue=state,
        outbox=mails,
    )
