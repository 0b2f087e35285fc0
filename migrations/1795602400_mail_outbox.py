"""mail outbox: e-mails as rows written in the transaction that causes them, learners'
opt-outs and refused addresses

Revision ID: 1795602400
Revises: 1795602500
Create Date: 2026-12-07 02:20:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from academy.downgrades import refuse_to_discard

import academy.db

# revision identifiers, used by Alembic.
revision: str = '1795602400'
down_revision: str | Sequence[str] | None = '1795602500'
branch_labels: str | Sequence[str] | None = ()
depends_on: str | Sequence[str] | None = None

STATES = ('pending', 'sending', 'sent', 'bounced', 'failed', 'skipped', 'uncertain')
CATEGORIES = ('transactional', 'reminders', 'digests')


def _category() -> sa.Enum:
    return sa.Enum(*CATEGORIES, name='mailcategory', native_enum=False, length=20)


def upgrade() -> None:
    op.create_table(
        'outbox_mail',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('category', _category(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('course_id', sa.Integer(), nullable=True),
        sa.Column('to_address', sa.String(length=254), nullable=False),
        sa.Column('language', sa.String(length=5), nullable=False),
        sa.Column('subject', sa.String(length=300), nullable=False),
        sa.Column('body_text', sa.Text(), nullable=False),
        sa.Column('body_html', sa.Text(), nullable=False),
        sa.Column('unsubscribe_url', sa.String(length=500), nullable=True),
        sa.Column('state', sa.Enum(*STATES, name='mailstate', native_enum=False, length=20),
                  nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('created_at', academy.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('next_attempt_at', academy.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('claimed_at', academy.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('sent_at', academy.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('last_error', sa.String(length=500), nullable=True),
        sa.Column('message_id', sa.String(length=250), nullable=False),
        sa.ForeignKeyConstraint(['course_id'], ['course.id'],
                                name=op.f('fk_outbox_mail_course_id_course'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_outbox_mail_user_id_user_account'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_mail')),
        sa.UniqueConstraint('key', name=op.f('uq_outbox_mail_key')),
    )
    op.create_index('ix_outbox_mail_state_next_attempt_at', 'outbox_mail',
                    ['state', 'next_attempt_at'])
    op.create_index('ix_outbox_mail_user_id_created_at', 'outbox_mail', ['user_id', 'created_at'])
    op.create_table(
        'mail_opt_out',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('category', _category(), nullable=False),
        sa.Column('created_at', academy.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_mail_opt_out_user_id_user_account'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_opt_out')),
        sa.UniqueConstraint('user_id', 'category', name=op.f('uq_mail_opt_out_user_id_category')),
    )
    op.create_table(
        'mail_refused_address',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('reason', sa.String(length=500), nullable=False),
        sa.Column('created_at', academy.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_refused_address')),
        sa.UniqueConstraint('email', name=op.f('uq_mail_refused_address_email')),
    )


def downgrade() -> None:
    # Mails (pending ones too: send them first with `flask jobs relay`), opt-outs and
    # refused addresses go with the tables: refuse until the operator confirms.
    refuse_to_discard(revision, tables=('outbox_mail', 'mail_opt_out', 'mail_refused_address'))
    op.drop_table('mail_refused_address')
    op.drop_table('mail_opt_out')
    op.drop_index('ix_outbox_mail_user_id_created_at', table_name='outbox_mail')
    op.drop_index('ix_outbox_mail_state_next_attempt_at', table_name='outbox_mail')
    op.drop_table('outbox_mail')
