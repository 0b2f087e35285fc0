"""One commit per request: views and services only flush; the request commits at the end.

A response with an error status, or an exception, rolls the request's transaction back,
unless the view declared with `keep_writes()` that its writes stand whatever the answer
(a failed sign-in is recorded although the page says 422).
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g, has_request_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from academy.extensions import db

_BEGUN = "academy_transaction_begun"
_KEEP = "academy_keep_writes"


def keep_writes() -> None:
    """Commit this request's writes even when its answer is an error (4xx)."""
    g.setdefault(_KEEP, True)


def _begun(session: Session, transaction, connection) -> None:  # type: ignore[no-untyped-def]
    if has_request_context():
        g.setdefault(_BEGUN, True)


def _commit_on_success(response: Response) -> Response:
    if not g.get(_BEGUN):  # the request did not touch the database
        return response
    if response.status_code < 400 or (g.get(_KEEP) and response.status_code < 500):
        db.session.commit()
        return response
    try:
        db.session.rollback()
    except Exception:  # the connection died (a database restart): nothing to undo
        current_app.logger.info("rollback on a lost connection", exc_info=True)
        db.session.invalidate()
    return response


def init_app(app: Flask) -> None:
    if not event.contains(Session, "after_begin", _begun):
        event.listen(Session, "after_begin", _begun)
    app.after_request(_commit_on_success)
