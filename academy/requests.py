"""One commit per request: views and services only flush; the request commits at the end.

A response with an error status, or an exception, leaves the transaction to be
rolled back when Flask-SQLAlchemy-Lite closes the session at teardown.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g


def _commit_on_success(response: Response) -> Response:
    sessions = g.get("_sqlalchemy_sessions") or {}
    for session in sessions.values():
        if response.status_code < 400:
            session.commit()
        else:
            try:
                session.rollback()
            except Exception:  # the connection died (a database restart): nothing to undo
                current_app.logger.info("rollback on a lost connection", exc_info=True)
                session.invalidate()
    return response


def init_app(app: Flask) -> None:
    app.after_request(_commit_on_success)
