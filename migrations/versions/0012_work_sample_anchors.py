"""Work-sample questions carry their own observable anchors.

Revision ID: 0012
Revises: 0011

A role-play or exercise is rated on what the interviewer can see in it, not on anchors written
for past-behaviour stories. Existing questions keep everything they had and get an empty list
(the rating falls back to the competency's anchors until the library load adds a version with
anchors).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anchors', sa.JSON(), server_default='[]', nullable=False))


def downgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_column('anchors')
