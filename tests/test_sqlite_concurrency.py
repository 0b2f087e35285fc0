"""SQLite under concurrent writers: WAL, busy timeout, BEGIN IMMEDIATE."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from academy.extensions import db

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")), reason="SQLite pragmas apply to SQLite only"
)


def test_sqlite_connection_settings(app):
    with app.app_context(), db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 15000
