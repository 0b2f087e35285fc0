"""The academy plus one minimal route, for the benchmark's baseline (never in production)."""

from flask import Response

from academy import create_app

app = create_app()


@app.get("/_bench/minimal/<int:size>")
def minimal(size: int) -> Response:
    return Response(b"x" * size, mimetype="text/html")
