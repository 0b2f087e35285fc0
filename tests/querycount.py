"""Counting the SQL statements a block of code sends, for upper bounds on pages.

Counts every statement on the app's engine (SQLite's BEGIN IMMEDIATE included), so a
bound holds on both backends. Timings never go in tests; statement counts do.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from academy.extensions import db


@contextmanager
def count_statements(app) -> Iterator[list[str]]:
    """Yield a list that fills with the statements executed while the block runs."""
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def before(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


def page_statements(app, client, url: str, status: int = 200) -> list[str]:
    """The statements of the second GET of `url` (the first may write once, e.g. the
    session's last-seen time or the first visit of a module)."""
    client.get(url)
    with count_statements(app) as statements:
        response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return statements
