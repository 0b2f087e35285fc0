"""journey maps: a learner's map per module, its saved versions and share link

Revision ID: 1795603600
Revises: 1795603500
Create Date: 2026-12-07 14:00:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from academy.downgrades import refuse_to_discard

import academy.db

# revision identifiers, used by Alembic.
revision: str = '1795603600'
down_revision: str | Sequence[str] | None = '1795603500'
branch_labels: str | Sequence[str] | None = ()
depends_on: str | Sequence[str] | None = None

TABLES = ('journey_map_version', 'journey_map')


def upgrade() -> None:
    op.create_table(
        'journey_map',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('module_id', sa.Integer(), nullable=False),
        sa.Column('course_id', sa.Integer(), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('share_token', sa.String(length=64), nullable=True),
        sa.Column('created_at', academy.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', academy.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['course_id'], ['course.id'],
                                name=op.f('fk_journey_map_course_id_course'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['module_id'], ['module.id'],
                                name=op.f('fk_journey_map_module_id_module'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_journey_map_user_id_user_account'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_journey_map')),
        sa.UniqueConstraint('share_token', name=op.f('uq_journey_map_share_token')),
        sa.UniqueConstraint('user_id', 'module_id', name=op.f('uq_journey_map_user_id_module_id')),
    )
    with op.batch_alter_table('journey_map', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_journey_map_module_id'), ['module_id'], unique=False)
    op.create_table(
        'journey_map_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('map_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('label', sa.String(length=200), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('created_at', academy.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['map_id'], ['journey_map.id'],
                                name=op.f('fk_journey_map_version_map_id_journey_map'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_journey_map_version')),
        sa.UniqueConstraint('map_id', 'number', name=op.f('uq_journey_map_version_map_id_number')),
    )


def downgrade() -> None:
    refuse_to_discard(revision, tables=TABLES)
    op.drop_table('journey_map_version')
    with op.batch_alter_table('journey_map', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_journey_map_module_id'))
    op.drop_table('journey_map')
