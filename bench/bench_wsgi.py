"""The academy plus one minimal route, for the benchmark's baseline (never in production)."""

from flask import Response

from academy import create_app
from academy.webinars import media

app = create_app()


@app.get("/_bench/minimal/<int:size>")
def minimal(size: int) -> Response:
    return Response(b"x" * size, mimetype="text/html")


@app.get("/_bench/x-accel/<slug>/<path:filename>")
def x_accel(slug: str, filename: str) -> Response:
    """The least any Flask route handing a file to nginx can cost: no access check at all.
    Measured next to the video scenario: the floor that no access check can go below."""
    return media.serve(slug, filename, private=True)
