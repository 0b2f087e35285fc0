"""draft revision counter: a module's draft revisions never repeat, across publishes

Revision ID: 1795602200
Revises: 1795602100
Create Date: 2026-12-07 02:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '1795602200'
down_revision: Union[str, Sequence[str], None] = '1795602100'
branch_labels: Union[str, Sequence[str], None] = ()
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Plain ADD COLUMN, no batch: on SQLite a batch would rebuild `module`, and dropping the
    # old table (foreign keys on) would cascade-delete progress, drafts and versions.
    op.add_column('module', sa.Column('last_draft_revision', sa.Integer(), nullable=False,
                                      server_default='0'))
    # a draft open now continues from its own revision
    op.execute(
        "UPDATE module SET last_draft_revision = COALESCE((SELECT MAX(d.revision) "
        "FROM module_draft d WHERE d.module_id = module.id), 0)"
    )


def downgrade() -> None:
    # Only the counter goes; the drafts keep their revisions (the upgrade re-reads them).
    op.drop_column('module', 'last_draft_revision')
