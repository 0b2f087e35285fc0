"""course invitations: e-mailed links that make a new address an instructor of a course

Revision ID: 1795603800
Revises: 1795603700
Create Date: 2026-12-07 18:20:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import academy.db
from academy.downgrades import refuse_to_discard

# revision identifiers, used by Alembic.
revision: str = '1795603800'
down_revision: str | Sequence[str] | None = '1795603700'
branch_labels: str | Sequence[str] | None = ()
depends_on: str | Sequence[str] | None = None

TABLES = ('course_invitation',)


def upgrade() -> None:
    op.create_table(
        'course_invitation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('course_id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('full_name', sa.String(length=200), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('invited_by', sa.Integer(), nullable=True),
        sa.Column('created_at', academy.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('expires_at', academy.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('accepted_at', academy.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('revoked_at', academy.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_course_invitation_course_id_course'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['invited_by'], ['user_account.id'], name=op.f('fk_course_invitation_invited_by_user_account'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_course_invitation')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_course_invitation_token_hash')),
    )
    with op.batch_alter_table('course_invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_invitation_course_id'), ['course_id'], unique=False)


def downgrade() -> None:
    refuse_to_discard(revision, tables=TABLES)
    with op.batch_alter_table('course_invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_course_invitation_course_id'))
    op.drop_table('course_invitation')
