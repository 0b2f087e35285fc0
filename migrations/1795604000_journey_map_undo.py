"""journey map undo: each map's bounded undo/redo history of whole-map states

Revision ID: 1795604000
Revises: 1795603900
Create Date: 2026-12-07 22:30:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import academy.db
from academy.downgrades import refuse_to_discard

# revision identifiers, used by Alembic.
revision: str = "1795604000"
down_revision: str | Sequence[str] | None = "1795603900"
branch_labels: str | Sequence[str] | None = ()
depends_on: str | Sequence[str] | None = None

TABLES = ("journey_map_step",)


def upgrade() -> None:
    op.create_table(
        "journey_map_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("map_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=4), nullable=False),
        sa.Column("change", sa.String(length=20), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", academy.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["map_id"],
            ["journey_map.id"],
            name=op.f("fk_journey_map_step_map_id_journey_map"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journey_map_step")),
        sa.UniqueConstraint("map_id", "revision", name=op.f("uq_journey_map_step_map_id_revision")),
    )


def downgrade() -> None:
    refuse_to_discard(revision, tables=TABLES)
    op.drop_table("journey_map_step")
