"""company logo: the storage key of a company's logo (a private file)

Revision ID: 1795603700
Revises: 1795603600
Create Date: 2026-12-07 14:00:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from academy.downgrades import refuse_to_discard

# revision identifiers, used by Alembic.
revision: str = '1795603700'
down_revision: str | Sequence[str] | None = '1795603600'
branch_labels: str | Sequence[str] | None = ()
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('company', schema=None) as batch_op:
        batch_op.add_column(sa.Column('logo', sa.String(length=200), nullable=True))


def downgrade() -> None:
    refuse_to_discard(revision, columns={'company': {'logo': None}})
    with op.batch_alter_table('company', schema=None) as batch_op:
        batch_op.drop_column('logo')
