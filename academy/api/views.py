"""/api/openapi.json: the OpenAPI document of every JSON endpoint (kept in openapi.yaml)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api")
DOCUMENT = Path(__file__).with_name("openapi.yaml")


@cache
def openapi_document() -> dict[str, Any]:
    """The document as a dict, read once per process."""
    return yaml.safe_load(DOCUMENT.read_text("utf-8"))


@bp.get("/openapi.json")
def openapi():
    return openapi_document()
