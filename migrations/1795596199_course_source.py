"""course source: course.md kept as imported, for `courses export`

Revision ID: 1795596199
Revises: 1795594823
Create Date: 2026-11-25 08:43:19.495247

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from academy.downgrades import refuse_to_discard

import academy.db


# revision identifiers, used by Alembic.
revision: str = '1795596199'
down_revision: Union[str, Sequence[str], None] = '1795594823'
branch_labels: Union[str, Sequence[str], None] = ()
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    # Plain ADD/DROP COLUMN, no batch: on SQLite a batch would rebuild `course`, and dropping
    # the old table (foreign keys on) would cascade-delete every module. Courses imported
    # before this keep NULL; `courses export` rebuilds their course.md from the fields.
    op.add_column('course', sa.Column('source', sa.Text(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    refuse_to_discard(revision, columns={"course": {"source": None}})
    op.drop_column('course', 'source')  # SQLite 3.35+ drops a column in place
