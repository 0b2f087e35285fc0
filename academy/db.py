"""The declarative base, constraint naming, and SQLite settings for concurrent writers."""

from __future__ import annotations

import inspect
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import DateTime, Engine, MetaData, event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Session
from sqlalchemy.types import TypeDecorator

from academy.private_files import ensure_private_file

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given; use academy.db.utcnow()")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Model(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def drop_async_teardown(app: Any) -> None:
    """Remove Flask-SQLAlchemy-Lite's teardown for async sessions, which the academy never uses.

    It is a coroutine function, so Flask runs it through asgiref's async_to_sync at the end
    of every request: a new thread and event loop each time, measured at about 3 ms of a
    4 ms minimal request (docs/performance.md). The sync sessions' teardown stays.
    """
    app.teardown_appcontext_funcs[:] = [
        f for f in app.teardown_appcontext_funcs if not inspect.iscoroutinefunction(f)
    ]


def configure_sqlite(engine: Engine, busy_timeout_ms: int, instance_path: str = "") -> None:
    """WAL, busy timeout, foreign keys, and BEGIN IMMEDIATE for every transaction.

    pysqlite's own transaction handling is switched off so that SQLAlchemy's
    `begin` event decides: taking the write lock at BEGIN means a transaction
    never has to upgrade a read lock later, which is what fails with
    "database is locked" under concurrent writers.
    """
    if engine.dialect.name != "sqlite":
        return
    database = engine.url.database
    if database and database != ":memory:" and not database.startswith("file:"):

        @event.listens_for(engine, "do_connect")
        def _private_file(*_args: object) -> None:
            # SQLite would create the file with the umask's 0644; its -wal and -shm copy
            # the main file's mode
            path = Path(database)
            if path.parent.is_dir() or str(path.parent) == instance_path:
                ensure_private_file(path)  # a folder elsewhere is the operator's to make

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: object) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # type: ignore[attr-defined]


@contextmanager
def migrations_without_foreign_keys(contexts: Iterable[Any]) -> Iterator[None]:
    """Run migrations on SQLite with foreign keys off, then check nothing was orphaned.

    The pragma only works outside a transaction, so it is set on the migration
    connections before Alembic begins one.
    """
    raw = []
    for context in contexts:
        conn = context.connection
        if conn.dialect.name == "sqlite" and not conn.in_transaction():
            dbapi = conn.connection.dbapi_connection
            dbapi.execute("PRAGMA foreign_keys = OFF")
            raw.append((conn, dbapi))
    try:
        yield
    finally:
        for conn, dbapi in raw:
            if conn.in_transaction():
                conn.invalidate()  # never hand a connection without foreign keys back
                continue
            broken = dbapi.execute("PRAGMA foreign_key_check").fetchall()
            dbapi.execute("PRAGMA foreign_keys = ON")
            if broken:
                raise RuntimeError(f"migration left rows with broken references: {broken[:5]}")


Row = TypeVar("Row")


def insert_or_read_back(
    session: Session, row: Row, read_back: Callable[[], Row | None]
) -> tuple[Row, bool]:
    """Insert `row` unless a parallel request inserted the same unique key first.

    The one way the academy creates a row guarded by a unique constraint (an enrolment, a
    learner's progress, a hand-in, a journey map, a question): the INSERT runs in a
    savepoint; when the constraint refuses it, `read_back()` finds the winner's row.
    Returns the row and whether this call inserted it. Callers look the row up first, so
    the savepoint is paid only by a first request.
    """
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        found = read_back()
        if found is None:  # refused by another constraint: not a race, a real error
            raise
        return found, False
    return row, True
