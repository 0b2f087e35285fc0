"""accounts: accepted terms, deactivation by an admin, deletion by the person

Revision ID: 1795602800
Revises: 1795602200
Create Date: 2026-12-07 02:10:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from academy.db import UTCDateTime
from academy.downgrades import refuse_to_discard


# revision identifiers, used by Alembic.
revision: str = '1795602800'
down_revision: Union[str, Sequence[str], None] = '1795602200'
branch_labels: Union[str, Sequence[str], None] = ()
depends_on: Union[str, Sequence[str], None] = None

# The upgrade computes search_text from the name and e-mail (academy.folding).
DERIVED = {'user_account': ['search_text']}
COLUMNS = ('terms_version', 'terms_accepted_at', 'deactivated_at', 'deleted_at', 'search_text')


def upgrade() -> None:
    # Plain ADD COLUMN, no batch: a batch would rebuild user_account on SQLite.
    op.add_column('user_account', sa.Column('terms_version', sa.String(length=20), nullable=True))
    op.add_column('user_account', sa.Column('terms_accepted_at', UTCDateTime(), nullable=True))
    op.add_column('user_account', sa.Column('deactivated_at', UTCDateTime(), nullable=True))
    op.add_column('user_account', sa.Column('deleted_at', UTCDateTime(), nullable=True))
    op.add_column('user_account', sa.Column('search_text', sa.String(length=500), nullable=False,
                                            server_default=''))
    # Backfill the folded name and e-mail in pages, as the model's listener keeps them.
    from academy.folding import fold

    bind = op.get_bind()
    account = sa.table('user_account', sa.column('id', sa.Integer), sa.column('full_name'),
                       sa.column('email'), sa.column('search_text'))
    last = 0
    while True:
        rows = bind.execute(
            sa.select(account.c.id, account.c.full_name, account.c.email)
            .where(account.c.id > last).order_by(account.c.id).limit(1000)
        ).all()
        if not rows:
            break
        bind.execute(
            account.update().where(account.c.id == sa.bindparam('uid'))
            .values(search_text=sa.bindparam('text')),
            [{'uid': r.id, 'text': fold(f"{r.full_name} {r.email}")[:500]} for r in rows],
        )
        last = rows[-1].id


def downgrade() -> None:
    # search_text is DERIVED; the rest would be lost (a deactivated account
    # could sign in again below this migration, so the refusal names deactivated_at).
    refuse_to_discard(revision, columns={'user_account': {
        'terms_version': None, 'terms_accepted_at': None, 'deactivated_at': None,
        'deleted_at': None}})
    for name in reversed(COLUMNS):
        op.drop_column('user_account', name)
