"""companies and cohorts: companies, their managers, cohorts with seats, courses, members,
module release schedules and invitation links

Revision ID: 1795603100
Revises: 1795603200
Create Date: 2026-12-07 05:00:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import academy.db
from academy.downgrades import refuse_to_discard

# revision identifiers, used by Alembic.
revision: str = '1795603100'
down_revision: str | Sequence[str] | None = '1795603000'
branch_labels: str | Sequence[str] | None = ()
depends_on: str | Sequence[str] | None = None

TABLES = ('module_release', 'cohort_invitation', 'cohort_member', 'cohort_course', 'cohort',
          'company_manager', 'company')


def upgrade() -> None:
    op.create_table(
        'company',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('ico', sa.String(length=8), nullable=True),
        sa.Column('contact_name', sa.String(length=200), nullable=False),
        sa.Column('contact_email', sa.String(length=254), nullable=False),
        sa.Column('created_at', academy.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_company')),
        sa.UniqueConstraint('ico', name=op.f('uq_company_ico')),
    )
    op.create_table(
        'company_manager',
        sa.Column('company_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['company_id'], ['company.id'],
                                name=op.f('fk_company_manager_company_id_company'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_company_manager_user_id_user_account'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('company_id', 'user_id', name=op.f('pk_company_manager')),
    )
    op.create_index(op.f('ix_company_manager_user_id'), 'company_manager', ['user_id'])
    op.create_table(
        'cohort',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('company_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('seats', sa.Integer(), nullable=False),
        sa.Column('seats_taken', sa.Integer(), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=True),
        sa.Column('ends_on', sa.Date(), nullable=True),
        sa.Column('after_deadline', sa.Enum('late', 'close', name='afterdeadline',
                                            native_enum=False, length=10), nullable=False),
        sa.Column('created_at', academy.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint('seats >= 0', name=op.f('ck_cohort_seats_not_negative')),
        sa.CheckConstraint('seats_taken >= 0 AND seats_taken <= seats',
                           name=op.f('ck_cohort_seats_within_cap')),
        sa.CheckConstraint('ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on',
                           name=op.f('ck_cohort_ends_after_start')),
        sa.ForeignKeyConstraint(['company_id'], ['company.id'],
                                name=op.f('fk_cohort_company_id_company'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_cohort')),
    )
    op.create_index(op.f('ix_cohort_company_id'), 'cohort', ['company_id'])
    op.create_table(
        'cohort_course',
        sa.Column('cohort_id', sa.Integer(), nullable=False),
        sa.Column('course_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'],
                                name=op.f('fk_cohort_course_cohort_id_cohort'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['course_id'], ['course.id'],
                                name=op.f('fk_cohort_course_course_id_course'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('cohort_id', 'course_id', name=op.f('pk_cohort_course')),
    )
    op.create_index(op.f('ix_cohort_course_course_id'), 'cohort_course', ['course_id'])
    op.create_table(
        'cohort_member',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cohort_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('joined_at', academy.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'],
                                name=op.f('fk_cohort_member_cohort_id_cohort'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_cohort_member_user_id_user_account'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_cohort_member')),
        sa.UniqueConstraint('cohort_id', 'user_id', name=op.f('uq_cohort_member_cohort_id_user_id')),
    )
    op.create_index('ix_cohort_member_user_id', 'cohort_member', ['user_id'])
    op.create_table(
        'module_release',
        sa.Column('cohort_id', sa.Integer(), nullable=False),
        sa.Column('module_id', sa.Integer(), nullable=False),
        sa.Column('release_on', sa.Date(), nullable=True),
        sa.Column('days_after_joining', sa.Integer(), nullable=True),
        sa.Column('requires_module_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'],
                                name=op.f('fk_module_release_cohort_id_cohort'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['module_id'], ['module.id'],
                                name=op.f('fk_module_release_module_id_module'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['requires_module_id'], ['module.id'],
                                name=op.f('fk_module_release_requires_module_id_module'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('cohort_id', 'module_id', name=op.f('pk_module_release')),
    )
    op.create_index(op.f('ix_module_release_module_id'), 'module_release', ['module_id'])
    op.create_table(
        'cohort_invitation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cohort_id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('max_uses', sa.Integer(), nullable=False),
        sa.Column('uses', sa.Integer(), nullable=False),
        sa.Column('expires_at', academy.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('revoked_at', academy.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('created_at', academy.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'],
                                name=op.f('fk_cohort_invitation_cohort_id_cohort'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_cohort_invitation')),
        sa.UniqueConstraint('token', name=op.f('uq_cohort_invitation_token')),
    )
    op.create_index(op.f('ix_cohort_invitation_cohort_id'), 'cohort_invitation', ['cohort_id'])


def downgrade() -> None:
    refuse_to_discard(revision, TABLES)
    for table in TABLES:
        op.drop_table(table)
