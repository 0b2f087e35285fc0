"""live recording playback: what a registrant really played on the public recording page

Revision ID: 1795603900
Revises: 1795603800
Create Date: 2026-12-07 18:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import academy.db
from academy.downgrades import refuse_to_discard

# revision identifiers, used by Alembic.
revision: str = "1795603900"
down_revision: str | Sequence[str] | None = "1795603800"
branch_labels: str | Sequence[str] | None = ()
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    "recording_intervals",
    "recording_seconds",
    "recording_allowed_seconds",
    "recording_duration",
    "recording_heartbeat_at",
)


def upgrade() -> None:
    with op.batch_alter_table("live_registration", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("recording_intervals", sa.JSON(), nullable=False, server_default="[]")
        )
        batch_op.add_column(
            sa.Column("recording_seconds", sa.Float(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("recording_allowed_seconds", sa.Float(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("recording_duration", sa.Float(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column(
                "recording_heartbeat_at", academy.db.UTCDateTime(timezone=True), nullable=True
            )
        )
    # existing registrations got the defaults above; new rows get them from the model
    with op.batch_alter_table("live_registration", schema=None) as batch_op:
        for column in COLUMNS[:-1]:
            batch_op.alter_column(column, server_default=None)


def downgrade() -> None:
    # A zero float reads back as '0.0' in SQLite and '0' in PostgreSQL.
    zero = "0.0" if op.get_bind().dialect.name == "sqlite" else "0"
    refuse_to_discard(
        revision,
        columns={
            "live_registration": {
                "recording_intervals": "[]",
                "recording_seconds": zero,
                "recording_allowed_seconds": zero,
                "recording_duration": zero,
                "recording_heartbeat_at": None,
            }
        },
    )
    with op.batch_alter_table("live_registration", schema=None) as batch_op:
        for column in reversed(COLUMNS):
            batch_op.drop_column(column)
