"""Commands run before the database was migrated say what to do, not a traceback."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from academy import create_app
from tests.conftest import FIXTURES, _postgres_url


@pytest.fixture
def empty_database_url(tmp_path: Path):
    """A database with no tables: a new SQLite file, or a new PostgreSQL schema."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    schema = f"empty_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _postgres_url(base, schema)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.mark.parametrize("args", [
    ["users", "set-role", "jiri@example.cz", "admin"],
    ["courses", "import", str(FIXTURES / "courses")],
    ["certificates", "--help"],
])  # fmt: skip
def test_a_command_before_migrating_says_to_run_db_upgrade(empty_database_url, tmp_path, args):
    app = create_app({"ENV": "testing", "DATABASE_URL": empty_database_url, "SECRET_KEY": "test",
                      "MEDIA_DIR": str(tmp_path / "media")})  # fmt: skip
    result = app.test_cli_runner().invoke(args=args)
    if args[-1] == "--help":  # reads nothing: unaffected
        assert result.exit_code == 0 and "Usage" in result.output
        return
    assert result.exit_code == 1
    assert "run `flask db upgrade` first" in result.output
    assert "Traceback" not in result.output and "SELECT" not in result.output
