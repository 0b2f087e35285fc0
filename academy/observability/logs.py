"""A request id for every request, in every log line, in the X-Request-ID answer header and
on the error page; JSON lines in production.

nginx passes its own `$request_id` in X-Request-ID (deploy/nginx-academy.conf), so its
access log and the academy's lines share one id; without it the academy makes one.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import uuid
from datetime import UTC, datetime

from flask import Flask, Response, g, has_request_context, request

ACCEPTED = re.compile(r"[A-Za-z0-9-]{8,64}")


def request_id() -> str:
    """The current request's id ('-' outside a request)."""
    if not has_request_context():
        return "-"
    found = g.get("request_id")
    if found is None:
        incoming = request.headers.get("X-Request-ID", "")
        found = g.request_id = incoming if ACCEPTED.fullmatch(incoming) else uuid.uuid4().hex
    return found


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id()
        return True


class JsonLines(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        if has_request_context():
            entry["method"], entry["path"] = request.method, request.path
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


TEXT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


def handler_for(style: str) -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines() if style == "json" else logging.Formatter(TEXT))
    handler.addFilter(RequestIdFilter())
    return handler


def _answer_header(response: Response) -> Response:
    response.headers["X-Request-ID"] = request_id()
    return response


def init_app(app: Flask) -> None:
    """The app's logger (and the libraries', through the root logger) write with the id."""
    app.after_request(_answer_header)
    if app.config["TESTING"]:  # pytest's caplog keeps its own handlers; ids still filter in
        app.logger.addFilter(RequestIdFilter())
        return
    handler = handler_for(app.config["LOG_FORMAT"])
    app.logger.handlers[:] = [handler]
    app.logger.propagate = False
    if app.logger.level == logging.NOTSET:
        app.logger.setLevel(logging.INFO)
    root = logging.getLogger()
    if not any(isinstance(h.formatter, JsonLines) for h in root.handlers):
        root.handlers[:] = [handler_for(app.config["LOG_FORMAT"])]
        root.setLevel(logging.WARNING)
