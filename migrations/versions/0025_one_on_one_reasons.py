"""1:1s: a cancelled or moved 1:1 keeps why, for both of the two to read.

Revision ID: 0025
Revises: 0024

Two columns on ``coaching_one_on_ones``: ``cancel_reason`` and ``move_reason`` (the latest
move's), empty for every existing row (their reasons are in the audit log only). No existing
row changes meaning.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('coaching_one_on_ones', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancel_reason', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('move_reason', sa.Text(), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('coaching_one_on_ones', schema=None) as batch_op:
        batch_op.drop_column('move_reason')
        batch_op.drop_column('cancel_reason')
