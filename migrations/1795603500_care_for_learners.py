"""care for learners: help offers, learners' questions and replies, contact messages, the
name for future certificates

Revision ID: 1795603500
Revises: 1795603000
Create Date: 2026-12-07 05:30:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from academy.downgrades import refuse_to_discard

import academy.db

# revision identifiers, used by Alembic.
revision: str = '1795603500'
down_revision: str | Sequence[str] | None = '1795603100'
branch_labels: str | Sequence[str] | None = ()
depends_on: str | Sequence[str] | None = None

TABLES = ('question_reply', 'learner_question', 'help_offer', 'contact_message',
          'certificate_name')


def upgrade() -> None:
    op.create_table(
        'help_offer',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('course_id', sa.Integer(), nullable=False),
        sa.Column('module_id', sa.Integer(), nullable=False),
        sa.Column('trigger', sa.String(length=40), nullable=False),
        sa.Column('holdout', sa.Boolean(), nullable=False),
        sa.Column('fired_at', academy.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('quiz_attempt_id', sa.Integer(), nullable=True),
        sa.Column('closed_at', academy.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['course_id'], ['course.id'],
                                name=op.f('fk_help_offer_course_id_course'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['module_id'], ['module.id'],
                                name=op.f('fk_help_offer_module_id_module'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['quiz_attempt_id'], ['quiz_attempt.id'],
                                name=op.f('fk_help_offer_quiz_attempt_id_quiz_attempt'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_help_offer_user_id_user_account'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_help_offer')),
        sa.UniqueConstraint('user_id', 'module_id', 'trigger',
                            name=op.f('uq_help_offer_user_id_module_id_trigger')),
    )
    op.create_index(op.f('ix_help_offer_course_id'), 'help_offer', ['course_id'])
    op.create_table(
        'learner_question',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('course_id', sa.Integer(), nullable=False),
        sa.Column('module_id', sa.Integer(), nullable=False),
        sa.Column('offer_id', sa.Integer(), nullable=True),
        sa.Column('quiz_attempt_id', sa.Integer(), nullable=True),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('attachment', sa.String(length=100), nullable=True),
        sa.Column('request_key', sa.String(length=40), nullable=True),
        sa.Column('asked_at', academy.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('first_answered_at', academy.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('withdrawn_at', academy.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['course_id'], ['course.id'],
                                name=op.f('fk_learner_question_course_id_course'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['module_id'], ['module.id'],
                                name=op.f('fk_learner_question_module_id_module'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['offer_id'], ['help_offer.id'],
                                name=op.f('fk_learner_question_offer_id_help_offer'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['quiz_attempt_id'], ['quiz_attempt.id'],
                                name=op.f('fk_learner_question_quiz_attempt_id_quiz_attempt'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_learner_question_user_id_user_account'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_learner_question')),
        sa.UniqueConstraint('user_id', 'request_key',
                            name=op.f('uq_learner_question_user_id_request_key')),
    )
    op.create_index(op.f('ix_learner_question_course_id'), 'learner_question', ['course_id'])
    op.create_index(op.f('ix_learner_question_offer_id'), 'learner_question', ['offer_id'])
    op.create_index(op.f('ix_learner_question_user_id'), 'learner_question', ['user_id'])
    op.create_table(
        'question_reply',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('author_name', sa.String(length=200), nullable=False),
        sa.Column('from_staff', sa.Boolean(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('written_at', academy.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['user_account.id'],
                                name=op.f('fk_question_reply_author_id_user_account'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['question_id'], ['learner_question.id'],
                                name=op.f('fk_question_reply_question_id_learner_question'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_question_reply')),
    )
    op.create_index(op.f('ix_question_reply_question_id'), 'question_reply', ['question_id'])
    op.create_table(
        'contact_message',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('language', sa.String(length=5), nullable=False),
        sa.Column('subject', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('state', sa.Enum('new', 'answered', 'closed', name='contactstate',
                                   native_enum=False, length=20), nullable=False),
        sa.Column('sent_at', academy.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('answer', sa.Text(), nullable=True),
        sa.Column('answered_by_id', sa.Integer(), nullable=True),
        sa.Column('answered_at', academy.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('closed_at', academy.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['answered_by_id'], ['user_account.id'],
                                name=op.f('fk_contact_message_answered_by_id_user_account'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_contact_message_user_id_user_account'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_message')),
    )
    op.create_index(op.f('ix_contact_message_state'), 'contact_message', ['state'])
    op.create_index(op.f('ix_contact_message_user_id'), 'contact_message', ['user_id'])
    op.create_table(
        'certificate_name',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('full_name', sa.String(length=200), nullable=False),
        sa.Column('changed_at', academy.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_certificate_name_user_id_user_account'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_certificate_name')),
    )


def downgrade() -> None:
    refuse_to_discard(revision, tables=TABLES)
    for table in TABLES:
        op.drop_table(table)
