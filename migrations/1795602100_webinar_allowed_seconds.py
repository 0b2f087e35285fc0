"""webinar allowed seconds: how much playback the server's clock has allowed a learner in a
recording, so credited watching never outruns real time at the fastest speed

Revision ID: 1795602100
Revises: 1795601000
Create Date: 2026-12-07 02:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '1795602100'
down_revision: Union[str, Sequence[str], None] = '1795601000'
branch_labels: Union[str, Sequence[str], None] = ()
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('webinar_progress') as batch_op:
        batch_op.add_column(
            sa.Column('allowed_seconds', sa.Float(), nullable=False, server_default='0')
        )
    # What was credited before stays credited: the allowance starts where the watching is.
    op.execute("UPDATE webinar_progress SET allowed_seconds = watched_seconds")
    with op.batch_alter_table('webinar_progress') as batch_op:
        batch_op.alter_column('allowed_seconds', server_default=None)


def downgrade() -> None:
    # Nothing a learner did is lost: watched_seconds and the intervals stay, and upgrading
    # again starts the allowance at the watched seconds.
    with op.batch_alter_table('webinar_progress') as batch_op:
        batch_op.drop_column('allowed_seconds')
