"""certificate public reason: the revocation note stays internal; a reason shown to the
public only when an admin writes one on purpose

Revision ID: 1795602300
Revises: 1795602800
Create Date: 2026-12-07 02:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from academy.downgrades import refuse_to_discard


# revision identifiers, used by Alembic.
revision: str = '1795602300'
down_revision: Union[str, Sequence[str], None] = '1795602800'
branch_labels: Union[str, Sequence[str], None] = ()
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Existing reasons were written as one field shown to everyone; they become the
    # internal note (revoked_reason keeps them) and nothing is published until an admin
    # writes a public reason.
    with op.batch_alter_table('certificate') as batch_op:
        batch_op.add_column(sa.Column('public_reason', sa.Text(), nullable=True))


def downgrade() -> None:
    # Below this revision there is one reason, shown to everyone: the public reasons would
    # be lost, so refuse until the operator confirms (the internal notes stay as they are).
    refuse_to_discard(revision, columns={'certificate': {'public_reason': None}})
    with op.batch_alter_table('certificate') as batch_op:
        batch_op.drop_column('public_reason')
