"""A copy of everything the academy holds about one person (GDPR art. 15 and 20).

Rather than a list of tables to keep up to date, it walks the schema: every table with a
column that refers to the account is included, so a feature that adds such a table is in the
export without anyone remembering to add it. Secrets (password and session hashes, the
two-factor secret, recovery codes) and binary blobs are left out.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import LargeBinary, Table, or_, select
from sqlalchemy.orm import Session

from academy.auth.models import User
from academy.db import Model, utcnow

SECRET_COLUMNS = frozenset(
    {"password_hash", "token_hash", "totp_secret", "totp_last_step", "recovery_code_hashes"}
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _row(table: Table, row: Any) -> dict[str, Any]:
    return {
        column.name: _plain(row._mapping[column])
        for column in table.columns
        if column.name not in SECRET_COLUMNS and not isinstance(column.type, LargeBinary)
    }


def person_tables() -> list[tuple[Table, list[str]]]:
    """Every table that refers to an account, with the columns that do."""
    account = User.__table__
    found = []
    for table in Model.metadata.sorted_tables:
        if table is account:
            continue
        columns = [
            fk.parent.name
            for fk in table.foreign_keys
            if fk.column.table is account and fk.column.name == "id"
        ]
        if columns:
            found.append((table, columns))
    return found


def collect(session: Session, user: User) -> dict[str, Any]:
    """The person's data as plain JSON-ready values: their account and, per table, the rows
    that refer to them (one statement per table)."""
    account = User.__table__
    data: dict[str, Any] = {
        "exported_at": utcnow().isoformat(),
        "account": _row(
            account, session.execute(select(account).where(account.c.id == user.id)).one()
        ),
        "tables": {},
    }
    for table, columns in person_tables():
        stmt = (
            select(table)
            .where(or_(*(table.c[name] == user.id for name in columns)))
            .order_by(*table.primary_key.columns)
        )
        rows = [_row(table, row) for row in session.execute(stmt)]
        if rows:
            data["tables"][table.name] = rows
    return data
