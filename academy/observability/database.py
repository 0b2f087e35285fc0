"""The database failing or slow answers 503 (page or JSON) quickly, never a 500.

- Unreachable, restarted, or a connection dropped mid-request: SQLAlchemy's OperationalError
  or InterfaceError (the pool's pre-ping replaces dead connections for the next request).
- No free connection in the pool within its timeout: sqlalchemy.exc.TimeoutError.
- Slow: a request whose statements have run for DB_REQUEST_BUDGET_MS stops before its next
  one (DatabaseTooSlow), so workers do not pile up behind a slow database. On PostgreSQL
  only: on SQLite (development, one node) writers wait their turn for the write lock.
"""

from __future__ import annotations

import time

from flask import current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine
from werkzeug.exceptions import ServiceUnavailable


class DatabaseTooSlow(Exception):
    """The request used up its time budget for the database."""


def outage_reason(exc: BaseException | None) -> str | None:
    """'unreachable', 'pool' or 'slow' when `exc` (or what it wraps) is a database outage."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, DatabaseTooSlow):
            return "slow"
        if isinstance(exc, sa_exc.TimeoutError):
            return "pool"
        if isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError):
            return "unreachable"
        if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
            return "unreachable"
        exc = getattr(exc, "original_exception", None) or exc.__cause__
        seen += 1
    return None


def _before(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
    """Time spent in statements only (not in hashing or writing an upload) counts."""
    if not has_request_context() or conn.dialect.name == "sqlite":
        # SQLite's writers queue for its one write lock (busy_timeout): that wait is how
        # parallel requests take turns there, not a slow database
        return
    budget = current_app.config["DB_REQUEST_BUDGET_MS"] / 1000
    if g.get("db_seconds", 0.0) > budget:
        raise DatabaseTooSlow(f"this request's statements took over {budget:.1f} s")
    g.db_statement_started = time.perf_counter()


def _after(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
    if has_request_context() and (started := g.pop("db_statement_started", None)) is not None:
        g.db_seconds = g.get("db_seconds", 0.0) + time.perf_counter() - started


class QueuedTooLong(ServiceUnavailable):
    """A request that waited too long in the queue, refused before any database work;
    academy.errors answers it (a plain 503 with Retry-After)."""

    def __init__(self, waited: float) -> None:
        super().__init__()
        self.waited = waited


def shed_stale_request():  # type: ignore[no-untyped-def]
    """503 at once, without the database, for a request that waited too long in the queue."""
    header = request.headers.get("X-Request-Start", "")
    if not header.startswith("t="):
        return None
    try:
        waited = time.time() - float(header[2:])
    except ValueError:
        return None
    if waited * 1000 <= current_app.config["QUEUE_TIMEOUT_MS"] or request.path == "/healthz":
        return None
    raise QueuedTooLong(waited)


def init_app() -> None:
    if not event.contains(Engine, "before_cursor_execute", _before):
        event.listen(Engine, "before_cursor_execute", _before)
        event.listen(Engine, "after_cursor_execute", _after)
