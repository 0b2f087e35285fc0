"""Static files under fingerprinted addresses, kept by browsers for a year.

`url_for('static', filename=...)` adds `?v=<hash of the file's content>` (Flask's
url_defaults hook), so a changed file gets a new address. An answer to an address with
the current hash may be cached a year as immutable, by the browser and by nginx
(deploy/nginx-academy.conf sends the same header for `?v=`); any other address (an old
page, a typed link) keeps Flask's default: revalidate with the ETag each time.
"""

from __future__ import annotations

import hashlib
import os

from flask import Flask, Response, request
from werkzeug.security import safe_join

CACHED_FOR_A_YEAR = "public, max-age=31536000, immutable"


class Fingerprints:
    """Content hashes of the static files, re-read only when a file's mtime or size changes."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self._known: dict[str, tuple[tuple[int, int], str]] = {}

    def of(self, filename: str) -> str | None:
        path = safe_join(self.folder, filename)
        try:
            stat = os.stat(path) if path else None
        except OSError:
            return None
        if stat is None:
            return None
        version = (stat.st_mtime_ns, stat.st_size)
        known = self._known.get(filename)
        if known and known[0] == version:
            return known[1]
        with open(path, "rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()[:12]
        self._known[filename] = (version, digest)
        return digest


def init_app(app: Flask) -> None:
    fingerprints = Fingerprints(app.static_folder or "")

    @app.url_defaults
    def _fingerprint(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            digest = fingerprints.of(values["filename"])
            if digest:
                values["v"] = digest

    @app.after_request
    def _cache_fingerprinted(response: Response) -> Response:
        if (
            request.endpoint == "static"
            and response.status_code in (200, 304)
            and request.args.get("v")
            and request.args["v"] == fingerprints.of((request.view_args or {}).get("filename", ""))
        ):
            response.headers["Cache-Control"] = CACHED_FOR_A_YEAR
        return response
