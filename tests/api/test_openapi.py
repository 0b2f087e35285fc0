"""/api/openapi.json is a valid OpenAPI 3.1 document that describes every JSON endpoint."""

from __future__ import annotations

import inspect
import re

from openapi_spec_validator import validate

# What in a view's source says it answers JSON: a dict returned (Flask makes it JSON),
# jsonify, a JSON body read, or a JSON refusal helper.
JSON_MARKERS = re.compile(r"jsonify\(|get_json\(|return \{|return _refuse\(|openapi_document\(")
# Views that answer JSON only for errors to JSON clients, and are not JSON endpoints.
NOT_JSON_ENDPOINTS = {
    "studio_media.export_zip": "a .zip download; a 409 refusal is JSON for JSON clients",
}
METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


def _openapi_path(rule: str) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)


def _json_views(app) -> set[tuple[str, str]]:
    """(method, OpenAPI path) of every route whose view answers JSON."""
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint in NOT_JSON_ENDPOINTS or rule.endpoint == "static":
            continue
        view = inspect.unwrap(app.view_functions[rule.endpoint])
        if JSON_MARKERS.search(inspect.getsource(view)):
            for method in rule.methods & METHODS:
                found.add((method.lower(), _openapi_path(rule.rule)))
    return found


def _described(document) -> set[tuple[str, str]]:
    return {
        (method, path)
        for path, item in document["paths"].items()
        for method in item
        if method.upper() in METHODS
    }


def test_document_is_valid_openapi_3_1(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    document = response.get_json()
    assert document["openapi"].startswith("3.1")
    validate(document)  # raises on any schema error


def test_every_json_endpoint_is_described(app, client):
    document = client.get("/api/openapi.json").get_json()
    json_views = _json_views(app)
    assert len(json_views) >= 8  # the scan itself must keep finding the known endpoints
    # GET /studio/.../media only renders the page; POST answers JSON to JSON clients
    json_views.discard(("get", "/studio/courses/{slug}/media"))
    missing = json_views - _described(document)
    assert not missing, f"add these to academy/api/openapi.yaml: {sorted(missing)}"


def test_every_described_operation_exists(app, client):
    document = client.get("/api/openapi.json").get_json()
    routes = {
        (method.lower(), _openapi_path(rule.rule))
        for rule in app.url_map.iter_rules()
        for method in rule.methods & METHODS
    }
    assert _described(document) <= routes


def test_scan_finds_a_forgotten_json_view(app):
    """A new view that returns a dict is found, so forgetting to describe it fails."""

    @app.post("/studio/courses/<slug>/draft")
    def draft(slug: str):
        return {"saved": True}

    assert ("post", "/studio/courses/{slug}/draft") in _json_views(app)
