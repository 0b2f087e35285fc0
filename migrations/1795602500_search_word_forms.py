"""search by Czech word forms: each search entry keeps its words' stems without diacritics

Revision ID: 1795602500
Revises: 1795602300
Create Date: 2026-12-07 02:00:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from academy.webinars.wordforms import index_terms

# revision identifiers, used by Alembic.
revision: str = '1795602500'
down_revision: str | Sequence[str] | None = '1795602300'
branch_labels: str | Sequence[str] | None = ()
depends_on: str | Sequence[str] | None = None

# computed from each entry's body by the upgrade (academy.downgrades)
DERIVED = {'search_entry': ['terms']}

_entries = sa.table('search_entry', sa.column('id', sa.Integer), sa.column('body', sa.Text),
                    sa.column('terms', sa.Text))


def upgrade() -> None:
    with op.batch_alter_table('search_entry') as batch_op:
        batch_op.add_column(sa.Column('terms', sa.Text(), nullable=False, server_default=''))
    # The entries already there become findable at once, without waiting for an import.
    bind = op.get_bind()
    rows = bind.execute(sa.select(_entries.c.id, _entries.c.body)).all()
    for entry_id, body in rows:
        bind.execute(
            _entries.update().where(_entries.c.id == entry_id).values(terms=index_terms(body))
        )
    with op.batch_alter_table('search_entry') as batch_op:
        batch_op.alter_column('terms', server_default=None)


def downgrade() -> None:
    # The terms are computed from each entry's body, which stays: nothing is lost.
    with op.batch_alter_table('search_entry') as batch_op:
        batch_op.drop_column('terms')
