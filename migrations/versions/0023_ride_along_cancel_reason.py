"""Ride-alongs: a cancelled ride-along keeps why and when it was called off.

Revision ID: 0023
Revises: 0022

Two columns on ``coaching_ride_alongs``: ``cancel_reason`` (empty for every existing row) and
``cancelled_at``. No existing row changes meaning.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('coaching_ride_alongs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancel_reason', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('coaching_ride_alongs', schema=None) as batch_op:
        batch_op.drop_column('cancelled_at')
        batch_op.drop_column('cancel_reason')
