"""Finalists' packets are built in the background; rendered packets are cached in the database.

Revision ID: 0016
Revises: 0015

``packet_builds`` records each finalists' packet someone asked for: who, which position and
picks, its status and progress (memos laid out of the total), why it failed, and where its
PDF is cached. ``packet_cache`` keeps rendered PDFs by content fingerprint, shared by every
app server and worker (it replaces a folder per machine; the folder is simply no longer read).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('packet_builds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('picks', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('queued', 'building', 'ready', 'failed', name='packet_build_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=True),
    sa.Column('error', sa.String(length=500), nullable=True),
    sa.Column('fingerprint', sa.String(length=64), nullable=True),
    sa.Column('filename', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['position_id'], ['positions.id'], name=op.f('fk_packet_builds_position_id_positions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_packet_builds_requested_by_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_packet_builds'))
    )
    with op.batch_alter_table('packet_builds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_packet_builds_position_id'), ['position_id'], unique=False)
        batch_op.create_index('ix_packet_builds_requester_position', ['requested_by_id', 'position_id'], unique=False)

    op.create_table('packet_cache',
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.Float(), nullable=False),
    sa.Column('used_at', sa.Float(), nullable=False),
    sa.Column('expires_at', sa.Float(), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_packet_cache'))
    )
    with op.batch_alter_table('packet_cache', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_packet_cache_used_at'), ['used_at'], unique=False)


def downgrade():
    with op.batch_alter_table('packet_cache', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_packet_cache_used_at'))
    op.drop_table('packet_cache')
    with op.batch_alter_table('packet_builds', schema=None) as batch_op:
        batch_op.drop_index('ix_packet_builds_requester_position')
        batch_op.drop_index(batch_op.f('ix_packet_builds_position_id'))
    op.drop_table('packet_builds')
