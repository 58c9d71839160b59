"""A finished finalists' packet remembers which candidates it holds.

Revision ID: 0019
Revises: 0018

``packet_builds.included``: the application ids whose memos the PDF holds (ascending,
comma-separated). Each download checks that the requester may still see every one of them
(``debriefs.permissions.sees_debrief``): the picks alone cannot tell, since the finalists by
stage and the candidates hidden at build time are worked out by the job. Packets finished
before this revision keep NULL and must be built again to be downloaded.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('packet_builds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('included', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('packet_builds', schema=None) as batch_op:
        batch_op.drop_column('included')
