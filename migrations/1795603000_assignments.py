"""assignments: work handed in for an instructor's review, its versions and files; downloads
of course resources

Revision ID: 1795603000
Revises: 1795603200
Create Date: 2026-12-07 05:15:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from academy.downgrades import refuse_to_discard

import academy.db

# revision identifiers, used by Alembic.
revision: str = '1795603000'
down_revision: str | Sequence[str] | None = '1795603200'
branch_labels: str | Sequence[str] | None = ()
depends_on: str | Sequence[str] | None = None


def _at(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, academy.db.UTCDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        'work_submission',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('module_id', sa.Integer(), nullable=False),
        sa.Column('course_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('draft_text', sa.Text(), nullable=False),
        _at('draft_saved_at'),
        sa.Column('versions_count', sa.Integer(), nullable=False),
        sa.Column('reviewer_id', sa.Integer(), nullable=True),
        _at('created_at', False),
        _at('submitted_at'),
        _at('first_submitted_at'),
        _at('first_reviewed_at'),
        _at('accepted_at'),
        sa.ForeignKeyConstraint(['course_id'], ['course.id'],
                                name=op.f('fk_work_submission_course_id_course'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['module_id'], ['module.id'],
                                name=op.f('fk_work_submission_module_id_module'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['reviewer_id'], ['user_account.id'],
                                name=op.f('fk_work_submission_reviewer_id_user_account'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_work_submission_user_id_user_account'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_work_submission')),
        sa.UniqueConstraint('user_id', 'module_id', 'kind',
                            name=op.f('uq_work_submission_user_id_module_id_kind')),
    )
    op.create_index('ix_work_submission_course_id_status', 'work_submission',
                    ['course_id', 'status'])
    op.create_index(op.f('ix_work_submission_module_id'), 'work_submission', ['module_id'])
    op.create_table(
        'submission_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('submission_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        _at('submitted_at', False),
        sa.Column('decision', sa.String(length=20), nullable=True),
        sa.Column('scores', sa.JSON(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=True),
        sa.Column('feedback', sa.Text(), nullable=False),
        sa.Column('reviewer_id', sa.Integer(), nullable=True),
        _at('reviewed_at'),
        sa.ForeignKeyConstraint(['reviewer_id'], ['user_account.id'],
                                name=op.f('fk_submission_version_reviewer_id_user_account'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['submission_id'], ['work_submission.id'],
                                name=op.f('fk_submission_version_submission_id_work_submission'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_submission_version')),
        sa.UniqueConstraint('submission_id', 'number',
                            name=op.f('uq_submission_version_submission_id_number')),
    )
    op.create_table(
        'submission_file',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('submission_id', sa.Integer(), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=True),
        sa.Column('storage_key', sa.String(length=200), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('mime', sa.String(length=100), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        _at('uploaded_at', False),
        sa.ForeignKeyConstraint(['submission_id'], ['work_submission.id'],
                                name=op.f('fk_submission_file_submission_id_work_submission'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['version_id'], ['submission_version.id'],
                                name=op.f('fk_submission_file_version_id_submission_version'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_submission_file')),
    )
    op.create_index(op.f('ix_submission_file_submission_id'), 'submission_file',
                    ['submission_id'])
    op.create_index(op.f('ix_submission_file_version_id'), 'submission_file', ['version_id'])
    op.create_table(
        'resource_download',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('module_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('name', sa.String(length=200), nullable=False),
        _at('downloaded_at', False),
        sa.ForeignKeyConstraint(['module_id'], ['module.id'],
                                name=op.f('fk_resource_download_module_id_module'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_resource_download_user_id_user_account'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_resource_download')),
    )
    op.create_index('ix_resource_download_module_id_name', 'resource_download',
                    ['module_id', 'name'])


def downgrade() -> None:
    # Learners' hand-ins, reviews and download counts go with the tables (the stored files
    # stay in FILES_DIR): refuse until the operator confirms.
    refuse_to_discard(revision, tables=('work_submission', 'submission_version',
                                        'submission_file', 'resource_download'))
    op.drop_index('ix_resource_download_module_id_name', table_name='resource_download')
    op.drop_table('resource_download')
    op.drop_index(op.f('ix_submission_file_version_id'), table_name='submission_file')
    op.drop_index(op.f('ix_submission_file_submission_id'), table_name='submission_file')
    op.drop_table('submission_file')
    op.drop_table('submission_version')
    op.drop_index(op.f('ix_work_submission_module_id'), table_name='work_submission')
    op.drop_index('ix_work_submission_course_id_status', table_name='work_submission')
    op.drop_table('work_submission')
