"""1:1s, ride-alongs and milestone check-ins get a time; a plan item remembers the record
that ticked it.

Revision ID: 0015
Revises: 0014

The calendar feed shows these meetings as timed events: each keeps the moment it starts (UTC),
its length in minutes and the IANA zone it was entered in. Older rows keep no time and stay
all-day. A plan item of kind 1:1 or ride-along ticked by recording the meeting points at that
record; deleting the record only unlinks the item.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('onboarding_meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('starts_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('minutes', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('time_zone', sa.String(length=64), nullable=True))
    with op.batch_alter_table('onboarding_checkins', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scheduled_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('minutes', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('time_zone', sa.String(length=64), nullable=True))
    with op.batch_alter_table('onboarding_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('meeting_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_onboarding_items_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_onboarding_items_meeting_id_onboarding_meetings'),
            'onboarding_meetings', ['meeting_id'], ['id'], ondelete='SET NULL',
        )


def downgrade():
    with op.batch_alter_table('onboarding_items', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_onboarding_items_meeting_id_onboarding_meetings'), type_='foreignkey'
        )
        batch_op.drop_index(batch_op.f('ix_onboarding_items_meeting_id'))
        batch_op.drop_column('meeting_id')
    with op.batch_alter_table('onboarding_checkins', schema=None) as batch_op:
        batch_op.drop_column('time_zone')
        batch_op.drop_column('minutes')
        batch_op.drop_column('scheduled_at')
    with op.batch_alter_table('onboarding_meetings', schema=None) as batch_op:
        batch_op.drop_column('time_zone')
        batch_op.drop_column('minutes')
        batch_op.drop_column('starts_at')
