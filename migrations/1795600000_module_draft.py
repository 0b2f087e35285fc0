"""module drafts: the studio's unpublished edits of a module

Revision ID: 1795600000
Revises: 1795599000
Create Date: 2026-11-29 15:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from academy.downgrades import refuse_to_discard

import academy.db


# revision identifiers, used by Alembic.
revision: str = '1795600000'
down_revision: Union[str, Sequence[str], None] = '1795599000'
branch_labels: Union[str, Sequence[str], None] = ()
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'module_draft',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('module_id', sa.Integer(), nullable=False),
        sa.Column('source', sa.Text(), nullable=False),
        sa.Column('base_hash', sa.String(length=64), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('updated_by', sa.Integer(), nullable=True),
        sa.Column('updated_at', academy.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['module_id'], ['module.id'], name=op.f('fk_module_draft_module_id_module'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['updated_by'], ['user_account.id'], name=op.f('fk_module_draft_updated_by_user_account'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_module_draft')),
        sa.UniqueConstraint('module_id', name=op.f('uq_module_draft_module_id')),
    )


def downgrade() -> None:
    refuse_to_discard(revision, tables=("module_draft",))
    op.drop_table('module_draft')
