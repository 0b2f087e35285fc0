"""Every migration, down and up again on a database with rows in every table (16.14).

Newest first, each revision is downgraded one step and upgraded again. The downgrade either
keeps the data (the rows after the round trip are the rows before) or refuses, naming the
tables and columns that would be lost, and changes nothing; confirmed, it loses exactly
what it named (and the summary tables its module lists in REBUILT are rebuilt). Migrations
added later are picked up from the script directory; one that drops data without saying so
fails here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import inspect, text

from academy import create_app
from academy.db import Model
from academy.downgrades import DowngradeRefused, discarding
from academy.extensions import alembic, db

# Shard numbers are arbitrary: folding the shards back (1795601000) keeps each module's sums.
OVERRIDES = {("module_funnel", "shard"): 0}
SKIPPED_TABLES = {"alembic_version"}


def _value(column: sa.Column) -> Any:
    key = (column.table.name, column.name)
    if key in OVERRIDES:
        return OVERRIDES[key]
    kind = column.type
    if isinstance(kind, sa.types.TypeDecorator):
        kind = kind.impl_instance
    if isinstance(kind, sa.Enum):
        return kind.enums[0]
    if isinstance(kind, sa.JSON):
        return {"zachováno": "ano"}
    python = kind.python_type
    if python is bool:
        return True
    if python is int:
        return 1
    if python is float:
        return 1.5
    if python is Decimal:
        return Decimal("1.5")
    if python is datetime:
        return datetime(2026, 11, 30, 8, 15, tzinfo=UTC)
    if python is date:
        return date(2026, 11, 30)
    if python is bytes:
        return b"%PDF"
    if python is str:
        return "Šťastný"[: getattr(kind, "length", None) or 20]
    raise AssertionError(f"no sample value for {key} ({kind!r}); add one here")


def populate() -> None:
    """One row in every table of the models (ids and references all 1)."""
    with db.engine.begin() as conn:
        for table in Model.metadata.sorted_tables:
            row = {c.name: _value(c) for c in table.columns if c.computed is None}
            conn.execute(table.insert().values(**row))


def snapshot() -> dict[str, list[dict[str, str]]]:
    """Every row of every table there is now, as text, in a stable order."""
    found = {}
    with db.engine.connect() as conn:
        for name in sorted(set(inspect(conn).get_table_names()) - SKIPPED_TABLES):
            if name.startswith("search_fts"):  # SQLite's full-text index of search_entry
                continue
            rows = conn.execute(text(f'SELECT * FROM "{name}"')).mappings().all()
            found[name] = sorted(({k: repr(v) for k, v in r.items()} for r in rows), key=repr)
    return found


def without(rows: dict, losses: dict[str, list[str] | None], rebuilt: tuple) -> dict:
    kept = {}
    for table, table_rows in rows.items():
        if table in rebuilt or (table in losses and losses[table] is None):
            continue
        gone = set(losses.get(table) or [])
        kept[table] = [{k: v for k, v in r.items() if k not in gone} for r in table_rows]
    return kept


def current(app) -> str | None:
    with app.app_context():
        heads = [r.revision for r in alembic.current() if r is not None]
        return heads[0] if heads else None


@pytest.mark.slow
def test_every_migration_keeps_its_data_or_names_what_it_would_lose(empty_database_url):
    app = create_app({"ENV": "testing", "SECRET_KEY": "k", "DATABASE_URL": empty_database_url})
    with app.app_context():
        alembic.upgrade()
    with app.app_context():
        populate()
        assert all(rows for rows in snapshot().values()), "every table has a row"
        scripts = list(alembic.script_directory.walk_revisions())  # newest first
    refused = {}
    for script in scripts:
        below = script.down_revision or "base"
        with app.app_context():
            before = snapshot()
        losses: dict[str, list[str] | None] = {}
        try:
            with app.app_context(), discarding(False):
                alembic.downgrade(below)
        except DowngradeRefused as exc:
            losses = exc.losses
            refused[script.revision] = losses
            assert current(app) == script.revision
            with app.app_context():
                assert snapshot() == before, f"{script.revision} refused but changed rows"
            assert all(name in str(exc) for name in losses), str(exc)
            with app.app_context(), discarding(True):
                alembic.downgrade(below)
        assert current(app) == script.down_revision
        with app.app_context():
            alembic.upgrade(script.revision)
        with app.app_context():
            after = snapshot()
        rebuilt = tuple(getattr(script.module, "REBUILT", ()))
        # columns the upgrade computes from others (e.g. a folded search text) come back
        # recomputed, not as the test wrote them
        derived = {t: list(c) for t, c in getattr(script.module, "DERIVED", {}).items()}
        losses = {
            t: (None if cols is None else [*cols, *derived.get(t, [])])
            for t, cols in {**derived, **losses}.items()
        }
        assert without(after, losses, rebuilt) == without(before, losses, rebuilt), (
            f"migration {script.revision}: down and up again changed rows it did not name"
        )
        with app.app_context(), discarding(True):  # on to the next migration down
            alembic.downgrade(below)
    assert current(app) is None
    # the migrations that hold people's data refused before they were confirmed
    assert refused["1795600000"] == {"module_draft": None}
    assert refused["1795592181"] == {"user_account": ["email_verified_at"]}
    with app.app_context():
        db.engine.dispose()


def test_flask_db_downgrade_takes_revision_ids_and_refuses_to_lose_data(empty_database_url):
    app = create_app({"ENV": "testing", "SECRET_KEY": "k", "DATABASE_URL": empty_database_url})
    runner = app.test_cli_runner()
    with app.app_context():
        alembic.upgrade()
    with app.app_context():
        populate()  # among others a user whose language is set
    with app.app_context():  # flask-alembic's `db` group needs one, as `flask` gives it
        # below the migrations this test is about, whatever later ones hold
        result = runner.invoke(args=["db", "downgrade", "1795601000", "--discard-data"])
    assert result.exit_code == 0, result.output
    head = current(app)
    with app.app_context():
        result = runner.invoke(args=["db", "downgrade", "1795599000"])
    assert result.exit_code == 1
    assert "would delete: table module_draft (1 rows). Nothing was changed." in result.output
    assert current(app) == head  # the steps above the refusing one are undone too
    with app.app_context():
        db.session.execute(text("DELETE FROM module_draft"))
        db.session.commit()
        result = runner.invoke(args=["db", "downgrade", "1795599000"])
    assert result.exit_code == 0, result.output
    assert "The database is at 1795599000." in result.output
    with app.app_context():
        result = runner.invoke(args=["db", "downgrade", "1795594902"])
    assert result.exit_code == 1
    assert "would delete: user_account.language (1 rows)" in result.output
    assert "--discard-data" in result.output
    assert current(app) == "1795599000"
    with app.app_context():
        result = runner.invoke(args=["db", "downgrade", "1795594902", "--discard-data"])
    assert result.exit_code == 0, result.output
    assert current(app) == "1795594902"
    with app.app_context():  # a small number is still a count of steps
        result = runner.invoke(args=["db", "downgrade", "1", "--discard-data"])
    assert result.exit_code == 0, result.output
    assert current(app) == "1795596199"
    with app.app_context():
        db.engine.dispose()
