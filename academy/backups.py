"""The database half of a backup: dump, restore and check (academy.backup_archive wraps it).

SQLite uses its online backup API (safe while the app runs); PostgreSQL uses
pg_dump / pg_restore in the custom format. A restore ends with an integrity
check: the database answers, is at the latest migration, and (SQLite) passes
PRAGMA integrity_check.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import parse_qs

import click
from flask import current_app
from sqlalchemy import text
from sqlalchemy.engine import URL, make_url

from academy.extensions import alembic, db
from academy.private_files import create_private_file, ensure_private_file


class BackupError(click.ClickException):
    pass


def _url() -> URL:
    return make_url(str(current_app.config["DATABASE_URL"]))


def _libpq(url: URL) -> tuple[str, list[str]]:
    """A libpq connection string for pg_dump/pg_restore, and the schema to limit them to."""
    options = parse_qs(f"o={url.query.get('options', '')}")["o"][0]
    schema = options.split("search_path=", 1)[1].split()[0] if "search_path=" in options else ""
    plain = url.set(drivername="postgresql").difference_update_query(["options"])
    return plain.render_as_string(hide_password=False), (["-n", schema] if schema else [])


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed; install the PostgreSQL client tools")
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def backup_database(dest: Path) -> None:
    """The database alone into `dest` (a SQLite file or a pg_dump archive), 0600."""
    url = _url()
    os.close(create_private_file(dest))
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(str(url.database))
        target = sqlite3.connect(str(dest))
        with target:
            source.backup(target)
        source.close()
        target.close()
    else:
        conn, schema = _libpq(url)
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={dest}", *schema, conn])


def restore_database(src: Path) -> None:
    """Replace the database's contents with the dump `src` (see backup_database)."""
    url = _url()
    db.engine.dispose()  # no pooled connection may hold the old database open
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
        try:
            verdict = source.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            verdict = str(exc)
        if verdict != "ok":
            raise BackupError(
                f"{src} is not a sound SQLite backup ({verdict}); nothing was restored"
            )
        ensure_private_file(Path(str(url.database)))
        target = sqlite3.connect(str(url.database), timeout=30)
        with target:
            source.backup(target)
        source.close()
        target.close()
    else:
        conn, schema = _libpq(url)
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={conn}",
                *schema,
                str(src),
            ]
        )


def check() -> None:
    """The restored database answers and sits at the latest migration."""
    with db.engine.connect() as conn:
        if _url().get_backend_name() == "sqlite":
            verdict = conn.execute(text("PRAGMA integrity_check")).scalar()
            if verdict != "ok":
                raise BackupError(f"integrity check failed: {verdict}")
        current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    heads = set(alembic.script_directory.get_heads())
    if current not in heads:
        raise BackupError(
            f"database is at {current}, the code expects {', '.join(heads)}; run `flask db upgrade`"
        )
