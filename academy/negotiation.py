"""Whether a request comes from a script, so that its errors and refusals are answered in JSON."""

from __future__ import annotations

from flask import request


def wants_json() -> bool:
    """A script's request (a JSON body, a .json or /api/ address, or JSON preferred to
    HTML): its errors and refusals are answered in JSON."""
    if request.is_json or request.path.startswith("/api/") or request.path.endswith(".json"):
        return True
    return (
        request.accept_mimetypes.best_match(["application/json", "text/html"]) == "application/json"
    )
