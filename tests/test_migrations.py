"""Migrations: one head, models match, and an empty database upgrades on this backend."""

from __future__ import annotations

import os
import uuid

from sqlalchemy import create_engine, inspect, text

from academy import create_app
from academy.extensions import alembic, db
from tests.conftest import _postgres_url


def test_there_is_one_head(app):
    with app.app_context():
        assert len(alembic.script_directory.get_heads()) == 1


def test_models_match_migrations(app):
    with app.app_context():
        assert alembic.compare_metadata() == []


def test_empty_database_upgrades_to_head(tmp_path):
    base = os.environ.get("TEST_DATABASE_URL")
    schema = f"mig_{uuid.uuid4().hex[:10]}"
    if base:
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = _postgres_url(base, schema)
    else:
        url = f"sqlite:///{tmp_path}/fresh.db"
    app = create_app({"ENV": "testing", "SECRET_KEY": "k", "DATABASE_URL": url})
    try:
        with app.app_context():
            alembic.upgrade()
            tables = set(inspect(db.engine).get_table_names())
            assert {
                "user_account",
                "course",
                "module",
                "module_version",
                "enrollment",
                "module_progress",
                "alembic_version",
            } <= tables
            assert alembic.compare_metadata() == []
            db.engine.dispose()
    finally:
        if base:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
