"""What every `flask` command group of the academy shares."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy.exc import DBAPIError

# SQLSTATEs of PostgreSQL for a table or column that does not exist
UNDEFINED = {"42P01", "42703"}
NOT_MIGRATED = (
    "The database has no academy tables yet, or an older schema: run `flask db upgrade` "
    "first (`make run` does it)."
)


def _not_migrated(error: DBAPIError) -> bool:
    if getattr(error.orig, "sqlstate", None) in UNDEFINED:
        return True
    message = str(error.orig)
    return message.startswith(("no such table", "no such column"))  # SQLite


class Commands(AppGroup):
    """A command group whose commands, run against a database that was never migrated,
    say so in one line instead of printing SQLAlchemy's traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DBAPIError as error:
            if not _not_migrated(error):
                raise
            raise click.ClickException(NOT_MIGRATED) from None
