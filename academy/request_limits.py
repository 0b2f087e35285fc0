"""Hostile shapes of input every route shares, handled once: integer ids beyond what a
database column holds, and JSON nested deeper than any of our payloads.

An id past 2^63 used to raise OverflowError (SQLite), and one past 2^31 - 1 "integer out
of range" (PostgreSQL, whose id columns are INTEGER): the `int` converter now refuses
anything above 2^31 - 1, so the route answers 404 like any unknown id. JSON
nested past MAX_JSON_DEPTH (or so deep that the parser recurses out) is a ValueError, so
`request.get_json` answers 400, or None when called with `silent=True`.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.json.provider import DefaultJSONProvider
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # the largest INTEGER on PostgreSQL: our ids and attempt numbers
MAX_JSON_DEPTH = 32  # our deepest payload (a quiz's answers) is 3 levels


class BoundedIntegerConverter(IntegerConverter):
    """`<int:…>` that matches only numbers our columns can hold (0 … 2^31 - 1)."""

    def __init__(self, map, *args: Any, **kwargs: Any) -> None:  # noqa: A002
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def json_depth_exceeds(value: Any, limit: int) -> bool:
    """Whether `value` nests lists/objects more than `limit` deep (iterative, no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


class BoundedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, refusing nesting deeper than MAX_JSON_DEPTH with a ValueError."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            value = super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None
        text = s if isinstance(s, str) else s.decode("utf-8", "replace")
        if text.count("[") + text.count("{") > MAX_JSON_DEPTH and json_depth_exceeds(
            value, MAX_JSON_DEPTH
        ):
            raise ValueError("JSON nested too deeply")
        return value


def init_app(app: Flask) -> None:
    """Call before any blueprint is registered (the converter applies to rules added later)."""
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.json = BoundedJSONProvider(app)
