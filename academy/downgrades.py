"""What a migration's downgrade may throw away, and `flask db downgrade` with revision ids.

A downgrade that drops a table or a column holding data calls `refuse_to_discard` first:
when any of them holds something the upgrade would not bring back, it stops with a message
naming each table and column and how many rows, and nothing changes, until the operator
confirms with `flask db downgrade REVISION --discard-data` (or ACADEMY_DOWNGRADE_DISCARD=1).
Summary tables that the upgrade rebuilds from other rows are listed in a migration's
`REBUILT` instead, and columns it computes from other columns in `DERIVED`
({table: [column, ...]}); they need no confirmation.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager

import click
from alembic import op
from flask.cli import with_appcontext
from flask_alembic.cli import cli as db_cli
from sqlalchemy import text

from academy.extensions import alembic

CONFIRM_VARIABLE = "ACADEMY_DOWNGRADE_DISCARD"


class DowngradeRefused(RuntimeError):
    """`losses`: table -> None (the whole table) or the columns whose values would go."""

    def __init__(self, revision: str, losses: dict[str, list[str] | None], counts: list[str]):
        self.revision, self.losses = revision, losses
        super().__init__(
            f"Downgrading below migration {revision} would delete: {'; '.join(counts)}. "
            "Nothing was changed. To go ahead and lose this data, run "
            "`flask db downgrade REVISION --discard-data` (or set "
            f"{CONFIRM_VARIABLE}=1); back up first with `flask db backup FILE`."
        )


def discard_confirmed() -> bool:
    return os.environ.get(CONFIRM_VARIABLE, "").strip().lower() in ("1", "true", "yes")


def refuse_to_discard(
    revision: str,
    tables: Iterable[str] = (),
    columns: Mapping[str, Mapping[str, str | None]] | None = None,
) -> None:
    """Raise DowngradeRefused unless the `tables` are empty and the `columns` hold only
    what the upgrade would recreate ({table: {column: the value the upgrade sets, as text,
    or None for NULL}}), or the operator confirmed."""
    bind = op.get_bind()
    losses: dict[str, list[str] | None] = {}
    counts = []
    for table in tables:
        rows = bind.execute(text(f'SELECT COUNT(*) FROM "{table}"')).scalar_one()
        if rows:
            losses[table] = None
            counts.append(f"table {table} ({rows} rows)")
    for table, recreated in (columns or {}).items():
        for column, value in recreated.items():
            condition = f'"{column}" IS NOT NULL'
            if value is not None:
                condition += f' AND CAST("{column}" AS TEXT) <> :value'
            rows = bind.execute(
                text(f'SELECT COUNT(*) FROM "{table}" WHERE {condition}'), {"value": value}
            ).scalar_one()
            if rows:
                losses.setdefault(table, [])
                losses[table].append(column)  # type: ignore[union-attr]
                counts.append(f"{table}.{column} ({rows} rows)")
    if losses and not discard_confirmed():
        raise DowngradeRefused(revision, losses, counts)


@contextmanager
def discarding(confirmed: bool) -> Iterator[None]:
    """Within: downgrades may discard data (the operator said so)."""
    before = os.environ.get(CONFIRM_VARIABLE)
    if confirmed:
        os.environ[CONFIRM_VARIABLE] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(CONFIRM_VARIABLE, None)
        else:
            os.environ[CONFIRM_VARIABLE] = before


def downgrade_target(target: str) -> str:
    """A revision id as it is (ids here are numbers); a small number is a count of steps."""
    if target == "base" or _known(target):
        return target
    try:
        steps = int(target)
    except ValueError:
        return target  # alembic's own message for an unknown name
    return f"-{abs(steps)}"


def _known(target: str) -> bool:
    try:
        return alembic.script_directory.revision_map.get_revision(target) is not None
    except Exception:  # noqa: BLE001 (alembic raises several kinds for an unknown id)
        return False


# flask-alembic's `downgrade` reads every number as a count of steps, revision ids included.
db_cli.commands.pop("downgrade", None)


@db_cli.command("downgrade")
@click.argument("target", default="-1")
@click.option(
    "--discard-data",
    is_flag=True,
    help="Go ahead even where the downgrade deletes data (the refusal lists what).",
)
@with_appcontext
def downgrade_command(target: str, discard_data: bool) -> None:
    """Downgrade to revision TARGET (an id, `base`, or a number of steps, default 1)."""
    try:
        with discarding(discard_data):
            alembic.downgrade(downgrade_target(target))
    except DowngradeRefused as exc:
        raise click.ClickException(str(exc)) from None
    current = ", ".join(r.revision for r in alembic.current() if r is not None) or "base"
    click.echo(f"The database is at {current}.")
