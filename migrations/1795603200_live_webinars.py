"""live webinars: sessions, registrations, and an .ics attachment on outbox mails

Revision ID: 1795603200
Revises: 1795602400
Create Date: 2026-12-07 05:00:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from academy.downgrades import refuse_to_discard

import academy.db

# revision identifiers, used by Alembic.
revision: str = '1795603200'
down_revision: str | Sequence[str] | None = '1795602400'
branch_labels: str | Sequence[str] | None = ()
depends_on: str | Sequence[str] | None = None

ACCESS = ('free', 'registration')
STATUSES = ('pending', 'confirmed', 'waiting', 'cancelled', 'recording')


def upgrade() -> None:
    op.create_table(
        'live_webinar',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=100), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('speakers', sa.JSON(), nullable=False),
        sa.Column('description_source', sa.Text(), nullable=False),
        sa.Column('description_html', sa.Text(), nullable=False),
        sa.Column('language', sa.String(length=5), nullable=False),
        sa.Column('starts_at', academy.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('ends_at', academy.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('capacity', sa.Integer(), nullable=False),
        sa.Column('meeting_url', sa.String(length=500), nullable=False),
        sa.Column('course_id', sa.Integer(), nullable=True),
        sa.Column('recording_module_id', sa.Integer(), nullable=True),
        sa.Column('recording_access',
                  sa.Enum(*ACCESS, name='recordingaccess', native_enum=False, length=20),
                  nullable=False),
        sa.Column('published', sa.Boolean(), nullable=False),
        sa.Column('cancelled_at', academy.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('sequence', sa.Integer(), nullable=False),
        sa.Column('source_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', academy.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', academy.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['course_id'], ['course.id'],
                                name=op.f('fk_live_webinar_course_id_course'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['recording_module_id'], ['module.id'],
                                name=op.f('fk_live_webinar_recording_module_id_module'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_live_webinar')),
        sa.UniqueConstraint('slug', name=op.f('uq_live_webinar_slug')),
    )
    op.create_table(
        'live_registration',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('webinar_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('company', sa.String(length=200), nullable=False),
        sa.Column('language', sa.String(length=5), nullable=False),
        sa.Column('status',
                  sa.Enum(*STATUSES, name='registrationstatus', native_enum=False, length=20),
                  nullable=False),
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('created_at', academy.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('confirmed_at', academy.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('attended_at', academy.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('recording_opened_at', academy.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('consent', sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(['webinar_id'], ['live_webinar.id'],
                                name=op.f('fk_live_registration_webinar_id_live_webinar'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_live_registration')),
        sa.UniqueConstraint('token', name=op.f('uq_live_registration_token')),
        sa.UniqueConstraint('webinar_id', 'email',
                            name=op.f('uq_live_registration_webinar_id_email')),
    )
    op.create_index('ix_live_registration_email', 'live_registration', ['email'])
    op.create_index('ix_live_registration_webinar_id_status', 'live_registration',
                    ['webinar_id', 'status'])
    with op.batch_alter_table('outbox_mail') as batch:
        batch.add_column(sa.Column('calendar', sa.Text(), nullable=True))


def downgrade() -> None:
    # Registrations are people's sign-ups (and their attendance): refuse until confirmed.
    refuse_to_discard(revision, tables=('live_registration', 'live_webinar'),
                      columns={'outbox_mail': {'calendar': None}})
    with op.batch_alter_table('outbox_mail') as batch:
        batch.drop_column('calendar')
    op.drop_index('ix_live_registration_webinar_id_status', table_name='live_registration')
    op.drop_index('ix_live_registration_email', table_name='live_registration')
    op.drop_table('live_registration')
    op.drop_table('live_webinar')
