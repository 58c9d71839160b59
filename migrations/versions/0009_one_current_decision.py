"""One current decision per application, enforced by a partial unique index.

Revision ID: 0009
Revises: 0008

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

CURRENT = sa.text('"current"')


def upgrade():
    # Two managers deciding at the same moment could, before this index, leave two current
    # decisions; keep the newest one current (the older stays in the history).
    op.execute(
        sa.text(
            'UPDATE decisions SET "current" = false WHERE "current" AND id NOT IN ('
            'SELECT MAX(id) FROM decisions WHERE "current" GROUP BY application_id)'
        )
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index('ix_decisions_current')
        batch_op.create_index(
            'uq_decisions_one_current',
            ['application_id'],
            unique=True,
            sqlite_where=CURRENT,
            postgresql_where=CURRENT,
        )


def downgrade():
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index(
            'uq_decisions_one_current', sqlite_where=CURRENT, postgresql_where=CURRENT
        )
        batch_op.create_index('ix_decisions_current', ['application_id', 'current'], unique=False)
