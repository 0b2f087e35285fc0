"""the interface language remembered per user

Revision ID: 1795599000
Revises: 1795594902
Create Date: 2026-11-25 11:05:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from academy.downgrades import refuse_to_discard


# revision identifiers, used by Alembic.
revision: str = '1795599000'
down_revision: Union[str, Sequence[str], None] = '1795594902'
branch_labels: Union[str, Sequence[str], None] = ()
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Plain ADD/DROP COLUMN, no batch: a batch would rebuild user_account on SQLite.
    op.add_column('user_account', sa.Column('language', sa.String(length=5), nullable=True))


def downgrade() -> None:
    refuse_to_discard(revision, columns={"user_account": {"language": None}})
    op.drop_column('user_account', 'language')
