"""funnel shards: each module's counters over several rows, so finishing learners do not
queue for one locked row

Revision ID: 1795601000
Revises: 1795600000
Create Date: 2026-11-29 18:20:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '1795601000'
down_revision: Union[str, Sequence[str], None] = '1795600000'
branch_labels: Union[str, Sequence[str], None] = ()
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Existing counters become shard 0 of their module; the sums stay what they were.
    with op.batch_alter_table('module_funnel') as batch_op:
        batch_op.add_column(sa.Column('shard', sa.Integer(), nullable=False, server_default='0'))
        batch_op.drop_constraint('pk_module_funnel', type_='primary')
        batch_op.create_primary_key('pk_module_funnel', ['module_id', 'shard'])
    with op.batch_alter_table('module_funnel') as batch_op:
        batch_op.alter_column('shard', server_default=None)


def downgrade() -> None:
    # Fold the shards back into one row per module.
    op.execute(
        "CREATE TEMPORARY TABLE module_funnel_sum AS SELECT module_id, SUM(reached) AS reached, "
        "SUM(completed) AS completed FROM module_funnel GROUP BY module_id"
    )
    op.execute("DELETE FROM module_funnel")
    with op.batch_alter_table('module_funnel') as batch_op:
        batch_op.drop_constraint('pk_module_funnel', type_='primary')
        batch_op.drop_column('shard')
        batch_op.create_primary_key('pk_module_funnel', ['module_id'])
    op.execute(
        "INSERT INTO module_funnel (module_id, reached, completed) "
        "SELECT module_id, reached, completed FROM module_funnel_sum"
    )
    op.execute("DROP TABLE module_funnel_sum")
