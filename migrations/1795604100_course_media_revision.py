"""course media revision: raised when a course's file may have changed under its name, so
every node's working copy follows the bucket

Revision ID: 1795604100
Revises: 1795604000
Create Date: 2026-12-07 23:00:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '1795604100'
down_revision: str | Sequence[str] | None = '1795604000'
branch_labels: str | Sequence[str] | None = ()
depends_on: str | Sequence[str] | None = None
# tests/test_migration_roundtrip.py: what the upgrade sets afresh rather than keeps
DERIVED = {'course': ('media_revision',)}


def upgrade() -> None:
    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('media_revision', sa.Integer(), server_default='0', nullable=False)
        )


def downgrade() -> None:
    # a stamp, not data: after down and up again it starts at 0 and every node's working
    # copy of the files is fetched again, as after any media change (hence DERIVED)
    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.drop_column('media_revision')
